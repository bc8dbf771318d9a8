/** Unit tests (no network; fake fetch and clock): `*.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'canary',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'],
};
