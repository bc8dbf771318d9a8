/** Unit tests of the benchmark's pure parts (no network, no timing): `*.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'bench',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
