/**
 * The metric vocabulary of hls-stale-guard: every metric the stale-checker emits. Infra builds its alarms
 * and dashboard from this object, so an alarm can never name a metric that is not emitted.
 */
export const MetricName = {
  /** A playlist was checked (event path or reconciler). Count. */
  PlaylistsChecked: 'PlaylistsChecked',
  /** A stale media playlist was deleted. Count. The alarm "deletions happen" watches this. */
  StalePlaylistsDeleted: 'StalePlaylistsDeleted',
  /** A delete lost the race to a fresh upload (412/409/404 or a newer ETag at check time). Count. */
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
  /** Publishing metrics to CloudWatch failed (logged once per invocation). Count. */
  MetricsPublishFailures: 'MetricsPublishFailures',
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
};

/** Default CloudWatch namespace. */
export const DEFAULT_METRICS_NAMESPACE = 'HlsStaleGuard';

/** Dimension names. Every metric is emitted with {Bucket} and with {Bucket, Channel}. */
export const MetricDimension = {
  Bucket: 'Bucket',
  Channel: 'Channel',
} as const;
export type MetricDimension = (typeof MetricDimension)[keyof typeof MetricDimension];
