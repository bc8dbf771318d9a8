/** Unit tests (no network): `*.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'local-aws',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'],
};
