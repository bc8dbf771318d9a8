import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  localClientConfig,
  startLocalPipeline as startPipeline,
  type FaultProxy,
  type FaultProxyOptions,
  type LocalAws,
  type LocalDynamoDb,
  type SdkClientSettings,
} from '@hls-stale-guard/local-aws';
import { DEFAULT_METRICS_CONFIG, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import { S3PlaylistStore } from '../src/adapters/s3-playlist-store';
import { SqsDeadlineQueue } from '../src/adapters/sqs-deadline-queue';
import { createChecker, type Checker } from '../src/create-checker';
import { DynamoDbPlaylistRegistry } from '../src/registry/dynamodb-playlist-registry';
import type { CheckerConfig } from '../src/load-config';
import { CHECKER_SDK_CLIENT_SETTINGS } from '../src/sdk-client-settings';
import { RecordingLogger } from '../src/testing/recording-logger';

export const BUCKET = 'origin-a';

export interface LocalPipeline {
  aws: LocalAws;
  /** dynalite with the playlist registry table. */
  dynamodb: LocalDynamoDb;
  /** The checker's registry (the real DynamoDB adapter on dynalite). */
  registry: DynamoDbPlaylistRegistry;
  /** Direct SQS client on fauxqs. */
  sqs: SQSClient;
  queueUrl: string;
  dlqUrl: string;
  checker: Checker;
  metrics: InMemoryMetricsSink;
  logger: RecordingLogger;
  faults: { aws?: FaultProxy; dynamodb?: FaultProxy };
  /** Batches the event source stand-in handed to the checker so far. */
  invocations(): number;
  /** PutObject through the notification stand-in; `atMs`: when the request left (≤ S3's write time). */
  put(key: string, body: string, bucket?: string): Promise<{ etag: string; atMs: number }>;
  stop(): Promise<void>;
}

/**
 * The whole pipeline on 127.0.0.1 (`startLocalPipeline` of libs/local-aws) with the real checker and the
 * real S3/SQS/DynamoDB adapters on the Lambda's SDK settings; `faults` puts fault-injecting proxies
 * between the checker and the servers.
 */
export async function startLocalPipeline(
  options: {
    config?: Partial<CheckerConfig>;
    maxReceiveCount?: number;
    /** Buckets besides {@link BUCKET} (another pipeline's origin), created and watched. */
    extraBuckets?: readonly string[];
    faults?: {
      aws?: Omit<FaultProxyOptions, 'target'>;
      dynamodb?: Omit<FaultProxyOptions, 'target'>;
    };
    /** Instead of the Lambda's settings (a request timeout shorter than the fault proxy's hangs). */
    clientSettings?: SdkClientSettings;
  } = {},
): Promise<LocalPipeline> {
  const buckets = [BUCKET, ...(options.extraBuckets ?? [])];
  const metrics = new InMemoryMetricsSink();
  const logger = new RecordingLogger();
  const pipeline = await startPipeline({
    buckets,
    queue: { name: 'checker', maxReceiveCount: options.maxReceiveCount },
    // Behind a fault proxy the event source's calls fail often: the tests judge the outcome, not the noise.
    onError: (part, error) => {
      if (part !== 'event-source') process.stderr.write(`${part}: ${String(error)}\n`);
    },
    checker: {
      clientSettings: options.clientSettings ?? CHECKER_SDK_CLIENT_SETTINGS,
      faults: options.faults,
      create: (env) => {
        const config: CheckerConfig = {
          scope: { buckets, prefixes: [''] },
          queueUrl: env.queueUrl,
          policy: { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 },
          maxPlaylistBytes: 5 * 1024 * 1024,
          dryRun: false,
          maxDeletionsPerMinute: 1000,
          reconcilerSafetyMarginMs: 1000,
          metrics: DEFAULT_METRICS_CONFIG,
          registry: { tableName: env.tableName, ttlHours: 168 },
          ...options.config,
        };
        const registry = new DynamoDbPlaylistRegistry(env.dynamodb, config.registry.tableName);
        const checker = createChecker({
          config,
          store: new S3PlaylistStore(env.s3),
          queue: new SqsDeadlineQueue(env.sqs, env.queueUrl),
          metrics,
          registry,
          logger,
        });
        return {
          checker,
          registry,
          handleSqs: (event) => checker.processSqsBatch(event, { remainingMs: () => 60_000 }),
        };
      },
    },
  });
  const [lambda] = pipeline.lambdas;
  if (!lambda || !pipeline.dynamodb) throw new Error('the pipeline started without its checker');
  const encoderS3 = new S3Client({
    ...localClientConfig(pipeline.uploadEndpoint),
    forcePathStyle: true,
  });

  return {
    aws: pipeline.aws,
    dynamodb: pipeline.dynamodb,
    registry: lambda.registry,
    sqs: pipeline.sqs,
    queueUrl: pipeline.queueUrl,
    dlqUrl: pipeline.dlqUrl,
    checker: lambda.checker,
    metrics,
    logger,
    faults: pipeline.faults,
    invocations: () => pipeline.invocations(),
    async put(key, body, bucket = BUCKET) {
      // S3 wrote the object after the request left: the request's start is a lower bound of the write
      // time, so "deleted no earlier than atMs + deadline" holds whatever the PUT's latency.
      const atMs = Date.now();
      const out = await encoderS3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/vnd.apple.mpegurl',
        }),
      );
      return { etag: out.ETag ?? '', atMs };
    },
    async stop() {
      encoderS3.destroy();
      await pipeline.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds or `timeoutMs` passes; returns the time it first held (or undefined). */
export async function waitFor(
  predicate: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 20,
): Promise<number | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return Date.now();
    await sleep(everyMs);
  }
  return undefined;
}
