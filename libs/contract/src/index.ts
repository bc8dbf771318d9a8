/**
 * Constants that the runtime (stale-checker, local lab) and the infrastructure must agree on. Infra imports
 * nothing else from the runtime; everything here is plain data.
 */

/**
 * HTTP status codes on which the CDN falls over from pipeline A's origin to pipeline B's. 403 and 404 make
 * a deleted stale playlist on A answer with B's copy at the same URL (FACTS: CloudFront origin groups).
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
} as const;
export type CheckerEnvName = (typeof CHECKER_ENV)[keyof typeof CHECKER_ENV];

/**
 * The playlist registry's DynamoDB table, as infra creates it and the checker uses it: one item per
 * playlist (`pk` = `<bucket>/<key>`; bucket names cannot contain `/`), expired by DynamoDB TTL on
 * `expiresAt` (epoch seconds), on-demand billing.
 */
export const REGISTRY_TABLE_SCHEMA = {
  partitionKey: 'pk',
  ttlAttribute: 'expiresAt',
} as const;

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
