import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynalite,
  startFauxqs,
  startS3NotificationStandIn,
  startSqsEventSourceStandIn,
  type LocalAws,
  type LocalDynamoDb,
  type S3NotificationStandIn,
  type SqsEventSourceStandIn,
} from '@hls-stale-guard/local-aws';
import { InMemoryMetricsSink, MetricName } from '@hls-stale-guard/metrics';
import {
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
import {
  startUploadTap,
  type ObservedDelete,
  type ObservedPut,
  type UploadTap,
} from '@hls-stale-guard/local-aws';

/** A Lambda invocation's budget in the lab (the function's timeout). */
const INVOCATION_TIMEOUT_MS = 60_000;
/** SQS redrive: every receive counts, and each playlist version is received about twice (postponed once). */
const MAX_RECEIVE_COUNT = 10;

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

export const clientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_AWS_REGION,
  credentials: LOCAL_AWS_CREDENTIALS,
});

/**
 * The AWS side of the lab on 127.0.0.1: fauxqs (S3 + SQS) with one bucket per pipeline, the queue and its
 * DLQ, dynalite (DynamoDB) with the playlist registry table, the S3 → SQS notification stand-in, the
 * Lambda event-source stand-in handing batches to the real
 * `createChecker(...).processSqsBatch`, and the EventBridge stand-in running `checker.reconcile` on a timer.
 * Metrics are flushed at the end of every invocation, as the Lambda handler does.
 *
 * @example
 * const origin = await startOrigin({ pipelines: ['a', 'b'], multiple: 1.5, checker: true, ... });
 */
export async function startOrigin(options: OriginOptions): Promise<Origin> {
  const { bus } = options;
  const aws = await startFauxqs();
  const stoppers: Array<() => Promise<void>> = [() => aws.stop()];
  try {
    return await wire(options, aws, stoppers);
  } catch (error) {
    await stopAll(stoppers, bus);
    throw error;
  }
}

async function stopAll(stoppers: Array<() => Promise<void>>, bus: LabEventBus): Promise<void> {
  for (const stop of [...stoppers].reverse()) {
    try {
      await stop();
    } catch (error) {
      bus.emit(Component.lab, { type: 'log', level: 'warn', message: `stop: ${String(error)}` });
    }
  }
}

async function wire(
  options: OriginOptions,
  aws: LocalAws,
  stoppers: Array<() => Promise<void>>,
): Promise<Origin> {
  const { bus } = options;
  const s3 = new S3Client({ ...clientConfig(aws.endpoint), forcePathStyle: true });
  const sqs = new SQSClient(clientConfig(aws.endpoint));
  const buckets: Record<PipelineId, string | undefined> = { a: undefined, b: undefined };
  for (const pipeline of options.pipelines) {
    buckets[pipeline] = bucketOf(pipeline);
    await s3.send(new CreateBucketCommand({ Bucket: bucketOf(pipeline) }));
  }
  const { QueueUrl: dlqUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'lab-checker-dlq' }),
  );
  const dlqArn = `arn:aws:sqs:${LOCAL_AWS_REGION}:000000000000:lab-checker-dlq`;
  const { QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'lab-checker',
      Attributes: {
        VisibilityTimeout: '60',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn,
          maxReceiveCount: String(MAX_RECEIVE_COUNT),
        }),
      },
    }),
  );

  const notifications: S3NotificationStandIn = await startS3NotificationStandIn({
    target: aws.endpoint,
    sqs,
    queueUrl,
    onError: (error) =>
      bus.emit(Component.notifications, {
        type: 'log',
        level: 'error',
        message: `could not send the notification: ${String(error)}`,
      }),
  });
  stoppers.push(() => notifications.stop());
  const tap: UploadTap = await startUploadTap({
    target: notifications.endpoint,
    onPut: options.onPut,
    onDelete: options.onDelete,
  });
  stoppers.push(() => tap.stop());

  const metrics = new InMemoryMetricsSink();
  let invocations = 0;
  let sweeps = 0;
  let checker: Checker | undefined;
  let dynamodb: LocalDynamoDb | undefined;
  if (options.checker) {
    const registryServer = await startDynalite();
    dynamodb = registryServer;
    stoppers.push(() => registryServer.stop());
    // The same configuration path as the Lambda: the environment variables it reads at cold start.
    const config = loadConfig({
      [CHECKER_ENV.watchedBuckets]: options.pipelines.map(bucketOf).join(','),
      [CHECKER_ENV.watchedPrefixes]: LIVE_PREFIX,
      [CHECKER_ENV.queueUrl]: queueUrl,
      [CHECKER_ENV.targetDurationMultiple]: String(options.multiple),
      [CHECKER_ENV.registryTable]: registryServer.tableName,
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
    const checkerS3 = new S3Client({
      ...clientConfig(aws.endpoint),
      forcePathStyle: true,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
    });
    const checkerSqs = new SQSClient({ ...clientConfig(aws.endpoint), maxAttempts: 3 });
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
    const created = createChecker({
      config,
      store: new S3PlaylistStore(checkerS3),
      queue: new SqsDeadlineQueue(checkerSqs, queueUrl),
      metrics,
      registry: new DynamoDbPlaylistRegistry(
        registryServer.client({
          maxAttempts: 3,
          requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
        }),
        config.registry.tableName,
      ),
      logger,
    });
    checker = created;
    const budget = () => {
      const endMs = Date.now() + INVOCATION_TIMEOUT_MS;
      return { remainingMs: () => endMs - Date.now() };
    };
    const eventSource: SqsEventSourceStandIn = startSqsEventSourceStandIn({
      sqs: checkerSqs,
      queueUrl,
      pollers: 2,
      handler: async (event) => {
        invocations += 1;
        try {
          return await created.processSqsBatch(event, budget());
        } finally {
          await metrics.flush();
        }
      },
      onError: (error) =>
        bus.emit(Component.eventSource, {
          type: 'log',
          level: 'error',
          message: String(error),
        }),
    });
    stoppers.push(() => eventSource.stop());

    let sweeping: Promise<void> | undefined;
    const sweep = async () => {
      sweeps += 1;
      try {
        const report = await created.reconcile(budget());
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
    };
    const timer = setInterval(() => {
      if (sweeping) return;
      sweeping = sweep().finally(() => {
        sweeping = undefined;
      });
    }, options.reconcileEveryMs);
    stoppers.push(async () => {
      clearInterval(timer);
      await sweeping;
    });
  }

  const attribute = async (url: string, names: QueueAttributeName[]) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }),
    );
    return names.map((name) => Number(out.Attributes?.[name] ?? 0));
  };

  return {
    aws,
    s3,
    uploadEndpoint: tap.endpoint,
    buckets,
    queueUrl,
    dlqUrl,
    checker,
    dynamodb,
    metrics,
    counters: () => ({
      notificationsSent: notifications.sent(),
      checkerInvocations: invocations,
      reconcileSweeps: sweeps,
      deletions: metrics.count(MetricName.StalePlaylistsDeleted),
    }),
    async queueDepth() {
      const [visible = 0, inFlight = 0] = await attribute(queueUrl, [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ]);
      const [dlq = 0] = await attribute(dlqUrl, ['ApproximateNumberOfMessages']);
      return { visible, inFlight, dlq };
    },
    stop: () => stopAll(stoppers, bus),
  };
}
