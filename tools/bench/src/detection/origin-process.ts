/**
 * The origin side of a detection run, in its own process so that the encoders' cadence, the S3 event
 * times and the 404 polls are not delayed by the checker's work (in production S3 and the encoders do
 * not share a CPU with the Lambda): the simulated encoders, the S3 → SQS notification stand-in and the
 * player-like 404 poller. Started by `run-detection.ts` with `fork`; talks over the IPC channel.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startS3NotificationStandIn,
} from '@hls-stale-guard/local-aws';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startNotFoundPoller, type PollResult } from '../harness/not-found-poller';
import { ownCpuSeconds } from '../harness/process-cpu';
import { createRawS3Putter } from '../harness/raw-s3-putter';
import { emptyRequestCounts, RequestCounter, type RequestCounts } from '../harness/request-counter';
import { EncoderFleet } from './encoder-fleet';
import { planEncoders } from './encoder-plan';
import type { OriginDone, OriginMessage, OriginStart } from './origin-protocol';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function runOrigin(start: OriginStart): Promise<OriginDone> {
  const cpuAtStart = ownCpuSeconds();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const counter = new RequestCounter();
  const sqs = new SQSClient({
    endpoint: start.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  counter.attach(sqs);
  const notifications =
    start.mode === 'events'
      ? await startS3NotificationStandIn({ target: start.endpoint, sqs, queueUrl: start.queueUrl })
      : undefined;
  const putter = createRawS3Putter(notifications?.endpoint ?? start.endpoint);
  const poller = startNotFoundPoller({
    endpoint: start.endpoint,
    intervalMs: start.pollIntervalMs,
    concurrency: start.pollConcurrency,
  });
  const watches = new Map<string, Promise<PollResult>>();
  const fleet = new EncoderFleet(putter, planEncoders(start.plan), start.plan, (run) => {
    const last = run.uploads.at(-1);
    if (!last) return;
    const deadline = last.completedMs + start.multiple * run.plan.targetDurationS * 1000;
    watches.set(
      `${run.plan.bucket}/${run.plan.key}`,
      poller.watch(run.plan.bucket, run.plan.key, deadline, deadline + start.giveUpAfterDeadlineMs),
    );
  });

  const startMs = Date.now() + 100;
  process.send?.({ type: 'started', startMs } satisfies OriginMessage);
  fleet.start(startMs);
  let requestsAtWarmup = emptyRequestCounts();
  const warmup = setTimeout(
    () => {
      requestsAtWarmup = counter.counts();
    },
    startMs + start.warmupMs - Date.now(),
  );
  let requestsAtSteadyEnd: RequestCounts | undefined;
  const steadyEnd =
    start.steadyEndMs === undefined
      ? undefined
      : setTimeout(
          () => {
            requestsAtSteadyEnd = counter.counts();
          },
          startMs + start.steadyEndMs - Date.now(),
        );
  await sleep(startMs + start.runMs - Date.now());
  // Every watch ends by itself (404 or give-up); running encoders keep uploading meanwhile.
  let settled = -1;
  while (settled < watches.size) {
    settled = watches.size;
    await Promise.all(watches.values());
  }
  await fleet.end();
  clearTimeout(warmup);
  clearTimeout(steadyEnd);
  const polls: [string, PollResult][] = [];
  for (const [id, watch] of watches) polls.push([id, await watch]);
  const pollStats = poller.stats();
  poller.stop();
  await notifications?.stop();
  putter.close();
  sqs.destroy();
  loopDelay.disable();
  return {
    type: 'done',
    runs: fleet.runs,
    polls,
    pollStats,
    requests: counter.counts(),
    requestsAtWarmup,
    requestsAtSteadyEnd,
    load: {
      cpuS: ownCpuSeconds() - cpuAtStart,
      eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    },
  };
}

process.once('message', (message: OriginStart) => {
  const reply = (answer: OriginMessage) => process.send?.(answer, () => process.exit(0));
  runOrigin(message).then(reply, (error: unknown) =>
    reply({
      type: 'failed',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
});
