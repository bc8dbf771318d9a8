/** Unit tests (no network, no child processes): `*.spec.ts`. */
module.exports = {
  ...require('./jest.shared.cjs'),
  displayName: 'lab',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
};
