import type { Dimension, MetricDatum } from '@aws-sdk/client-cloudwatch';
import { splitDatumValues } from './chunk-datums';
import { HIGH_STORAGE_RESOLUTION_SECONDS, MAX_VALUES_PER_DATUM } from './cloudwatch-limits';
import type { MetricAggregate, MetricSeries } from './metric-aggregator';
import {
  METRIC_DIMENSION_SETS,
  MetricDimension,
  MetricUnit,
  type MetricName,
} from '@hls-stale-guard/contract';

export interface ToMetricDatumsOptions {
  /** Values per datum before a datum is split in two; default {@link MAX_VALUES_PER_DATUM}. */
  maxValuesPerDatum?: number;
}

interface Group {
  name: MetricName;
  timestampMs: number;
  highResolution: boolean;
  dimensions: Dimension[];
  counts: Map<number, number>;
}

/**
 * Turns one invocation's aggregate into PutMetricData datums. Pure: the timestamps come from the
 * aggregate (the caller's clock), nothing is read from the environment.
 *
 * Every series is published in the dimension sets of its metric ({@link METRIC_DIMENSION_SETS}): `{}`
 * (whole deployment: one alarm, no metric math), `{Bucket}` and, when it has a channel,
 * `{Bucket, Channel}`.
 * Series that meet in a coarser set are merged (their counts add up). Each datum carries `Values`
 * (ascending, distinct) and `Counts` (how often each value was seen); more than `maxValuesPerDatum`
 * distinct values continue in a further datum with the same name, dimensions and timestamp. Output order
 * is deterministic: by name, timestamp, dimension set (coarsest first), dimension values.
 *
 * @example
 * toMetricDatums(aggregator.drain());
 * // [{ MetricName: 'StalePlaylistsDeleted', Timestamp, Unit: 'Count', Values: [1], Counts: [3], StorageResolution: 1 },
 * //  { MetricName: 'StalePlaylistsDeleted', Dimensions: [{ Name: 'Bucket', Value: 'origin-a' }], ... },
 * //  { MetricName: 'StalePlaylistsDeleted', Dimensions: [Bucket, { Name: 'Channel', Value: 'live-1' }], ... }]
 */
export function toMetricDatums(
  aggregate: MetricAggregate,
  options: ToMetricDatumsOptions = {},
): MetricDatum[] {
  const maxValues = options.maxValuesPerDatum ?? MAX_VALUES_PER_DATUM;
  const groups = new Map<string, Group>();
  for (const series of aggregate.series) {
    for (const dimensions of dimensionsOf(series)) {
      const id = JSON.stringify([
        series.name,
        series.timestampMs,
        series.highResolution,
        dimensions.map((d) => d.Value),
      ]);
      let group = groups.get(id);
      if (group === undefined) {
        group = {
          name: series.name,
          timestampMs: series.timestampMs,
          highResolution: series.highResolution,
          dimensions,
          counts: new Map(),
        };
        groups.set(id, group);
      }
      for (const [value, count] of series.counts) {
        group.counts.set(value, (group.counts.get(value) ?? 0) + count);
      }
    }
  }
  return [...groups.values()]
    .sort(compareGroups)
    .flatMap((group) => splitDatumValues(toDatum(group), maxValues));
}

/** The dimensions of each set the series' metric is published with; a set it has no value for is skipped. */
function dimensionsOf(series: Pick<MetricSeries, 'name' | 'bucket' | 'channel'>): Dimension[][] {
  const values: Partial<Record<MetricDimension, string>> = {
    [MetricDimension.Bucket]: series.bucket,
    [MetricDimension.Channel]: series.channel,
  };
  return (METRIC_DIMENSION_SETS[series.name] ?? []).flatMap((set) =>
    set.every((name) => values[name] !== undefined)
      ? [set.map((name) => ({ Name: name, Value: values[name] as string }))]
      : [],
  );
}

function toDatum(group: Group): MetricDatum {
  const entries = [...group.counts].sort(([a], [b]) => a - b);
  return {
    MetricName: group.name,
    ...(group.dimensions.length > 0 ? { Dimensions: group.dimensions } : {}),
    Timestamp: new Date(group.timestampMs),
    Unit: MetricUnit[group.name],
    Values: entries.map(([value]) => value),
    Counts: entries.map(([, count]) => count),
    ...(group.highResolution ? { StorageResolution: HIGH_STORAGE_RESOLUTION_SECONDS } : {}),
  };
}

function compareGroups(a: Group, b: Group): number {
  return (
    compareStrings(a.name, b.name) ||
    a.timestampMs - b.timestampMs ||
    a.dimensions.length - b.dimensions.length ||
    compareStrings(
      a.dimensions.map((d) => d.Value).join('\u0000'),
      b.dimensions.map((d) => d.Value).join('\u0000'),
    )
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
