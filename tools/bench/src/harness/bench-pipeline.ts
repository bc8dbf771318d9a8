import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  startSqsEventSourceStandIn,
  type LocalAws,
  type SqsEventSourceStandIn,
} from '@hls-stale-guard/local-aws';
import { InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import {
  createChecker,
  loadConfig,
  S3PlaylistStore,
  SqsDeadlineQueue,
  type CheckerConfig,
  type LogFields,
  type Logger,
  type ReconcileReport,
} from '@hls-stale-guard/checker';
import type { DeploymentDefaults } from './deployment-defaults';
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
}

/** Counts checker log lines by level; keeps the first few errors for the report. Never prints. */
export class CountingLogger implements Logger {
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
  queueUrl: string;
  config: CheckerConfig;
  instances: LambdaInstance[];
  /** The checker's S3 and SQS calls and the event source's receives and acknowledgements. */
  counter: RequestCounter;
  logger: CountingLogger;
  sweeps: ReconcileReport[];
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
 * (S3 + SQS) with the buckets and the queue, one event source stand-in per Lambda instance (the event
 * source mapping's maximum concurrency) or the reconciler schedule, and the real checker with the real
 * S3/SQS adapters. The origin side (encoders, S3 → SQS notification stand-in) runs in its own process
 * (`detection/origin-process.ts`). Requests are counted in-process by SDK middleware.
 */
export async function startBenchPipeline(options: BenchPipelineOptions): Promise<BenchPipeline> {
  const { defaults, mode } = options;
  const aws = await startFauxqs();
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
    // Required by loadConfig; the bench's checker does not use the registry.
    [CHECKER_ENV.registryTable]: 'hls-stale-guard-bench-registry',
    [CHECKER_ENV.targetDurationMultiple]: String(defaults.targetDurationMultiple),
    [CHECKER_ENV.graceMs]: String(defaults.graceMs),
    [CHECKER_ENV.maxDeletionsPerMinute]: String(defaults.maxDeletionsPerMinute),
    [CHECKER_ENV.reconcilerSafetyMarginMs]: String(defaults.reconcilerSafetyMarginMs),
    [CHECKER_ENV.metricsChannelRule]: defaults.metricsChannelRule,
    [CHECKER_ENV.metricsHighResolution]: String(defaults.highResolutionMetrics),
  });
  const checkerS3 = new S3Client({
    ...clientConfig(aws.endpoint),
    forcePathStyle: true,
    ...RESILIENCE,
  });
  const checkerSqs = new SQSClient({ ...clientConfig(aws.endpoint), ...RESILIENCE });
  counter.attach(checkerS3);
  counter.attach(checkerSqs);
  const logger = new CountingLogger();
  const timeoutMs = defaults.timeoutSeconds * 1000;
  const newInstance = () => {
    const metrics = new InMemoryMetricsSink({ config: config.metrics });
    const checker = createChecker({
      config,
      store: new S3PlaylistStore(checkerS3),
      queue: new SqsDeadlineQueue(checkerSqs, queueUrl),
      metrics,
      logger,
    });
    return new LambdaInstance(checker, metrics, timeoutMs);
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

  return {
    aws,
    queueUrl,
    config,
    instances,
    counter,
    logger,
    sweeps,
    async stop() {
      if (scheduler) clearInterval(scheduler);
      await sweeping;
      await Promise.all(eventSources.map((source) => source.stop()));
      admin.destroy();
      checkerS3.destroy();
      for (const client of [adminSqs, checkerSqs]) client.destroy();
      await aws.stop();
    },
  };
}
