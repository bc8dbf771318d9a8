/** The lab on real local servers (fauxqs child, edge, encoder) on 127.0.0.1, no browser: `*.integration.spec.ts`. */
module.exports = {
  ...require('./jest.shared.cjs'),
  displayName: 'lab:integration',
  testMatch: ['<rootDir>/test/**/*.integration.spec.ts', '<rootDir>/src/**/*.integration.spec.ts'],
  testTimeout: 90_000,
};
