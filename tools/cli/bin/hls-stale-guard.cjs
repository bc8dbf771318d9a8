#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, resolving the workspace's @hls-stale-guard/* path aliases.
const path = require('node:path');
process.env.TSX_TSCONFIG_PATH ??= path.join(__dirname, '..', '..', '..', 'tsconfig.base.json');
require('tsx/cjs');
const { runCli } = require('../src/main.ts');
runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTty: Boolean(process.stderr.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
