const preset = require('../jest.preset.cjs');

/**
 * Two jest projects:
 * - `infra`: unit tests on the synthesized Terraform JSON (no network, no terraform binary).
 * - `infra-runtime`: `test/runtime/`, where infra's output meets the runtime it configures (the
 *   checker's `loadConfig`, `isPlaylistKey`); the libraries resolve as everywhere else.
 */
module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'infra',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$', '/cdktf\\.out/', '/test/runtime/'],
      // Registers cdktf's toHaveResourceWithProperties & co. on `expect`.
      setupFilesAfterEnv: ['<rootDir>/test/setup-cdktf-matchers.ts'],
    },
    {
      ...preset,
      displayName: 'infra-runtime',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/runtime/**/*.spec.ts'],
      testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$'],
    },
  ],
};
