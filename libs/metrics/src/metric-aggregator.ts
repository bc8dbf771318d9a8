import { channelOf, type ChannelRule } from './channel-rule';
import { MAX_ABS_METRIC_VALUE, MIN_ABS_NONZERO_METRIC_VALUE } from './cloudwatch-limits';
import {
  HIGH_RESOLUTION_METRICS,
  MetricDimension,
  MetricName,
  usesDimension,
} from '@hls-stale-guard/contract';
import { BUCKET_UNKNOWN, CHANNEL_OTHER, CHANNEL_ROOT } from './dimension-values';
import type { MetricContext } from './metrics-sink';
import { toDimensionValue } from './to-dimension-value';

/** Aggregation period of a 1-second (high-resolution) metric. */
const HIGH_RESOLUTION_PERIOD_MS = 1000;
/** Aggregation period of a standard-resolution metric: CloudWatch keeps it per minute anyway. */
const STANDARD_RESOLUTION_PERIOD_MS = 60_000;

/** What the aggregator needs from {@link MetricsConfig}. */
export interface AggregatorOptions {
  channelRule: ChannelRule;
  /** Distinct channels per invocation before the rest are published as `Channel=other`. */
  maxChannels: number;
  /** Publish {@link HIGH_RESOLUTION_METRICS} at 1-second storage resolution. */
  highResolution: boolean;
}

/** All observations of one metric, in one bucket/channel, in one aggregation period. */
export interface MetricSeries {
  readonly name: MetricName;
  /**
   * A valid dimension value, {@link BUCKET_UNKNOWN} when the observation had none; `undefined` when the
   * metric has no `Bucket` dimension ({@link METRIC_DIMENSION_SETS}).
   */
  readonly bucket: string | undefined;
  /**
   * `undefined`: no `{Bucket, Channel}` datum (the metric has no `Channel` dimension, rule `none`, or no
   * key).
   */
  readonly channel: string | undefined;
  /** Start of the aggregation period (epoch ms): the datum's Timestamp. */
  readonly timestampMs: number;
  /** Published with `StorageResolution: 1`. */
  readonly highResolution: boolean;
  /** value → number of observations of that value. */
  readonly counts: ReadonlyMap<number, number>;
}

/** What one invocation observed: the input of {@link toMetricDatums}. */
export interface MetricAggregate {
  readonly series: readonly MetricSeries[];
  /**
   * Observations dropped because CloudWatch would reject them (value not finite or beyond ±2^360, an
   * unknown metric name, a non-finite time). One bad datum fails a whole PutMetricData call, so they are
   * dropped and counted here instead.
   */
  readonly droppedObservations: number;
}

interface MutableSeries extends MetricSeries {
  readonly counts: Map<number, number>;
}

const KNOWN_NAMES: ReadonlySet<string> = new Set(Object.values(MetricName));

/**
 * Aggregates observations in memory for one invocation: one series per (metric, bucket, channel,
 * period), keeping only the dimensions the metric is published with ({@link METRIC_DIMENSION_SETS}), each holding value → count, so 10,000 deletions become one datum `Values [1] Counts [10000]`
 * rather than 10,000 datums. Bounds the `Channel` cardinality: after `maxChannels` distinct channels in
 * one invocation the rest are recorded as {@link CHANNEL_OTHER} ({@link CHANNEL_ROOT} does not count
 * towards the cap). {@link drain} returns the aggregate and starts a new invocation. Never throws.
 *
 * @example
 * const aggregator = new MetricAggregator({ channelRule: DEFAULT_CHANNEL_RULE, maxChannels: 50, highResolution: true });
 * aggregator.record('StalePlaylistsDeleted', { bucket: 'origin-a', key: 'live-1/720p.m3u8' }, 1, clock.now());
 * const aggregate = aggregator.drain();
 */
export class MetricAggregator {
  private series = new Map<string, MutableSeries>();
  private channels = new Set<string>();
  private dropped = 0;

  constructor(private readonly options: AggregatorOptions) {}

  /** Adds one observation made at `atMs` (epoch ms, from the caller's clock). */
  record(name: MetricName, context: MetricContext, value: number, atMs: number): void {
    if (!KNOWN_NAMES.has(name) || !isPublishable(value) || !Number.isFinite(atMs)) {
      this.dropped += 1;
      return;
    }
    // `context?.`: callers outside TypeScript may pass nothing; record must not throw.
    // Only the dimensions the metric is published with: a channel of a deployment-wide metric neither
    // splits its series nor counts towards the cap.
    const bucket = !usesDimension(name, MetricDimension.Bucket)
      ? undefined
      : typeof context?.bucket === 'string'
        ? (toDimensionValue(context.bucket) ?? BUCKET_UNKNOWN)
        : BUCKET_UNKNOWN;
    const channel = usesDimension(name, MetricDimension.Channel)
      ? this.capChannel(channelOf(this.options.channelRule, context?.key))
      : undefined;
    const highResolution = this.options.highResolution && HIGH_RESOLUTION_METRICS.includes(name);
    const period = highResolution ? HIGH_RESOLUTION_PERIOD_MS : STANDARD_RESOLUTION_PERIOD_MS;
    const timestampMs = Math.floor(atMs / period) * period;
    const id = JSON.stringify([name, bucket ?? null, channel ?? null, timestampMs]);
    let series = this.series.get(id);
    if (series === undefined) {
      series = { name, bucket, channel, timestampMs, highResolution, counts: new Map() };
      this.series.set(id, series);
    }
    series.counts.set(value, (series.counts.get(value) ?? 0) + 1);
  }

  /** `true` when nothing was recorded (or dropped) since the last {@link drain}. */
  get isEmpty(): boolean {
    return this.series.size === 0 && this.dropped === 0;
  }

  /** Returns what was recorded and resets, including the channel cap (it is per invocation). */
  drain(): MetricAggregate {
    const aggregate: MetricAggregate = {
      series: [...this.series.values()],
      droppedObservations: this.dropped,
    };
    this.series = new Map();
    this.channels = new Set();
    this.dropped = 0;
    return aggregate;
  }

  private capChannel(channel: string | undefined): string | undefined {
    if (channel === undefined || channel === CHANNEL_ROOT || this.channels.has(channel)) {
      return channel;
    }
    if (this.channels.size >= this.options.maxChannels) return CHANNEL_OTHER;
    this.channels.add(channel);
    return channel;
  }
}

/** CloudWatch rejects NaN, ±Infinity and magnitudes outside [2^-360, 2^360] other than 0. */
function isPublishable(value: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  return (
    magnitude === 0 ||
    (magnitude >= MIN_ABS_NONZERO_METRIC_VALUE && magnitude <= MAX_ABS_METRIC_VALUE)
  );
}
