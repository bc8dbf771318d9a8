/**
 * End-to-end: the lab with hls.js in Debian Chromium (playwright-core): `e2e/*.e2e.spec.ts`.
 * Run with `--runInBand` (one lab and one browser at a time on 2 cores).
 */
module.exports = {
  ...require('./jest.shared.cjs'),
  displayName: 'lab:e2e',
  testMatch: ['<rootDir>/e2e/**/*.e2e.spec.ts'],
  testTimeout: 120_000,
  slowTestThreshold: 60,
};
