/**
 * Synthesizes both stacks to `infra/cdktf.out/stacks/<stack>/cdk.tf.json` (plain Terraform JSON).
 *
 * Usage (from the workspace root): `TF_STATE_BUCKET=<bucket> npx tsx infra/src/main.ts`, or
 * `npx nx run infra:synth`. Environment: TF_STATE_BUCKET (required), TF_STATE_KEY, TF_STATE_REGION,
 * HSG_INFRA_CONFIG.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECKER_ZIP_PATH } from '@hls-stale-guard/contract';
import { buildApp } from './app';
import { alarmDestinationWarning } from './constructs/alarms';
import { loadInfraConfig } from './config/load-infra-config';
import { stateBackendsFromEnv } from './config/state-backend';

const WORKSPACE_ROOT = resolve(__dirname, '../..');
const OUTDIR = resolve(__dirname, '../cdktf.out');

function main(): void {
  const config = loadInfraConfig(process.env);
  const warning = alarmDestinationWarning(config);
  if (warning !== '') {
    const bar = '!'.repeat(100);
    console.warn(`${bar}\n!! WARNING: ${warning}\n${bar}`);
  }
  const backends = stateBackendsFromEnv(process.env, config.region);
  const checkerZipPath = resolve(WORKSPACE_ROOT, CHECKER_ZIP_PATH);
  if (!existsSync(checkerZipPath)) {
    throw new Error(`${CHECKER_ZIP_PATH} not found: run \`npx nx build stale-checker\` first`);
  }
  const { app } = buildApp({
    config,
    outdir: OUTDIR,
    checkerZipPath,
    stateBucketName: backends.main.bucket,
    backends,
  });
  app.synth();
  console.log(`synthesized ${app.node.children.length} stacks to ${OUTDIR}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
}
