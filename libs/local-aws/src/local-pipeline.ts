import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';
import { startS3NotificationStandIn, type S3NotificationStandIn } from './s3-notification-stand-in';
import {
  startSqsEventSourceStandIn,
  type SqsEventSourceStandIn,
} from './sqs-event-source-stand-in';
import { startDynalite, type LocalDynamoDb } from './start-dynalite';
import { LOCAL_AWS_REGION, localClientConfig, startFauxqs, type LocalAws } from './start-fauxqs';

/**
 * The SDK settings the checker's clients get (retries, timeouts). The caller passes the Lambda's own
 * (`CHECKER_SDK_CLIENT_SETTINGS` of libs/checker), so the local calls are bounded like the deployed ones.
 */
export interface SdkClientSettings {
  maxAttempts?: number;
  requestHandler?: {
    connectionTimeout?: number;
    requestTimeout?: number;
    throwOnRequestTimeout?: boolean;
  };
}

/** What a checker instance is built from: its clients and the names of what the pipeline created. */
export interface LocalPipelineEnv {
  /** The checker's clients: the caller's SDK settings, instrumented, through the fault proxies if any. */
  s3: S3Client;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  /** Where those clients send their requests (the servers, or the fault proxies in front of them). */
  endpoints: { aws: string; dynamodb: string };
  buckets: readonly string[];
  queueUrl: string;
  /** The playlist registry table on dynalite. */
  tableName: string;
}

/** One Lambda instance: the handler the event source invokes, and the one the schedule invokes. */
export interface LocalLambda {
  /** One invocation by the SQS event source mapping (ReportBatchItemFailures). */
  handleSqs(event: SQSEvent): Promise<SQSBatchResponse>;
  /** One invocation by the reconciler schedule (EventBridge). */
  handleSchedule?(): Promise<unknown>;
}

/** The stand-ins that report errors to `onError` instead of throwing. */
export type LocalPipelinePart = 'notifications' | 'event-source' | 'schedule';

export interface LocalPipelineOptions<L extends LocalLambda> {
  /** Created on fauxqs (and, with the notification stand-in, watched). */
  buckets: readonly string[];
  /** The checker's queue and its dead-letter queue (`<name>-dlq`), with a redrive policy. */
  queue?: {
    /** Default `stale-checker`. */
    name?: string;
    /** Default 30 s. */
    visibilityTimeoutSeconds?: number;
    /** Receives before a message moves to the DLQ; default 10, as infra sets it. */
    maxReceiveCount?: number;
    /** The queue's `DelaySeconds` (default 0): every message is hidden this long after it is sent. */
    delaySeconds?: number;
  };
  /**
   * The S3 → SQS notification stand-in in front of fauxqs (default on). `false` when the uploads'
   * notifications are sent by another process.
   */
  notifications?: boolean;
  /** Errors of the stand-ins (default: one line on stderr). */
  onError?: (part: LocalPipelinePart, error: unknown) => void;
  /** The checker (absent: uploads and notifications only, no dynalite, no event source). */
  checker?: LocalCheckerOptions<L>;
}

interface LocalCheckerOptions<L extends LocalLambda> {
  /** Builds one Lambda instance (called once per instance, in order; `index` from 0). */
  create(env: LocalPipelineEnv, index: number): L | Promise<L>;
  /** SDK settings of the checker's clients (the Lambda's). */
  clientSettings: SdkClientSettings;
  /** Called on each of the checker's clients before its first request (e.g. to count requests). */
  instrument?(client: S3Client | SQSClient | DynamoDBClient): void;
  /** Fault-injecting proxies between the checker's clients and fauxqs (`aws`) or dynalite (`dynamodb`). */
  faults?: {
    aws?: Omit<FaultProxyOptions, 'target'>;
    dynamodb?: Omit<FaultProxyOptions, 'target'>;
  };
  /** Lambda instances (default 1): each gets its own event source stand-in. */
  instances?: number;
  /** The event source mapping, per instance; `false`: no event path (the schedule only). */
  eventSource?:
    | false
    | {
        /** Concurrent pollers per instance (default 2). */
        pollers?: number;
        batchSize?: number;
        /** Long-poll wait of each receive, s (default 1). */
        waitSeconds?: number;
        /** `MaximumBatchingWindowInSeconds`, in ms (default 0). */
        batchingWindowMs?: number;
      };
  /**
   * The EventBridge schedule: every this many ms, the first instance's `handleSchedule` (a tick is
   * skipped while the previous run lasts). Absent: no schedule.
   */
  scheduleEveryMs?: number;
}

export interface LocalPipeline<L extends LocalLambda = LocalLambda> {
  aws: LocalAws;
  /** dynalite with the playlist registry table (only with a checker). */
  dynamodb: LocalDynamoDb | undefined;
  /** Direct clients on fauxqs, not the checker's: setup, assertions, reads that must not notify. */
  s3: S3Client;
  sqs: SQSClient;
  buckets: readonly string[];
  queueName: string;
  queueUrl: string;
  dlqUrl: string;
  /** Where uploads go to be notified: the notification stand-in (or fauxqs without it). */
  uploadEndpoint: string;
  notifications: S3NotificationStandIn | undefined;
  /** The Lambda instances, in order. */
  lambdas: L[];
  faults: { aws?: FaultProxy; dynamodb?: FaultProxy };
  /** Batches the event sources handed to the instances so far. */
  invocations(): number;
  /** Messages on the queue (visible, in flight) and on the DLQ. */
  queueDepth(): Promise<{ visible: number; inFlight: number; dlq: number }>;
  /** Stops everything started, last started first; throws the first failure after trying them all. */
  stop(): Promise<void>;
}

const DEFAULT_QUEUE = 'stale-checker';
/** SQS redrive: infra's `maxReceiveCount`. */
const DEFAULT_MAX_RECEIVE_COUNT = 10;
/** fauxqs accepts any account ID in an ARN: the redrive policy names the DLQ by this one. */
const LOCAL_ACCOUNT_ID = '000000000000';

const toStderr = (part: LocalPipelinePart, error: unknown) =>
  process.stderr.write(`${part}: ${String(error)}\n`);

/**
 * The pipeline on 127.0.0.1, as deployed: fauxqs (S3 + SQS) with the buckets, the queue and its DLQ
 * (redrive), the S3 → SQS notification stand-in, and, with a checker, dynalite with the playlist
 * registry table, the checker's clients (the caller's SDK settings, optionally through fault proxies),
 * one event source stand-in per Lambda instance and the reconciler schedule. The checker itself is
 * injected (`checker.create`): this library does not depend on it.
 *
 * @example
 * const pipeline = await startLocalPipeline({
 *   buckets: ['origin-a'],
 *   checker: {
 *     clientSettings: CHECKER_SDK_CLIENT_SETTINGS,
 *     create: (env) => { const checker = createChecker({ ... }); return { handleSqs: (e) => checker.processSqsBatch(e, budget) }; },
 *   },
 * });
 * await pipeline.stop();
 */
export async function startLocalPipeline<L extends LocalLambda = LocalLambda>(
  options: LocalPipelineOptions<L>,
): Promise<LocalPipeline<L>> {
  const stoppers: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const step of stoppers.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  };
  try {
    return await wire(options, stoppers, stop);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

async function wire<L extends LocalLambda>(
  options: LocalPipelineOptions<L>,
  stoppers: Array<() => Promise<void> | void>,
  stop: () => Promise<void>,
): Promise<LocalPipeline<L>> {
  const onError = options.onError ?? toStderr;
  /** Registers a started part's `stop`, so a failure further on stops it too. */
  const started = <T extends { stop(): Promise<void> }>(part: T): T => {
    stoppers.push(() => part.stop());
    return part;
  };
  const [aws, dynamodb] = await Promise.all([
    startFauxqs().then(started),
    options.checker ? startDynalite().then(started) : undefined,
  ]);
  const s3 = new S3Client({ ...localClientConfig(aws.endpoint), forcePathStyle: true });
  const sqs = new SQSClient(localClientConfig(aws.endpoint));
  stoppers.push(() => {
    s3.destroy();
    sqs.destroy();
  });
  for (const bucket of options.buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));

  const queueName = options.queue?.name ?? DEFAULT_QUEUE;
  const dlqName = `${queueName}-dlq`;
  const { QueueUrl: dlqUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: dlqName }));
  const { QueueUrl: queueUrl = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: queueName,
      Attributes: {
        VisibilityTimeout: String(options.queue?.visibilityTimeoutSeconds ?? 30),
        DelaySeconds: String(options.queue?.delaySeconds ?? 0),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: `arn:aws:sqs:${LOCAL_AWS_REGION}:${LOCAL_ACCOUNT_ID}:${dlqName}`,
          maxReceiveCount: String(options.queue?.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT),
        }),
      },
    }),
  );

  let notifications: S3NotificationStandIn | undefined;
  if (options.notifications ?? true) {
    notifications = started(
      await startS3NotificationStandIn({
        target: aws.endpoint,
        sqs,
        queueUrl,
        onError: (error) => onError('notifications', error),
      }),
    );
  }

  const lambdas: L[] = [];
  const eventSources: SqsEventSourceStandIn[] = [];
  const faults: LocalPipeline<L>['faults'] = {};
  if (options.checker && dynamodb) {
    const checker = options.checker;
    const proxy = async (target: string, fault?: Omit<FaultProxyOptions, 'target'>) =>
      fault ? started(await startFaultProxy({ ...fault, target })) : undefined;
    faults.aws = await proxy(aws.endpoint, checker.faults?.aws);
    faults.dynamodb = await proxy(dynamodb.endpoint, checker.faults?.dynamodb);
    const endpoints = {
      aws: faults.aws?.endpoint ?? aws.endpoint,
      dynamodb: faults.dynamodb?.endpoint ?? dynamodb.endpoint,
    };
    const settings = checker.clientSettings;
    const env: LocalPipelineEnv = {
      s3: new S3Client({ ...localClientConfig(endpoints.aws), forcePathStyle: true, ...settings }),
      sqs: new SQSClient({ ...localClientConfig(endpoints.aws), ...settings }),
      dynamodb: dynamodb.client({ ...settings, endpoint: endpoints.dynamodb }),
      endpoints,
      buckets: options.buckets,
      queueUrl,
      tableName: dynamodb.tableName,
    };
    stoppers.push(() => {
      for (const client of [env.s3, env.sqs, env.dynamodb]) client.destroy();
    });
    for (const client of [env.s3, env.sqs, env.dynamodb]) checker.instrument?.(client);

    stoppers.push(async () => void (await Promise.all(eventSources.map((s) => s.stop()))));
    for (let index = 0; index < (checker.instances ?? 1); index += 1) {
      const lambda = await checker.create(env, index);
      lambdas.push(lambda);
      if (checker.eventSource === false) continue;
      const source = startSqsEventSourceStandIn({
        sqs: env.sqs,
        queueUrl,
        pollers: checker.eventSource?.pollers ?? 2,
        batchSize: checker.eventSource?.batchSize,
        waitSeconds: checker.eventSource?.waitSeconds,
        batchingWindowMs: checker.eventSource?.batchingWindowMs,
        handler: (event) => lambda.handleSqs(event),
        onError: (error) => onError('event-source', error),
      });
      eventSources.push(source);
    }

    const scheduled = lambdas[0];
    if (checker.scheduleEveryMs !== undefined && scheduled?.handleSchedule) {
      let running: Promise<void> | undefined;
      const timer = setInterval(() => {
        if (running) return; // a run longer than the interval: the next tick is skipped
        running = Promise.resolve()
          .then(() => scheduled.handleSchedule?.())
          .then(
            () => {},
            (error: unknown) => onError('schedule', error),
          )
          .finally(() => {
            running = undefined;
          });
      }, checker.scheduleEveryMs);
      stoppers.push(async () => {
        clearInterval(timer);
        await running;
      });
    }
  }

  const attributes = async (url: string, names: QueueAttributeName[]) => {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }),
    );
    return names.map((name) => Number(out.Attributes?.[name] ?? 0));
  };

  return {
    aws,
    dynamodb,
    s3,
    sqs,
    buckets: options.buckets,
    queueName,
    queueUrl,
    dlqUrl,
    uploadEndpoint: notifications?.endpoint ?? aws.endpoint,
    notifications,
    lambdas,
    faults,
    invocations: () => eventSources.reduce((sum, source) => sum + source.invocations(), 0),
    async queueDepth() {
      const [visible = 0, inFlight = 0] = await attributes(queueUrl, [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ]);
      const [dlq = 0] = await attributes(dlqUrl, ['ApproximateNumberOfMessages']);
      return { visible, inFlight, dlq };
    },
    stop,
  };
}
