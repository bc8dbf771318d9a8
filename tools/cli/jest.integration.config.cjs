/** The audit CLI against a real S3-protocol server on 127.0.0.1: `*.integration.spec.ts`. */
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cli:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.integration.spec.ts'],
  testTimeout: 60_000,
};
