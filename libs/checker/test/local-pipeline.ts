import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
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
import { DEFAULT_METRICS_CONFIG, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import { S3PlaylistStore } from '../src/adapters/s3-playlist-store';
import { SqsDeadlineQueue } from '../src/adapters/sqs-deadline-queue';
import { createChecker, type Checker } from '../src/create-checker';
import { DynamoDbPlaylistRegistry } from '../src/registry/dynamodb-playlist-registry';
import type { CheckerConfig } from '../src/load-config';
import { RecordingLogger } from '../src/testing/recording-logger';

export const BUCKET = 'origin-a';

export interface LocalPipeline {
  aws: LocalAws;
  /** dynalite with the playlist registry table. */
  dynamodb: LocalDynamoDb;
  /** The checker's registry (the real DynamoDB adapter on dynalite). */
  registry: DynamoDbPlaylistRegistry;
  /** The encoder's client: writes go through the S3-notification stand-in. */
  encoderS3: S3Client;
  sqs: SQSClient;
  queueUrl: string;
  dlqUrl: string;
  checker: Checker;
  metrics: InMemoryMetricsSink;
  logger: RecordingLogger;
  notifications: S3NotificationStandIn;
  eventSource: SqsEventSourceStandIn;
  /** PutObject through the notification stand-in; `atMs`: when the request left (≤ S3's write time). */
  put(key: string, body: string, bucket?: string): Promise<{ etag: string; atMs: number }>;
  queueDepth(url: string): Promise<number>;
  stop(): Promise<void>;
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_AWS_REGION,
  credentials: LOCAL_AWS_CREDENTIALS,
});

/**
 * The whole pipeline on 127.0.0.1: fauxqs (S3 + SQS), dynalite (the playlist registry's DynamoDB), the
 * S3 → SQS notification stand-in, the Lambda event-source stand-in, and the real checker with the real
 * S3/SQS/DynamoDB adapters. `checkerEndpoint` lets a test
 * put a fault-injecting proxy between the checker and the servers.
 */
export async function startLocalPipeline(
  options: {
    config?: Partial<CheckerConfig>;
    maxReceiveCount?: number;
    checkerEndpoint?: (aws: LocalAws) => Promise<string>;
    /** The endpoint the checker's registry client uses (e.g. a fault-injecting proxy in front of dynalite). */
    registryEndpoint?: (dynamodb: LocalDynamoDb) => Promise<string>;
    checkerMaxAttempts?: number;
    /** Buckets besides {@link BUCKET} (another pipeline's origin), created and watched. */
    extraBuckets?: readonly string[];
  } = {},
): Promise<LocalPipeline> {
  const [aws, dynamodb] = await Promise.all([startFauxqs(), startDynalite()]);
  const sqs = new SQSClient(clientConfig(aws.endpoint));
  const admin = new S3Client({ ...clientConfig(aws.endpoint), forcePathStyle: true });
  const buckets = [BUCKET, ...(options.extraBuckets ?? [])];
  for (const bucket of buckets) await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  const { QueueUrl: dlqUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'checker-dlq' }),
  );
  const { QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'checker',
      Attributes: {
        VisibilityTimeout: '30',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:checker-dlq',
          maxReceiveCount: String(options.maxReceiveCount ?? 10),
        }),
      },
    }),
  );
  const notifications = await startS3NotificationStandIn({ target: aws.endpoint, sqs, queueUrl });
  const encoderS3 = new S3Client({ ...clientConfig(notifications.endpoint), forcePathStyle: true });

  const checkerEndpoint = options.checkerEndpoint
    ? await options.checkerEndpoint(aws)
    : aws.endpoint;
  const resilience = {
    maxAttempts: options.checkerMaxAttempts ?? 3,
    requestHandler: { requestTimeout: 1_000, connectionTimeout: 1_000 },
  };
  const checkerS3 = new S3Client({
    ...clientConfig(checkerEndpoint),
    forcePathStyle: true,
    ...resilience,
  });
  const checkerSqs = new SQSClient({ ...clientConfig(checkerEndpoint), ...resilience });
  const metrics = new InMemoryMetricsSink();
  const logger = new RecordingLogger();
  const config: CheckerConfig = {
    scope: { buckets, prefixes: [''] },
    queueUrl,
    policy: { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 },
    maxPlaylistBytes: 5 * 1024 * 1024,
    dryRun: false,
    maxDeletionsPerMinute: 1000,
    reconcilerSafetyMarginMs: 1000,
    metrics: DEFAULT_METRICS_CONFIG,
    registry: { tableName: dynamodb.tableName, ttlHours: 168 },
    ...options.config,
  };
  const registry = new DynamoDbPlaylistRegistry(
    dynamodb.client({
      ...resilience,
      ...(options.registryEndpoint ? { endpoint: await options.registryEndpoint(dynamodb) } : {}),
    }),
    config.registry.tableName,
  );
  const checker = createChecker({
    config,
    store: new S3PlaylistStore(checkerS3),
    queue: new SqsDeadlineQueue(checkerSqs, queueUrl),
    metrics,
    registry,
    logger,
  });
  const eventSource = startSqsEventSourceStandIn({
    sqs: checkerSqs,
    queueUrl,
    pollers: 2,
    handler: (event) => checker.processSqsBatch(event, { remainingMs: () => 60_000 }),
    onError: () => {},
  });

  return {
    aws,
    dynamodb,
    registry,
    encoderS3,
    sqs,
    queueUrl,
    dlqUrl,
    checker,
    metrics,
    logger,
    notifications,
    eventSource,
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
    async queueDepth(url) {
      const out = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(out.Attributes?.['ApproximateNumberOfMessages'] ?? 0) +
        Number(out.Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 0)
      );
    },
    async stop() {
      await eventSource.stop();
      await notifications.stop();
      await aws.stop();
      await dynamodb.stop();
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
