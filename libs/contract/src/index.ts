/**
 * Constants that the runtime (stale-checker, local lab) and the infrastructure must agree on. Infra imports
 * nothing else from the runtime; everything here is plain data (and two pure predicates over the metric
 * vocabulary).
 */

// The metric vocabulary: what the checker emits (libs/metrics) and what alarms and the dashboard name (infra).
export {
  BY_BUCKET,
  BY_CHANNEL,
  DEFAULT_METRICS_NAMESPACE,
  DIMENSION_SETS,
  HIGH_RESOLUTION_METRICS,
  isEmittedWith,
  METRIC_DIMENSION_SETS,
  MetricDimension,
  MetricName,
  MetricUnit,
  NO_DIMENSIONS,
  usesDimension,
  type DimensionSet,
} from './metric-vocabulary';

/**
 * HTTP status codes on which the CDN falls over from pipeline A's origin to pipeline B's. 403 and 404 make
 * a deleted stale playlist on A answer with B's copy at the same URL (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html).
 * Used by the CloudFront origin group (infra) and by the local edge of the lab.
 */
export const ORIGIN_FAILOVER_STATUS_CODES = [403, 404, 500, 502, 503, 504] as const;

/** Environment variables the stale-checker Lambda reads at cold start (see libs/checker/README.md). */
export const CHECKER_ENV = {
  /** Comma-separated bucket names the checker may act on. Required. */
  watchedBuckets: 'WATCHED_BUCKETS',
  /** Comma-separated key prefixes (e.g. `live/,channel-2/`). Empty or unset: the whole bucket. */
  watchedPrefixes: 'WATCHED_PREFIXES',
  /** URL of the SQS queue the S3 notifications arrive on (used to postpone messages). Required. */
  queueUrl: 'QUEUE_URL',
  /** RFC 8216 §6.2.1 multiple of TARGETDURATION (default 1.5, ≥ 1). */
  targetDurationMultiple: 'TARGET_DURATION_MULTIPLE',
  /** LL-HLS multiple of PART-TARGET (default 3, ≥ 1). */
  partTargetMultiple: 'PART_TARGET_MULTIPLE',
  /** Extra ms on every deadline (default 0). */
  graceMs: 'GRACE_MS',
  /** Playlists larger than this many bytes are never deleted (default 5 MiB). */
  maxPlaylistBytes: 'MAX_PLAYLIST_BYTES',
  /** `true`: decide, log and count, delete nothing (default false). */
  dryRun: 'DRY_RUN',
  /** Deletion valve: at most this many deletions per minute per instance (default 120). */
  maxDeletionsPerMinute: 'MAX_DELETIONS_PER_MINUTE',
  /** The reconciler stops this many ms before the function's timeout (default 5000). */
  reconcilerSafetyMarginMs: 'RECONCILER_SAFETY_MARGIN_MS',
  /**
   * Longest rest of a deadline waited inside an invocation, ms (default
   * {@link DEFAULT_INLINE_WAIT_MAX_MS}; 0 = never wait inline, the message comes back just after its
   * deadline). Farther deadlines are postponed in SQS, whose visibility has whole-second granularity.
   */
  inlineWaitMaxMs: 'INLINE_WAIT_MAX_MS',
  /** The SQS event source mapping's batch size (default 10): a smaller batch tells the window ran out. */
  eventSourceBatchSize: 'EVENT_SOURCE_BATCH_SIZE',
  /**
   * The SQS event source mapping's batching window, s (unset: 0; infra passes its
   * `batchingWindowSeconds`, default {@link DEFAULT_BATCHING_WINDOW_SECONDS}): after a batch that was not
   * full (the window ran out), messages are postponed one window earlier.
   */
  eventSourceBatchingWindowSeconds: 'EVENT_SOURCE_BATCHING_WINDOW_SECONDS',
  /**
   * The playlist queue's `DelaySeconds`, s (unset: 0; infra passes {@link notificationDelaySeconds}): every
   * notification reaches the checker this long after its upload. The checker warns, once per key, of a
   * live playlist whose deadline comes sooner, as it is checked late.
   */
  notificationDelaySeconds: 'NOTIFICATION_DELAY_SECONDS',
  /** The playlist registry: a DynamoDB table (see REGISTRY_TABLE_SCHEMA). Required. */
  registryTable: 'REGISTRY_TABLE',
  /** A registered playlist not seen for this many hours expires from the registry (default 168). */
  registryTtlHours: 'REGISTRY_TTL_HOURS',
  /** CloudWatch namespace (default `HlsStaleGuard`). */
  metricsNamespace: 'METRICS_NAMESPACE',
  /** Channel dimension rule: `segment:<n>` (n-th path segment, default `segment:0`) or `none`. */
  metricsChannelRule: 'METRICS_CHANNEL_RULE',
  /** Distinct channels per invocation before aggregating into `Channel=other` (default 50). */
  metricsMaxChannels: 'METRICS_MAX_CHANNELS',
  /** `true`: 1-second storage resolution for StalePlaylistsDeleted (default true). */
  metricsHighResolution: 'METRICS_HIGH_RESOLUTION',
  /** Bound on publishing metrics at the end of an invocation, ms (default 2000). */
  metricsPublishTimeoutMs: 'METRICS_PUBLISH_TIMEOUT_MS',
  /**
   * Lowest level of the checker's own log lines: one of {@link LOG_LEVELS} (default
   * {@link DEFAULT_LOG_LEVEL}). `debug` adds a line for every routine outcome.
   */
  logLevel: 'LOG_LEVEL',
  /**
   * The encoder pipelines whose origins hold copies of the same renditions: a comma list of `name=bucket`
   * or `name=bucket/prefix/` (e.g. `a=origin-a,b=origin-b`). Unset: each watched bucket is a pipeline
   * named by its bucket, with the same key layout.
   */
  pipelines: 'PIPELINES',
  /**
   * What to do when every copy of a rendition is stale: one of {@link ALL_STALE_POLICIES} (default
   * {@link DEFAULT_ALL_STALE_POLICY}).
   */
  allStalePolicy: 'ALL_STALE_POLICY',
} as const;

/**
 * `delete`: every stale copy is deleted, so players get 404 and error out (RFC 8216 §6.2.1); `keep-last`:
 * the last copy stays while no other copy is live, and players freeze on it.
 */
export const ALL_STALE_POLICIES = ['delete', 'keep-last'] as const;
export type AllStalePolicy = (typeof ALL_STALE_POLICIES)[number];
export const DEFAULT_ALL_STALE_POLICY: AllStalePolicy = 'delete';

/** The bound of one numeric checker setting: `min ≤ value ≤ max`, a whole number when `integer`. */
export interface NumericSettingBound {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/**
 * The one definition of what each numeric checker setting accepts. The runtime loaders reject values
 * outside these bounds at cold start, and infra's config validation accepts exactly these bounds, so a
 * configuration infra synthesizes can never fail the function at init. Keys are {@link CHECKER_ENV} keys.
 */
export const CHECKER_SETTING_BOUNDS = {
  /** Below 1 × the interval RFC 8216 §6.2.1 allows, a healthy playlist would be deleted. */
  targetDurationMultiple: { min: 1, max: 10, integer: false },
  partTargetMultiple: { min: 1, max: 10, integer: false },
  graceMs: { min: 0, max: 600_000, integer: true },
  maxPlaylistBytes: { min: 1, max: 50 * 1024 * 1024, integer: true },
  /** 0 would trip the valve on the first deletion; "delete nothing" is `DRY_RUN`. */
  maxDeletionsPerMinute: { min: 1, max: 100_000, integer: true },
  /** Lambda's maximum timeout is 900 s. */
  reconcilerSafetyMarginMs: { min: 0, max: 900_000, integer: true },
  /**
   * SQS visibility timeouts are whole seconds
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html):
   * a postponed message comes back within a second of the wanted moment, so waiting more than 1 s inline
   * never saves a postponement.
   */
  inlineWaitMaxMs: { min: 0, max: 1_000, integer: true },
  /** At most ten years; DynamoDB TTL takes any epoch-seconds number. */
  registryTtlHours: { min: 1, max: 87_600, integer: true },
  /**
   * Each channel is up to a dozen custom metrics per bucket, billed monthly
   * (https://aws.amazon.com/cloudwatch/pricing/): more than 1,000 is a typo, not a plan.
   */
  metricsMaxChannels: { min: 1, max: 1_000, integer: true },
  /** Below 100 ms a PutMetricData call (TLS handshake included) cannot complete; above 10 s it holds the checker up. */
  metricsPublishTimeoutMs: { min: 100, max: 10_000, integer: true },
} as const satisfies Partial<Record<keyof typeof CHECKER_ENV, NumericSettingBound>>;

/** SQS `DelaySeconds` is 0–900 (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html). */
export const SQS_MAX_DELAY_SECONDS = 900;

/**
 * What the checker accepts for the delivery settings infra passes it (infra validates its own, stricter
 * `batchSize` and `batchingWindowSeconds`, and derives the delay): an SQS event source mapping takes
 * 1–10,000 messages per batch and a `MaximumBatchingWindowInSeconds` of 0–300
 * (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html); a queue's
 * `DelaySeconds` is 0–{@link SQS_MAX_DELAY_SECONDS}.
 */
export const EVENT_SOURCE_SETTING_BOUNDS = {
  eventSourceBatchSize: { min: 1, max: 10_000, integer: true },
  eventSourceBatchingWindowSeconds: { min: 0, max: 300, integer: true },
  notificationDelaySeconds: { min: 0, max: SQS_MAX_DELAY_SECONDS, integer: true },
} as const satisfies Partial<Record<keyof typeof CHECKER_ENV, NumericSettingBound>>;

/**
 * `METRICS_CHANNEL_RULE` is `segment:<n>` with n in this range, or `none`. S3 keys are at most 1,024
 * bytes, so a deeper segment is a typo.
 */
export const CHANNEL_SEGMENT_INDEX_BOUND = { min: 0, max: 32, integer: true } as const;

/**
 * CloudWatch namespaces: 1–255 of `0-9A-Za-z . - _ / # :` and space, not starting with `:` (API pattern
 * `[^:].*`) and not `AWS/` (reserved for AWS services).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace
 */
export const METRICS_NAMESPACE_PATTERN = /^(?!:)(?!AWS\/)[0-9A-Za-z._\-/#: ]{1,255}$/;

/**
 * The values `LOG_LEVEL` accepts, lowest first; also Lambda's application log levels in lower case
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html), so infra can
 * pass the same setting to the function's logging configuration.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Decisions that matter, warnings and errors; routine outcomes are counted, not logged. */
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/**
 * Default `INLINE_WAIT_MAX_MS`. A message due within this long is waited for inside the invocation;
 * a farther one is postponed to come back at most this long before its deadline (SQS visibility has
 * whole seconds). At 1,000 a check lands on the deadline. With the queue's delivery delay
 * ({@link notificationDelaySeconds}) a notification arrives a window before its deadline, usually after
 * its version's successor (one HEAD settles it); the few that are not replaced yet wait the rest inline
 * instead of coming back in a second delivery. 500 postpones them, and their second delivery waits for a
 * batch to fill: a lag p99 over 1 s on a busy origin, at no lower cost. Without the delay, 1,000 waits for
 * most messages (about $0.20 more per million uploads on a busy origin than 500). Measured in
 * docs/performance.md.
 */
export const DEFAULT_INLINE_WAIT_MAX_MS = 1000;

/**
 * Default event source batching window, s. One second fills batches on a busy origin (ten messages per
 * receive, acknowledgement and invocation instead of one or two); on a quiet one the window runs out
 * and the checker postpones messages that much earlier (`EVENT_SOURCE_BATCHING_WINDOW_SECONDS`).
 * Measured in docs/performance.md.
 */
export const DEFAULT_BATCHING_WINDOW_SECONDS = 1;

/**
 * Default shortest EXT-X-TARGETDURATION the encoders use, s: the queue then delays every notification
 * by {@link notificationDelaySeconds} (2 s with the other defaults). Measured in docs/performance.md.
 */
export const DEFAULT_MIN_TARGET_DURATION_SECONDS = 2;

/** What the queue's delivery delay is derived from (infra's settings of the same names). */
export interface NotificationDelayInputs {
  /** The shortest EXT-X-TARGETDURATION the encoders use, s; `null`: no delay. */
  minTargetDurationSeconds: number | null;
  /** RFC 8216 §6.2.1's multiple (1.5). */
  targetDurationMultiple: number;
  /** The event source's batching window, s. */
  batchingWindowSeconds: number;
}

/**
 * The queue's `DelaySeconds`: how long SQS holds each S3 notification before any consumer sees it. No
 * playlist can be stale before k × its TARGETDURATION, so a notification delivered at once is only ever
 * postponed to its deadline: a second delivery per upload (receive, acknowledgement, invocation). Held
 * until one batching window before the shortest deadline, most notifications arrive when their version
 * has already been replaced and one look at S3 settles them; one that arrives early is postponed or
 * waited for as before. floor(k × min TARGETDURATION) − window, 0–900 s. A playlist whose TARGETDURATION
 * is shorter than `minTargetDurationSeconds` is checked late by up to the difference, never early.
 *
 * @example notificationDelaySeconds({ minTargetDurationSeconds: 2, targetDurationMultiple: 1.5, batchingWindowSeconds: 1 }) // 2
 */
export function notificationDelaySeconds(inputs: NotificationDelayInputs): number {
  if (inputs.minTargetDurationSeconds === null) return 0;
  const shortestDeadlineSeconds = Math.floor(
    inputs.targetDurationMultiple * inputs.minTargetDurationSeconds,
  );
  return Math.min(
    SQS_MAX_DELAY_SECONDS,
    Math.max(0, shortestDeadlineSeconds - inputs.batchingWindowSeconds),
  );
}

/** Default event source batch size: the largest without a window (10), so a full batch means a busy queue. */
export const DEFAULT_EVENT_SOURCE_BATCH_SIZE = 10;

/** Default registry TTL: a playlist not seen for a week leaves the registry. */
export const DEFAULT_REGISTRY_TTL_HOURS = 168;

/**
 * The playlist registry's DynamoDB table, as infra creates it and the checker uses it: one item per
 * playlist (`pk` = `<bucket>/<key>`; bucket names cannot contain `/`), expired by DynamoDB TTL on
 * `expiresAt` (epoch seconds), on-demand billing.
 */
export const REGISTRY_TABLE_SCHEMA = {
  partitionKey: 'pk',
  ttlAttribute: 'expiresAt',
} as const;

/**
 * The suffix of an HLS playlist key, lower case only. The runtime's `isPlaylistKey`, the checker's IAM
 * resources (`<bucket>/<prefix>*.m3u8`) and the S3 notification suffix filter all use it. IAM resource
 * ARNs and S3 keys are case-sensitive, and so is the notification filter
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html): a key
 * ending in `.M3U8` is not a playlist to any of them.
 */
export const PLAYLIST_KEY_SUFFIX = '.m3u8';

/** The Lambda handler export inside the stale-checker bundle. */
export const CHECKER_HANDLER = 'index.handler';

/** Where `nx build stale-checker` writes the deployable zip, relative to the workspace root. */
export const CHECKER_ZIP_PATH = 'dist/apps/stale-checker/stale-checker.zip';

/** Lambda runtime and architecture the bundle is built for. */
export const CHECKER_RUNTIME = 'nodejs24.x';
export const CHECKER_ARCHITECTURE = 'arm64';

/**
 * The scheduled reconciler invocation: EventBridge delivers `{ "source": "aws.events", "detail-type":
 * "Scheduled Event", ... }`; infra may also send this constant input so a manual invoke runs a sweep.
 */
export const RECONCILE_EVENT_INPUT = { hlsStaleGuard: 'reconcile' } as const;

/**
 * The manual invocation that registers the playlists that existed before deployment in the playlist
 * registry (a full ListObjectsV2 of the watched buckets/prefixes, on demand only).
 */
export const REGISTER_EVENT_INPUT = { hlsStaleGuard: 'register' } as const;
