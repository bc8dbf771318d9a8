/**
 * `npx nx run infra:preflight` — before a plan/apply that adopts existing origin buckets, refuses when a
 * bucket has a notification configuration this stack would overwrite (see notification-preflight.ts).
 * Reads the infra config like synth (HSG_INFRA_CONFIG), and AWS credentials from the environment; needs
 * `s3:GetBucketNotification` on the adopted buckets (the plan role's ReadOnlyAccess has it).
 * Exit codes: 0 ok, 1 refused (a foreign configuration), 2 a bucket could not be read or bad config.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { loadInfraConfig } from '../config/load-infra-config';
import { PreflightExit } from './notification-preflight';
import { runPreflight } from './run-preflight';

async function main(): Promise<number> {
  const config = loadInfraConfig(process.env);
  const { exitCode, text } = await runPreflight(config, new S3Client({ region: config.region }));
  (exitCode === PreflightExit.ok ? console.log : console.error)(text);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exit(PreflightExit.unreadable);
  },
);
