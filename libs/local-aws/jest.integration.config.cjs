/** Integration tests against real S3/SQS protocol servers on 127.0.0.1: `*.integration.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'local-aws:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.integration.spec.ts'],
  testTimeout: 60_000,
};
