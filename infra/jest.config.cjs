const path = require('node:path');
const preset = require('../jest.preset.cjs');

/** Unit tests on the synthesized Terraform JSON (no network, no terraform binary): `*.spec.ts`. */
module.exports = {
  ...preset,
  displayName: 'infra',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.integration\\.spec\\.ts$', '/cdktf\\.out/'],
  // Same resolution as infra/tsconfig.json: the metrics alias is the dependency-free vocabulary only.
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '^@hls-stale-guard\\/metrics$': path.join(__dirname, '../libs/metrics/src/metric-names.ts'),
  },
  // Registers cdktf's toHaveResourceWithProperties & co. on `expect`.
  setupFilesAfterEnv: ['<rootDir>/test/setup-cdktf-matchers.ts'],
};
