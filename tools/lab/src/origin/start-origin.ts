import type { S3Client } from '@aws-sdk/client-s3';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import {
  localClientConfig,
  startLocalPipeline,
  startUploadTap,
  type LocalAws,
  type LocalDynamoDb,
  type LocalPipelineEnv,
  type LocalPipelinePart,
  type ObservedDelete,
  type ObservedPut,
} from '@hls-stale-guard/local-aws';
import { InMemoryMetricsSink, MetricName } from '@hls-stale-guard/metrics';
import {
  CHECKER_SDK_CLIENT_SETTINGS,
  createChecker,
  DynamoDbPlaylistRegistry,
  loadConfig,
  S3PlaylistStore,
  SqsDeadlineQueue,
  type Checker,
} from '@hls-stale-guard/checker';
import { Component, type LabEventBus } from '../lab-events';
import { bucketOf, LIVE_PREFIX, type PipelineId } from '../layout';
import { createLabCheckerLogger } from './checker-logger';

/** A Lambda invocation's budget in the lab (the function's timeout). */
const INVOCATION_TIMEOUT_MS = 60_000;
/** The lab's queue (and `lab-checker-dlq`), as the page lists them. */
const QUEUE_NAME = 'lab-checker';

export interface OriginOptions {
  pipelines: readonly PipelineId[];
  /** The checker's TARGET_DURATION_MULTIPLE. */
  multiple: number;
  /** `false`: the control case — uploads and notifications, no checker. */
  checker: boolean;
  /** The checker's `ALL_STALE_POLICY`, when set. */
  allStalePolicy?: string;
  /** How often the reconciler sweep runs (the EventBridge schedule), ms. */
  reconcileEveryMs: number;
  bus: LabEventBus;
  /** Every checker log line (JSON), as the Lambda would write it. */
  writeCheckerLog: (jsonLine: string) => void;
  onPut: (put: ObservedPut) => void;
  /** Every DeleteObject accepted through the upload endpoint (not the checker's: it talks to fauxqs). */
  onDelete: (deleted: ObservedDelete) => void;
}

export interface Origin {
  aws: LocalAws;
  /** Direct S3 client (the edge's origin reads, the janitor, tests). */
  s3: S3Client;
  /**
   * Encoders upload here, and any other S3 client should use it: the upload tap → the S3 notification
   * stand-in → fauxqs, so the lab sees every upload and deletion.
   */
  uploadEndpoint: string;
  buckets: Record<PipelineId, string | undefined>;
  queueUrl: string;
  dlqUrl: string;
  checker?: Checker;
  /** dynalite with the checker's playlist registry (only with the checker). */
  dynamodb?: LocalDynamoDb;
  metrics: InMemoryMetricsSink;
  counters(): OriginCounters;
  queueDepth(): Promise<{ visible: number; inFlight: number; dlq: number }>;
  stop(): Promise<void>;
}

export interface OriginCounters {
  notificationsSent: number;
  checkerInvocations: number;
  reconcileSweeps: number;
  deletions: number;
}

export const clientConfig = localClientConfig;

/** Which lab component reports a stand-in's error. */
const COMPONENT_OF: Record<LocalPipelinePart, Component> = {
  notifications: Component.notifications,
  'event-source': Component.eventSource,
  schedule: Component.schedule,
};

/**
 * The AWS side of the lab on 127.0.0.1 (`startLocalPipeline` of libs/local-aws): fauxqs (S3 + SQS) with
 * one bucket per pipeline, the queue and its DLQ, dynalite (DynamoDB) with the playlist registry table,
 * the S3 → SQS notification stand-in, the Lambda event-source stand-in handing batches to the real
 * `createChecker(...).processSqsBatch`, and the EventBridge stand-in running `checker.reconcile` on a
 * timer; in front of it all, the upload tap the lab watches. Metrics are flushed at the end of every
 * invocation, as the Lambda handler does.
 *
 * @example
 * const origin = await startOrigin({ pipelines: ['a', 'b'], multiple: 1.5, checker: true, ... });
 */
export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const { bus } = options;
  const metrics = new InMemoryMetricsSink();
  let invocations = 0;
  let sweeps = 0;
  const budget = () => {
    const endMs = Date.now() + INVOCATION_TIMEOUT_MS;
    return { remainingMs: () => endMs - Date.now() };
  };
  const pipeline = await startLocalPipeline({
    buckets: options.pipelines.map(bucketOf),
    queue: { name: QUEUE_NAME, visibilityTimeoutSeconds: INVOCATION_TIMEOUT_MS / 1000 },
    onError: (part, error) =>
      bus.emit(COMPONENT_OF[part], {
        type: 'log',
        level: 'error',
        message:
          part === 'notifications'
            ? `could not send the notification: ${String(error)}`
            : String(error),
      }),
    checker: options.checker
      ? {
          clientSettings: CHECKER_SDK_CLIENT_SETTINGS,
          scheduleEveryMs: options.reconcileEveryMs,
          create: (env) => {
            const checker = createLabChecker(options, env, metrics);
            return {
              checker,
              handleSqs: async (event) => {
                invocations += 1;
                try {
                  return await checker.processSqsBatch(event, budget());
                } finally {
                  await metrics.flush();
                }
              },
              handleSchedule: async () => {
                sweeps += 1;
                try {
                  const report = await checker.reconcile(budget());
                  bus.emit(Component.schedule, {
                    type: 'reconcile-sweep',
                    deleted: report.deleted,
                    scanned: report.scanned,
                    durationMs: report.durationMs,
                  });
                } catch (error) {
                  bus.emit(Component.schedule, {
                    type: 'log',
                    level: 'error',
                    message: `reconcile failed: ${String(error)}`,
                  });
                } finally {
                  await metrics.flush();
                }
              },
            };
          },
        }
      : undefined,
  });
  let tap: Awaited<ReturnType<typeof startUploadTap>>;
  try {
    tap = await startUploadTap({
      target: pipeline.uploadEndpoint,
      onPut: options.onPut,
      onDelete: options.onDelete,
    });
  } catch (error) {
    await pipeline.stop();
    throw error;
  }
  const warn = (error: unknown) =>
    bus.emit(Component.lab, { type: 'log', level: 'warn', message: `stop: ${String(error)}` });
  const buckets: Record<PipelineId, string | undefined> = { a: undefined, b: undefined };
  for (const pipelineId of options.pipelines) buckets[pipelineId] = bucketOf(pipelineId);

  return {
    aws: pipeline.aws,
    s3: pipeline.s3,
    uploadEndpoint: tap.endpoint,
    buckets,
    queueUrl: pipeline.queueUrl,
    dlqUrl: pipeline.dlqUrl,
    checker: pipeline.lambdas[0]?.checker,
    dynamodb: pipeline.dynamodb,
    metrics,
    counters: () => ({
      notificationsSent: pipeline.notifications?.sent() ?? 0,
      checkerInvocations: invocations,
      reconcileSweeps: sweeps,
      deletions: metrics.count(MetricName.StalePlaylistsDeleted),
    }),
    queueDepth: () => pipeline.queueDepth(),
    async stop() {
      await tap.stop().catch(warn);
      await pipeline.stop().catch(warn);
    },
  };
}

/** The checker as the Lambda builds it, from the environment variables it reads at cold start. */
function createLabChecker(
  options: OriginOptions,
  env: LocalPipelineEnv,
  metrics: InMemoryMetricsSink,
): Checker {
  const { bus } = options;
  const config = loadConfig({
    [CHECKER_ENV.watchedBuckets]: options.pipelines.map(bucketOf).join(','),
    [CHECKER_ENV.watchedPrefixes]: LIVE_PREFIX,
    [CHECKER_ENV.queueUrl]: env.queueUrl,
    [CHECKER_ENV.targetDurationMultiple]: String(options.multiple),
    [CHECKER_ENV.registryTable]: env.tableName,
    // Compute costs nothing here: wait out the whole sub-second rest of a deadline inline, so deletions
    // land within ~100 ms of it (the deployed default, 250 ms, trades up to 750 ms of lag for GB-seconds).
    [CHECKER_ENV.inlineWaitMaxMs]: '1000',
    ...(options.allStalePolicy
      ? {
          [CHECKER_ENV.allStalePolicy]: options.allStalePolicy,
          [CHECKER_ENV.pipelines]: options.pipelines.map((p) => `${p}=${bucketOf(p)}`).join(','),
        }
      : {}),
  });
  const logger = createLabCheckerLogger({
    write: options.writeCheckerLog,
    onDecision: (decision) => {
      if (!decision.verdict || decision.verdict === 'postponed') return;
      bus.emit(Component.checker, {
        type: 'checker-decision',
        bucket: decision.bucket ?? '',
        key: decision.key ?? '',
        verdict: decision.verdict,
        reason: decision.reason,
        source: decision.source,
        deadlineMs: decision.deadlineMs,
        lagMs: decision.lagMs,
      });
    },
  });
  return createChecker({
    config,
    store: new S3PlaylistStore(env.s3),
    queue: new SqsDeadlineQueue(env.sqs, env.queueUrl),
    metrics,
    registry: new DynamoDbPlaylistRegistry(env.dynamodb, config.registry.tableName),
    logger,
  });
}
