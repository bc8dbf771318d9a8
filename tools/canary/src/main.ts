/**
 * CLI wiring for the post-deploy canary: flags → plan → real S3 client, global fetch and wall clock.
 * `npm run canary -- --help` for usage; exit codes in `exit-codes.ts`.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { makeRunId, planCanary } from './canary-plan';
import { EXIT_CODES } from './exit-codes';
import { CANARY_USAGE, parseCanaryArgs } from './parse-canary-args';
import type { CanaryEvent, Sleep } from './ports';
import { runCanary, type CanaryOutcome } from './run-canary';

const sleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch {
    // Aborted: the caller checks the signal.
  }
};

function print(event: CanaryEvent): void {
  switch (event.event) {
    case 'uploaded':
      console.log(`uploaded ${event.key} → ${event.url}`);
      break;
    case 'observed':
      console.log(
        `+${(event.atMs / 1000).toFixed(1).padStart(5)} s ${event.target.padEnd(5)} ${event.status ?? `error: ${event.error}`}`,
      );
      break;
    case 'metric':
      console.log(
        `+${(event.atMs / 1000).toFixed(1).padStart(5)} s DryRunWouldDelete ${event.sum ?? `error: ${event.error}`}`,
      );
      break;
    case 'deleted':
      console.log(`deleted ${event.key}`);
      break;
    case 'cleanup-failed':
      console.error(`could not delete ${event.key}: ${event.error}`);
      break;
  }
}

function report(outcome: CanaryOutcome, budgetMs: number): string {
  if (outcome.setupError) return `setup failed: ${outcome.setupError}`;
  const v = outcome.verdict;
  if (!v) return 'no verdict';
  if (v.kind === 'fail') return `FAILED (${v.reason}): ${v.detail}`;
  if ('wouldDeleteCount' in v)
    return (
      `PASSED (dry-run): DryRunWouldDelete counted ${v.wouldDeleteCount} for the stale live playlist at ` +
      `+${(v.wouldDeleteSeenAtMs / 1000).toFixed(1)} s; it answered 200 ${v.liveServedAfterDeadline} time(s) after its deadline and nothing was deleted`
    );
  return (
    `PASSED: the stale live playlist answered 404 at +${(v.liveGoneAtMs / 1000).toFixed(1)} s ` +
    `(budget ${(budgetMs / 1000).toFixed(0)} s); the ENDLIST playlist answered 200 ${v.endedChecksAfterGone} time(s) after that` +
    (v.liveServedFirst ? '' : '; note: the live playlist was never seen with 200')
  );
}

async function main(): Promise<number> {
  const args = parseCanaryArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    console.log(CANARY_USAGE);
    return EXIT_CODES.passed;
  }
  if (args.kind === 'usage-error') {
    console.error(
      `${args.problems.map((p) => `error: ${p}`).join('\n')}\n\nRun with --help for usage.`,
    );
    return EXIT_CODES.usage;
  }
  const { options } = args;
  const plan = planCanary(options, makeRunId(Date.now(), randomBytes(3).toString('hex')));
  const controller = new AbortController();
  const stop = (signal: string) => {
    console.error(`${signal}: stopping, cleaning up`);
    controller.abort();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  console.log(
    plan.mode === 'dry-run'
      ? `canary ${plan.runId} (dry-run): stale after ${plan.staleDeadlineMs / 1000} s, expecting 200 and DryRunWouldDelete (${plan.wouldDelete.dimensions.map((d) => `${d.name}=${d.value}`).join(', ')}) within ${plan.metricBudgetMs / 1000} s`
      : `canary ${plan.runId}: stale after ${plan.staleDeadlineMs / 1000} s, expecting 404 within ${plan.budgetMs / 1000} s`,
  );
  // Loaded here so `--help` and usage errors answer without loading the AWS SDK.
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { createS3CanaryStore } = await import('./s3-canary-store');
  const client = new S3Client(options.region ? { region: options.region } : {});
  const cloudWatch =
    plan.mode === 'dry-run'
      ? new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(
          options.region ? { region: options.region } : {},
        )
      : undefined;
  const { createCloudWatchWouldDeleteReader } = await import('./cloudwatch-would-delete-reader');
  const outcome = await runCanary(
    {
      store: createS3CanaryStore(client, options.bucket),
      fetch: (url, init) => fetch(url, init),
      clock: { now: () => performance.now() },
      sleep,
      log: print,
      signal: controller.signal,
      ...(cloudWatch
        ? { metrics: createCloudWatchWouldDeleteReader(cloudWatch, plan.wouldDelete, Date.now) }
        : {}),
    },
    plan,
  );
  client.destroy();
  cloudWatch?.destroy();

  const line = report(outcome, plan.budgetMs);
  (outcome.exitCode === EXIT_CODES.passed ? console.log : console.error)(line);
  if (outcome.cleanup.failed.length > 0)
    console.error(`left behind in s3://${options.bucket}/: ${outcome.cleanup.failed.join(', ')}`);
  if (process.env['GITHUB_ACTIONS'] === 'true' && outcome.exitCode !== EXIT_CODES.passed)
    console.log(`::error title=Post-deploy canary::${line.replace(/\r?\n/g, ' ')}`);
  const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
  if (summaryFile)
    appendFileSync(summaryFile, `### Post-deploy canary \`${plan.runId}\`\n\n${line}\n\n`);
  return outcome.exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = EXIT_CODES.failed;
  },
);
