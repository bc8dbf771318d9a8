import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynalite,
  startFauxqs,
  startSqsEventSourceStandIn,
  type LocalAws,
  type LocalDynamoDb,
  type SqsEventSourceStandIn,
} from '@hls-stale-guard/local-aws';
import { EmfMetricsSink, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import {
  createChecker,
  createJsonLogger,
  DynamoDbPlaylistRegistry,
  loadConfig,
  S3PlaylistStore,
  SqsDeadlineQueue,
  type CheckerConfig,
  type LogFields,
  type Logger,
  type ReconcileReport,
  type RegisterReport,
} from '@hls-stale-guard/checker';
import type { DeploymentDefaults } from './deployment-defaults';
import { LOG_EVENT_OVERHEAD_BYTES } from '../cost/aws-prices';
import { LambdaInstance } from './lambda-instance';
import { RequestCounter } from './request-counter';

/** `events`: S3 → SQS → Lambda, the full pipeline. `reconciler`: no notifications, scheduled sweeps only. */
export type DetectionMode = 'events' | 'reconciler';

export interface BenchPipelineOptions {
  mode: DetectionMode;
  buckets: readonly string[];
  defaults: DeploymentDefaults;
  /** Sweep schedule in reconciler mode (scaled down from minutes to seconds for a short run). */
  reconcileIntervalMs: number;
  /** Long-poll wait of the event source stand-in, s (Lambda's event source mapping uses 20). */
  receiveWaitSeconds: number;
  /** The event source mapping's batching window, ms (0: none, the infra default). */
  batchingWindowMs?: number;
}

/**
 * The custom metrics an EMF line creates: one (metric, dimension values) pair per metric per dimension set
 * of each directive (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */
function emfMetricSeries(line: string): string[] {
  let doc: {
    _aws?: { CloudWatchMetrics?: { Dimensions?: string[][]; Metrics?: { Name: string }[] }[] };
  } & Record<string, unknown>;
  try {
    doc = JSON.parse(line) as typeof doc;
  } catch {
    return [];
  }
  return (doc._aws?.CloudWatchMetrics ?? []).flatMap((directive) =>
    (directive.Dimensions ?? []).flatMap((set) =>
      (directive.Metrics ?? []).map(
        (metric) => `${metric.Name}{${set.map((key) => `${key}=${String(doc[key])}`).join(',')}}`,
      ),
    ),
  );
}

/** Counts checker log lines by level; keeps the first few errors for the report. Never prints. */
class CountingLogger implements Logger {
  readonly counts = { info: 0, warn: 0, error: 0 };
  readonly firstErrors: string[] = [];
  info = () => void (this.counts.info += 1);
  warn = () => void (this.counts.warn += 1);
  error = (message: string, fields: LogFields = {}) => {
    this.counts.error += 1;
    if (this.firstErrors.length < 5) this.firstErrors.push(`${message} ${JSON.stringify(fields)}`);
  };
}

export interface BenchPipeline {
  aws: LocalAws;
  /** dynalite with the playlist registry every instance shares. */
  dynamodb: LocalDynamoDb;
  queueUrl: string;
  config: CheckerConfig;
  instances: LambdaInstance[];
  /** The checker's S3 and SQS calls and the event source's receives and acknowledgements. */
  counter: RequestCounter;
  logger: CountingLogger;
  /** Every (metric, dimension values) pair the instances' EMF lines created, with the first time seen. */
  metricSeries: Map<string, number>;
  sweeps: ReconcileReport[];
  /**
   * The manual `register` invocation (a full listing), on its own uncounted clients: a one-off when the
   * guard is deployed, not part of the recurring cost. Reconciler mode uses it once every playlist exists,
   * standing for registrations by events that were lost afterwards.
   */
  registerExisting(): Promise<RegisterReport>;
  stop(): Promise<void>;
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_AWS_REGION,
  credentials: LOCAL_AWS_CREDENTIALS,
});

/** The same bounded calls as `handler.ts`. */
const RESILIENCE = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
};

/**
 * The guard's side of the pipeline on 127.0.0.1, wired like the stale-checker's local pipeline: fauxqs
 * (S3 + SQS) with the buckets and the queue, dynalite with the playlist registry, one event source
 * stand-in per Lambda instance (the event source mapping's maximum concurrency) or the reconciler
 * schedule, and the real checker with the real S3/SQS/DynamoDB adapters. The origin side (encoders, S3 → SQS notification stand-in) runs in its own process
 * (`detection/origin-process.ts`). Requests are counted in-process by SDK middleware.
 */
export async function startBenchPipeline(options: BenchPipelineOptions): Promise<BenchPipeline> {
  const { defaults, mode } = options;
  const [aws, dynamodb] = await Promise.all([startFauxqs(), startDynalite()]);
  const admin = new S3Client({ ...clientConfig(aws.endpoint), forcePathStyle: true });
  const adminSqs = new SQSClient(clientConfig(aws.endpoint));
  for (const bucket of options.buckets)
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  const { QueueUrl: queueUrl = '' } = await adminSqs.send(
    new CreateQueueCommand({
      QueueName: 'stale-checker',
      Attributes: { VisibilityTimeout: String(defaults.timeoutSeconds * 6) },
    }),
  );

  const counter = new RequestCounter();
  const config = loadConfig({
    [CHECKER_ENV.watchedBuckets]: options.buckets.join(','),
    [CHECKER_ENV.watchedPrefixes]: defaults.watchedPrefixes.join(','),
    [CHECKER_ENV.queueUrl]: queueUrl,
    [CHECKER_ENV.targetDurationMultiple]: String(defaults.targetDurationMultiple),
    [CHECKER_ENV.graceMs]: String(defaults.graceMs),
    [CHECKER_ENV.maxDeletionsPerMinute]: String(defaults.maxDeletionsPerMinute),
    [CHECKER_ENV.reconcilerSafetyMarginMs]: String(defaults.reconcilerSafetyMarginMs),
    [CHECKER_ENV.metricsChannelRule]: defaults.metricsChannelRule,
    [CHECKER_ENV.metricsHighResolution]: String(defaults.highResolutionMetrics),
    [CHECKER_ENV.registryTable]: dynamodb.tableName,
    [CHECKER_ENV.inlineWaitMaxMs]: String(defaults.inlineWaitMaxMs),
    [CHECKER_ENV.logLevel]: defaults.logLevel,
  });
  const checkerS3 = new S3Client({
    ...clientConfig(aws.endpoint),
    forcePathStyle: true,
    ...RESILIENCE,
  });
  const checkerSqs = new SQSClient({ ...clientConfig(aws.endpoint), ...RESILIENCE });
  const checkerDynamoDb = dynamodb.client(RESILIENCE);
  counter.attach(checkerS3);
  counter.attach(checkerSqs);
  counter.attach(checkerDynamoDb);
  const registry = new DynamoDbPlaylistRegistry(checkerDynamoDb, config.registry.tableName);
  const logger = new CountingLogger();
  const timeoutMs = defaults.timeoutSeconds * 1000;
  const metricSeries = new Map<string, number>();
  const newInstance = () => {
    // The Lambda's own logger and EMF sink, writing into a byte meter: what CloudWatch Logs would ingest.
    const meter = { bytes: 0 };
    const write = (line: string) => {
      meter.bytes += Buffer.byteLength(line) + LOG_EVENT_OVERHEAD_BYTES;
    };
    const json = createJsonLogger({ service: 'stale-checker' }, { level: config.logLevel, write });
    const instanceLogger: Logger = {
      debug: (message, fields) => json.debug?.(message, fields),
      info: (message, fields) => json.info(message, fields),
      warn: (message, fields) => {
        logger.warn();
        json.warn(message, fields);
      },
      error: (message, fields) => {
        logger.error(message, fields);
        json.error(message, fields);
      },
    };
    const metrics = new EmfMetricsSink({
      config: config.metrics,
      logger: instanceLogger,
      write: (line) => {
        write(line);
        for (const series of emfMetricSeries(line)) {
          if (!metricSeries.has(series)) metricSeries.set(series, Date.now());
        }
      },
    });
    const checker = createChecker({
      config,
      store: new S3PlaylistStore(checkerS3),
      queue: new SqsDeadlineQueue(checkerSqs, queueUrl),
      metrics,
      registry,
      logger: instanceLogger,
    });
    return new LambdaInstance(checker, metrics, timeoutMs, meter);
  };

  const instances: LambdaInstance[] = [];
  const eventSources: SqsEventSourceStandIn[] = [];
  const sweeps: ReconcileReport[] = [];
  let scheduler: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  if (mode === 'events') {
    // One poller per instance: an instance handles one batch at a time, like a Lambda instance.
    for (let i = 0; i < defaults.maxConcurrency; i += 1) {
      const instance = newInstance();
      instances.push(instance);
      eventSources.push(
        startSqsEventSourceStandIn({
          sqs: checkerSqs,
          queueUrl,
          pollers: 1,
          batchSize: defaults.batchSize,
          waitSeconds: options.receiveWaitSeconds,
          batchingWindowMs: options.batchingWindowMs ?? 0,
          handler: (event) => instance.invokeSqs(event),
          onError: (error) => logger.error('event source', { error: String(error) }),
        }),
      );
    }
  } else {
    const instance = newInstance();
    instances.push(instance);
    scheduler = setInterval(() => {
      if (sweeping) return; // a sweep longer than the interval: the next tick is skipped
      sweeping = instance
        .invokeReconcile()
        .then((report) => void sweeps.push(report))
        .catch((error: unknown) => logger.error('sweep', { error: String(error) }))
        .finally(() => {
          sweeping = undefined;
        });
    }, options.reconcileIntervalMs);
  }

  const registerExisting = async () => {
    const s3 = new S3Client({ ...clientConfig(aws.endpoint), forcePathStyle: true, ...RESILIENCE });
    const client = dynamodb.client(RESILIENCE);
    try {
      return await createChecker({
        config,
        store: new S3PlaylistStore(s3),
        queue: { postpone: async () => {} },
        metrics: new InMemoryMetricsSink({ config: config.metrics }),
        registry: new DynamoDbPlaylistRegistry(client, config.registry.tableName),
        logger,
      }).registerExisting();
    } finally {
      s3.destroy();
      client.destroy();
    }
  };

  return {
    aws,
    dynamodb,
    queueUrl,
    config,
    instances,
    counter,
    logger,
    metricSeries,
    sweeps,
    registerExisting,
    async stop() {
      if (scheduler) clearInterval(scheduler);
      await sweeping;
      await Promise.all(eventSources.map((source) => source.stop()));
      admin.destroy();
      checkerS3.destroy();
      for (const client of [adminSqs, checkerSqs]) client.destroy();
      checkerDynamoDb.destroy();
      await aws.stop();
      await dynamodb.stop();
    },
  };
}
