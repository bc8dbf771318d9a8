import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { chunkDatums } from './chunk-datums';
import { systemClock, type Clock } from './clock';
import { MetricAggregator } from './metric-aggregator';
import type { MetricDimension, MetricName } from '@hls-stale-guard/contract';
import { resolveMetricsConfig, type MetricsConfig } from './metrics-config';
import type { MetricContext, MetricsSink } from './metrics-sink';
import { toMetricDatums } from './to-metric-datums';

/** Exact dimension set of a datum: `{}` is the deployment-wide aggregate. */
export type DimensionFilter = Readonly<Partial<Record<MetricDimension, string>>>;

export interface InMemoryMetricsSinkOptions {
  /** Same options as the CloudWatch publisher; missing fields take the defaults. */
  config?: Partial<MetricsConfig>;
  /** Source of every datum's time; defaults to {@link systemClock}. */
  clock?: Clock;
}

/**
 * A {@link MetricsSink} for tests and the local lab that publishes nowhere but keeps exactly the
 * PutMetricData requests the CloudWatch publisher would have sent: same {@link MetricAggregator}, same
 * {@link toMetricDatums}, same {@link chunkDatums}. Query helpers read the *flushed* data, so a test that
 * forgets `flush()` sees nothing, as CloudWatch would.
 *
 * @example
 * const metrics = new InMemoryMetricsSink({ clock: fakeClock });
 * await processRecords({ metrics, ... }, event); // records and flushes
 * expect(metrics.count('StalePlaylistsDeleted')).toBe(1);
 * expect(metrics.count('StalePlaylistsDeleted', { Bucket: 'origin-a', Channel: 'live-1' })).toBe(1);
 * expect(metrics.values('DeleteLagMs')).toEqual([250]);
 */
export class InMemoryMetricsSink implements MetricsSink {
  /** Every request a flush would have sent, in order. */
  readonly requests: PutMetricDataCommandInput[] = [];
  private readonly config: MetricsConfig;
  private readonly clock: Clock;
  private readonly aggregator: MetricAggregator;
  private dropped = 0;

  constructor(options: InMemoryMetricsSinkOptions = {}) {
    this.config = resolveMetricsConfig(options.config);
    this.clock = options.clock ?? systemClock;
    this.aggregator = new MetricAggregator(this.config);
  }

  record(name: MetricName, context: MetricContext, value = 1): void {
    this.aggregator.record(name, context, value, this.clock.now());
  }

  async flush(): Promise<void> {
    const aggregate = this.aggregator.drain();
    this.dropped += aggregate.droppedObservations;
    for (const MetricData of chunkDatums(toMetricDatums(aggregate))) {
      this.requests.push({ Namespace: this.config.namespace, MetricData });
    }
  }

  /** Every datum flushed so far, in request order. */
  get datums(): MetricDatum[] {
    return this.requests.flatMap((request) => request.MetricData ?? []);
  }

  /** Observations dropped as unpublishable (non-finite value, unknown name) across all flushes. */
  get droppedObservations(): number {
    return this.dropped;
  }

  /**
   * The `Sum` statistic of a metric over everything flushed, for one exact dimension set (default `{}`,
   * the deployment-wide aggregate): what an alarm on a Count metric with `Statistic: Sum` sees.
   * For a count recorded with the default value 1 this is the number of observations.
   */
  count(name: MetricName, dimensions: DimensionFilter = {}): number {
    return this.matching(name, dimensions).reduce(
      (sum, datum) =>
        sum + (datum.Values ?? []).reduce((s, v, i) => s + v * (datum.Counts?.[i] ?? 1), 0),
      0,
    );
  }

  /** The `SampleCount` statistic: how many observations, whatever their values. */
  sampleCount(name: MetricName, dimensions: DimensionFilter = {}): number {
    return this.matching(name, dimensions).reduce(
      (sum, datum) =>
        sum + (datum.Values ?? []).reduce((s, _v, i) => s + (datum.Counts?.[i] ?? 1), 0),
      0,
    );
  }

  /** Every observed value, each repeated as often as it was observed, ascending. */
  values(name: MetricName, dimensions: DimensionFilter = {}): number[] {
    return this.matching(name, dimensions)
      .flatMap((datum) =>
        (datum.Values ?? []).flatMap((value, i) =>
          Array.from({ length: datum.Counts?.[i] ?? 1 }, () => value),
        ),
      )
      .sort((a, b) => a - b);
  }

  /** Forgets everything flushed (not what is still being aggregated). */
  reset(): void {
    this.requests.length = 0;
    this.dropped = 0;
  }

  private matching(name: MetricName, dimensions: DimensionFilter): MetricDatum[] {
    const wanted = Object.entries(dimensions).filter(([, value]) => value !== undefined);
    return this.datums.filter((datum) => {
      if (datum.MetricName !== name) return false;
      const actual = datum.Dimensions ?? [];
      return (
        actual.length === wanted.length &&
        wanted.every(([key, value]) => actual.some((d) => d.Name === key && d.Value === value))
      );
    });
  }
}
