import { S3Client } from '@aws-sdk/client-s3';
import { CHECKER_ENV, notificationDelaySeconds } from '@hls-stale-guard/contract';
import {
  localClientConfig,
  startLocalPipeline,
  type LocalAws,
  type LocalDynamoDb,
  type LocalPipelineEnv,
} from '@hls-stale-guard/local-aws';
import { EmfMetricsSink, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import {
  CHECKER_SDK_CLIENT_SETTINGS,
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
  /** The reconciler schedule's sweeps so far (reconciler mode). */
  readonly sweeps: ReconcileReport[];
  /**
   * The manual `register` invocation (a full listing), on its own uncounted clients: a one-off when the
   * guard is deployed, not part of the recurring cost. Reconciler mode uses it once every playlist exists,
   * standing for registrations by events that were lost afterwards.
   */
  registerExisting(): Promise<RegisterReport>;
  stop(): Promise<void>;
}

function benchConfig(env: LocalPipelineEnv, defaults: DeploymentDefaults): CheckerConfig {
  return loadConfig({
    [CHECKER_ENV.watchedBuckets]: env.buckets.join(','),
    [CHECKER_ENV.watchedPrefixes]: defaults.watchedPrefixes.join(','),
    [CHECKER_ENV.queueUrl]: env.queueUrl,
    [CHECKER_ENV.targetDurationMultiple]: String(defaults.targetDurationMultiple),
    [CHECKER_ENV.graceMs]: String(defaults.graceMs),
    [CHECKER_ENV.maxDeletionsPerMinute]: String(defaults.maxDeletionsPerMinute),
    [CHECKER_ENV.reconcilerSafetyMarginMs]: String(defaults.reconcilerSafetyMarginMs),
    [CHECKER_ENV.metricsChannelRule]: defaults.metricsChannelRule,
    [CHECKER_ENV.metricsHighResolution]: String(defaults.highResolutionMetrics),
    [CHECKER_ENV.registryTable]: env.tableName,
    [CHECKER_ENV.inlineWaitMaxMs]: String(defaults.inlineWaitMaxMs),
    // As infra tells the function: the event source's batch size and window (the stand-in's), the queue's delay.
    [CHECKER_ENV.eventSourceBatchSize]: String(defaults.batchSize),
    [CHECKER_ENV.eventSourceBatchingWindowSeconds]: String(defaults.batchingWindowSeconds),
    [CHECKER_ENV.notificationDelaySeconds]: String(notificationDelaySeconds(defaults)),
    [CHECKER_ENV.logLevel]: defaults.logLevel,
  });
}

/**
 * The guard's side of the pipeline on 127.0.0.1 (`startLocalPipeline` of libs/local-aws): fauxqs
 * (S3 + SQS) with the buckets and the queue, dynalite with the playlist registry, one event source
 * stand-in per Lambda instance (the event source mapping's maximum concurrency) or the reconciler
 * schedule, and the real checker with the real S3/SQS/DynamoDB adapters on the Lambda's SDK settings.
 * The origin side (encoders, S3 → SQS notification stand-in) runs in its own process
 * (`detection/origin-process.ts`). Requests are counted in-process by SDK middleware.
 */
export async function startBenchPipeline(options: BenchPipelineOptions): Promise<BenchPipeline> {
  const { defaults, mode } = options;
  const counter = new RequestCounter();
  const logger = new CountingLogger();
  const timeoutMs = defaults.timeoutSeconds * 1000;
  const metricSeries = new Map<string, number>();
  let shared: { config: CheckerConfig; registry: DynamoDbPlaylistRegistry } | undefined;
  const newInstance = (env: LocalPipelineEnv) => {
    const config = (shared ??= {
      config: benchConfig(env, defaults),
      registry: new DynamoDbPlaylistRegistry(env.dynamodb, env.tableName),
    }).config;
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
      store: new S3PlaylistStore(env.s3),
      queue: new SqsDeadlineQueue(env.sqs, env.queueUrl),
      metrics,
      registry: shared.registry,
      logger: instanceLogger,
    });
    return new LambdaInstance(checker, metrics, timeoutMs, meter);
  };

  const pipeline = await startLocalPipeline({
    buckets: options.buckets,
    queue: {
      name: 'stale-checker',
      visibilityTimeoutSeconds: defaults.timeoutSeconds * 6,
      // As infra sets the queue's DelaySeconds.
      delaySeconds: notificationDelaySeconds(defaults),
    },
    // The origin process sends the notifications.
    notifications: false,
    onError: (part, error) =>
      logger.error(part === 'schedule' ? 'sweep' : 'event source', { error: String(error) }),
    checker: {
      clientSettings: CHECKER_SDK_CLIENT_SETTINGS,
      instrument: (client) => counter.attach(client),
      create: newInstance,
      ...(mode === 'events'
        ? {
            // One poller per instance: an instance handles one batch at a time, like a Lambda instance.
            instances: defaults.maxConcurrency,
            eventSource: {
              pollers: 1,
              batchSize: defaults.batchSize,
              waitSeconds: options.receiveWaitSeconds,
              batchingWindowMs: options.batchingWindowMs ?? 0,
            },
          }
        : { instances: 1, eventSource: false, scheduleEveryMs: options.reconcileIntervalMs }),
    },
  });
  const { aws, dynamodb } = pipeline;
  if (!dynamodb || !shared) throw new Error('the bench pipeline started without its checker');
  const { config } = shared;

  const registerExisting = async () => {
    const s3 = new S3Client({
      ...localClientConfig(aws.endpoint),
      forcePathStyle: true,
      ...CHECKER_SDK_CLIENT_SETTINGS,
    });
    const client = dynamodb.client(CHECKER_SDK_CLIENT_SETTINGS);
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
    queueUrl: pipeline.queueUrl,
    config,
    instances: pipeline.lambdas,
    counter,
    logger,
    metricSeries,
    get sweeps() {
      return pipeline.lambdas.flatMap((instance) => instance.sweeps);
    },
    registerExisting,
    stop: () => pipeline.stop(),
  };
}
