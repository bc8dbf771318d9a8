const preset = require('../jest.preset.cjs');

/** Integration tests against real protocol servers on 127.0.0.1: `*.integration.spec.ts`. */
module.exports = {
  ...preset,
  displayName: 'infra-integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration.spec.ts'],
};
