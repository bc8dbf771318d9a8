/**
 * The metric vocabulary of hls-stale-guard: every metric the stale-checker emits. Infra builds its alarms
 * and dashboard from this object, so an alarm can never name a metric that is not emitted.
 */
export const MetricName = {
  /** A playlist was checked (event path or reconciler). Count. */
  PlaylistsChecked: 'PlaylistsChecked',
  /** A stale media playlist was deleted. Count. The alarm "deletions happen" watches this. */
  StalePlaylistsDeleted: 'StalePlaylistsDeleted',
  /**
   * A fresh upload won the race after the check had found the same ETag at the deadline: the facts read or
   * the conditional delete answered 412/409/404. Count. (A newer ETag already at the HEAD is the healthy case
   * and is not counted here.)
   */
  DeletesSuperseded: 'DeletesSuperseded',
  /** Delete time − deadline, ms. */
  DeleteLagMs: 'DeleteLagMs',
  /** Age of the playlist (S3 clock) when it was checked at its deadline, ms. */
  PlaylistAgeAtCheckMs: 'PlaylistAgeAtCheckMs',
  /** A playlist could not be understood (kept, never deleted). Count. */
  PlaylistsInvalid: 'PlaylistsInvalid',
  /** An event or record that was acknowledged without a check (test event, non-.m3u8, outside prefixes). Count. */
  EventsIgnored: 'EventsIgnored',
  /** Objects listed by the reconciler sweep. Count. */
  ReconcilerObjectsScanned: 'ReconcilerObjectsScanned',
  /** The deletion valve switched an instance to dry-run for the rest of its window. Count. */
  DeletionValveTripped: 'DeletionValveTripped',
  /** A check failed with an error and will be retried. Count. */
  CheckErrors: 'CheckErrors',
  /** DRY_RUN (or a tripped valve) kept a playlist that would have been deleted. Count. */
  DryRunWouldDelete: 'DryRunWouldDelete',
  /**
   * PutMetricData calls that failed or timed out. Count. Logged at once; published with the next flush
   * that reaches CloudWatch (the publisher keeps the count until then), dimensions `{}` and
   * `{Bucket=unknown}`.
   */
  MetricsPublishFailures: 'MetricsPublishFailures',
  /**
   * A reconciler sweep that could not finish within its invocation (it stopped at the safety margin
   * before the timeout): playlists after that point were not checked by this sweep. Count.
   */
  ReconcilerSweepIncomplete: 'ReconcilerSweepIncomplete',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** CloudWatch units per metric, so publisher and dashboards agree. */
export const MetricUnit: Readonly<Record<MetricName, 'Count' | 'Milliseconds'>> = {
  PlaylistsChecked: 'Count',
  StalePlaylistsDeleted: 'Count',
  DeletesSuperseded: 'Count',
  DeleteLagMs: 'Milliseconds',
  PlaylistAgeAtCheckMs: 'Milliseconds',
  PlaylistsInvalid: 'Count',
  EventsIgnored: 'Count',
  ReconcilerObjectsScanned: 'Count',
  DeletionValveTripped: 'Count',
  CheckErrors: 'Count',
  DryRunWouldDelete: 'Count',
  MetricsPublishFailures: 'Count',
  ReconcilerSweepIncomplete: 'Count',
};

/** Default CloudWatch namespace. */
export const DEFAULT_METRICS_NAMESPACE = 'HlsStaleGuard';

/**
 * Dimension names. Every observation is published in three dimension sets (see {@link DIMENSION_SETS}):
 * `{}` (the whole deployment), `{Bucket}` and `{Bucket, Channel}` (the last only when the observation has
 * a key and the channel rule is not `none`).
 */
export const MetricDimension = {
  Bucket: 'Bucket',
  Channel: 'Channel',
} as const;
export type MetricDimension = (typeof MetricDimension)[keyof typeof MetricDimension];

/**
 * The dimension sets every metric is published with, coarsest first. Alarms use `[]` ("≥ 1 deletion
 * anywhere in the deployment" without metric math), dashboards break down by `[Bucket]` and
 * `[Bucket, Channel]`.
 */
export const DIMENSION_SETS = [
  [],
  [MetricDimension.Bucket],
  [MetricDimension.Bucket, MetricDimension.Channel],
] as const satisfies readonly (readonly MetricDimension[])[];

/** `Bucket` value when the observation has no bucket (e.g. a malformed message). */
export const BUCKET_UNKNOWN = 'unknown';

/** `Channel` value for every channel beyond the per-invocation cardinality cap. */
export const CHANNEL_OTHER = 'other';

/** `Channel` value when the key has no usable path segment at the rule's position. */
export const CHANNEL_ROOT = '(root)';

/**
 * Metrics published with 1-second storage resolution when high resolution is on (the default), so the
 * "deletions happen" alarm can use a 10 s period.
 */
export const HIGH_RESOLUTION_METRICS: readonly MetricName[] = [MetricName.StalePlaylistsDeleted];
