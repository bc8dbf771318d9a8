/** Unit tests (no network): `*.spec.ts`. They read the workspace's own workflows and project files. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'repo-checks',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'],
};
