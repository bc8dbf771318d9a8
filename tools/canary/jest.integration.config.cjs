/** Integration tests against a real local S3 (fauxqs) and HTTP servers on 127.0.0.1: `*.integration.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'canary:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.spec.ts', '<rootDir>/src/**/*.integration.spec.ts'],
  testTimeout: 60_000,
};
