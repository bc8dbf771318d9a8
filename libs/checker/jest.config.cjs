/** Unit and property tests (no network): `*.spec.ts`, `*.property.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'checker',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'],
};
