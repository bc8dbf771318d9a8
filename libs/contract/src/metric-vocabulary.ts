/**
 * The metric vocabulary of hls-stale-guard: every metric the stale-checker emits. Infra builds its alarms
 * and dashboard from this object, so an alarm can never name a metric that is not emitted; the sinks in
 * libs/metrics publish exactly these names, units and dimension sets.
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
  /** Playlist registry items read by the reconciler sweep (one per playlist, whatever the segments). Count. */
  ReconcilerPlaylistsScanned: 'ReconcilerPlaylistsScanned',
  /**
   * A reconciler sweep stopped before the end of the registry (out of time, or the registry failed); the
   * next run resumes where it stopped. Count, once per incomplete sweep. Sustained: the sweep cannot keep
   * up with the registry within one invocation.
   */
  ReconcilerSweepIncomplete: 'ReconcilerSweepIncomplete',
  /** A playlist registry (DynamoDB) read or write failed: counted and logged, the work goes on. Count. */
  RegistryErrors: 'RegistryErrors',
  /**
   * A copy of a rendition was deleted while another pipeline's copy is live: players fail over to it, as
   * designed. Count, once per rendition entering `failed-over`. Low severity.
   */
  Failovers: 'Failovers',
  /**
   * A rendition lost its last live copy: no pipeline serves it (players error out, or freeze on a kept
   * last copy under `ALL_STALE_POLICY=keep-last`). Count, once per rendition entering `down`, with the
   * rendition's channel. Critical.
   */
  ChannelsDown: 'ChannelsDown',
  /** A deleted playlist received a new upload (its encoder is back). Count. */
  PlaylistsRecovered: 'PlaylistsRecovered',
  /** Of a recovered playlist: its deletion → its first fresh upload, on S3's clock, ms. */
  OutageDurationMs: 'OutageDurationMs',
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
  ReconcilerPlaylistsScanned: 'Count',
  ReconcilerSweepIncomplete: 'Count',
  RegistryErrors: 'Count',
  Failovers: 'Count',
  ChannelsDown: 'Count',
  PlaylistsRecovered: 'Count',
  OutageDurationMs: 'Milliseconds',
};

/** Default CloudWatch namespace. */
export const DEFAULT_METRICS_NAMESPACE = 'HlsStaleGuard';

/**
 * Dimension names. Which dimension sets each metric is published with is {@link METRIC_DIMENSION_SETS}.
 */
export const MetricDimension = {
  Bucket: 'Bucket',
  Channel: 'Channel',
} as const;
export type MetricDimension = (typeof MetricDimension)[keyof typeof MetricDimension];

/** One dimension set: the dimension names of one CloudWatch metric, in order. */
export type DimensionSet = readonly MetricDimension[];

/** The deployment-wide set: no dimensions. Every alarm uses it (one alarm, no metric math). */
export const NO_DIMENSIONS = [] as const satisfies DimensionSet;
/** Per origin bucket (pipeline A vs B). */
export const BY_BUCKET = [MetricDimension.Bucket] as const satisfies DimensionSet;
/** Per channel within a bucket: only for observations with a key, and not under the rule `none`. */
export const BY_CHANNEL = [
  MetricDimension.Bucket,
  MetricDimension.Channel,
] as const satisfies DimensionSet;

/**
 * Every dimension set the stale-checker ever used, coarsest first. Each metric uses a subset of them:
 * {@link METRIC_DIMENSION_SETS}.
 */
export const DIMENSION_SETS = [NO_DIMENSIONS, BY_BUCKET, BY_CHANNEL] as const;

/**
 * Which dimension sets each metric is published with, coarsest first. Each (metric, dimension values)
 * pair is one custom metric, billed monthly (https://aws.amazon.com/cloudwatch/pricing/), so a dimension
 * is here only where an operator acts on it:
 *
 * - per channel (`{Bucket, Channel}`): deletions, would-be deletions and check errors, the events an
 *   operator follows up channel by channel (and rare ones: a metric is billed only for the hours it gets
 *   data);
 *   the redundancy events (failovers, renditions down, recoveries) are per channel too: the channel is
 *   the rendition's (its key without the pipeline prefix), the bucket the copy's that changed it;
 * - per bucket (`{Bucket}`): the same, plus superseded deletes and invalid playlists (which pipeline);
 * - everything else, emitted on routine traffic, deployment-wide only.
 *
 * Alarms and dashboard widgets may name only a (metric, set) listed here (infra tests check it).
 */
export const METRIC_DIMENSION_SETS: Readonly<Record<MetricName, readonly DimensionSet[]>> = {
  PlaylistsChecked: [NO_DIMENSIONS],
  StalePlaylistsDeleted: [NO_DIMENSIONS, BY_BUCKET, BY_CHANNEL],
  DeletesSuperseded: [NO_DIMENSIONS, BY_BUCKET],
  DeleteLagMs: [NO_DIMENSIONS],
  PlaylistAgeAtCheckMs: [NO_DIMENSIONS],
  PlaylistsInvalid: [NO_DIMENSIONS, BY_BUCKET],
  EventsIgnored: [NO_DIMENSIONS],
  ReconcilerObjectsScanned: [NO_DIMENSIONS],
  DeletionValveTripped: [NO_DIMENSIONS],
  CheckErrors: [NO_DIMENSIONS, BY_BUCKET, BY_CHANNEL],
  DryRunWouldDelete: [NO_DIMENSIONS, BY_BUCKET, BY_CHANNEL],
  MetricsPublishFailures: [NO_DIMENSIONS],
  ReconcilerSweepIncomplete: [NO_DIMENSIONS],
  ReconcilerPlaylistsScanned: [NO_DIMENSIONS],
  RegistryErrors: [NO_DIMENSIONS],
  Failovers: [NO_DIMENSIONS, BY_BUCKET, BY_CHANNEL],
  ChannelsDown: [NO_DIMENSIONS, BY_CHANNEL],
  PlaylistsRecovered: [NO_DIMENSIONS, BY_BUCKET, BY_CHANNEL],
  OutageDurationMs: [NO_DIMENSIONS],
};

/**
 * Whether `name` is published with exactly the dimension names `dimensions`, in any order (CloudWatch
 * identifies a metric by its dimensions, not their order). `false` for a name outside the vocabulary.
 */
export function isEmittedWith(name: string, dimensions: readonly string[]): boolean {
  const wanted = [...dimensions].sort();
  return (METRIC_DIMENSION_SETS[name as MetricName] ?? []).some(
    (set) => set.length === wanted.length && [...set].sort().every((d, i) => d === wanted[i]),
  );
}

/** Whether any dimension set of `name` contains `dimension`. */
export function usesDimension(name: MetricName, dimension: MetricDimension): boolean {
  return (METRIC_DIMENSION_SETS[name] ?? []).some((set) =>
    (set as readonly string[]).includes(dimension),
  );
}

/**
 * Metrics published with 1-second storage resolution when high resolution is on (the default), so the
 * "deletions happen" alarm can use a 10 s period.
 */
export const HIGH_RESOLUTION_METRICS: readonly MetricName[] = [MetricName.StalePlaylistsDeleted];
