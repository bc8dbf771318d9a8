import {
  EMF_HIGH_STORAGE_RESOLUTION,
  MAX_EMF_DIMENSIONS_PER_SET,
  MAX_EMF_DOCUMENT_BYTES,
  MAX_EMF_METRICS_PER_DOCUMENT,
  MAX_EMF_VALUES_PER_METRIC,
} from './emf-limits';
import type { MetricAggregate, MetricSeries } from './metric-aggregator';
import {
  METRIC_DIMENSION_SETS,
  MetricDimension,
  MetricUnit,
  type MetricName,
} from '@hls-stale-guard/contract';

/** One metric definition of a metric directive. */
interface EmfMetricDefinition {
  readonly Name: MetricName;
  readonly Unit: 'Count' | 'Milliseconds';
  readonly StorageResolution?: typeof EMF_HIGH_STORAGE_RESOLUTION;
}

/** One metric directive: these metrics, in each of these dimension sets. */
interface EmfMetricDirective {
  readonly Namespace: string;
  readonly Dimensions: (readonly MetricDimension[])[];
  readonly Metrics: EmfMetricDefinition[];
}

/**
 * One EMF document (one log line): the metadata under `_aws`, the dimension values and the metric
 * values at the top level.
 */
export interface EmfDocument {
  readonly _aws: { readonly Timestamp: number; readonly CloudWatchMetrics: EmfMetricDirective[] };
  readonly [member: string]: unknown;
}

export interface ToEmfDocumentsOptions {
  namespace: string;
  /** Default {@link MAX_EMF_METRICS_PER_DOCUMENT}; smaller only in tests. */
  maxMetricsPerDocument?: number;
  /** Default {@link MAX_EMF_VALUES_PER_METRIC}; smaller only in tests. */
  maxValuesPerMetric?: number;
  /** Default {@link MAX_EMF_DOCUMENT_BYTES}; smaller only in tests. */
  maxDocumentBytes?: number;
}

/** Thrown for a document the limits cannot be met for (a dimension set beyond 30 keys). */
class EmfLimitError extends Error {
  override readonly name = 'EmfLimitError';
}

interface Entry {
  name: MetricName;
  highResolution: boolean;
  sets: (readonly MetricDimension[])[];
  values: number[];
}

interface Group {
  timestampMs: number;
  dimensions: Partial<Record<MetricDimension, string>>;
  entries: Map<MetricName, Entry>;
}

/**
 * Turns one invocation's aggregate into EMF documents. Pure.
 *
 * One document per (timestamp, dimension values), i.e. per period and bucket/channel: its directive(s)
 * list every dimension set of each metric ({@link METRIC_DIMENSION_SETS}) that the document has values
 * for, so CloudWatch files each value under `{}`, `{Bucket}` and `{Bucket, Channel}` itself (summing
 * across documents). A Count metric is written as one value, its sum (alarms and dashboards read `Sum`);
 * a Milliseconds metric as every observed value, repeated as often as observed, ascending, so
 * percentiles stay right. More than `maxValuesPerMetric` values or `maxMetricsPerDocument` metrics
 * continue in further documents with the same timestamp and dimensions; a document above
 * `maxDocumentBytes` is split in two.
 *
 * @example
 * toEmfDocuments(aggregator.drain(), { namespace: 'HlsStaleGuard' }).map((d) => JSON.stringify(d));
 * // ['{"_aws":{"Timestamp":1700000001000,"CloudWatchMetrics":[{"Namespace":"HlsStaleGuard",
 * //   "Dimensions":[[],["Bucket"],["Bucket","Channel"]],"Metrics":[{"Name":"StalePlaylistsDeleted",
 * //   "Unit":"Count","StorageResolution":1}]}]},"Bucket":"origin-a","Channel":"live-1","StalePlaylistsDeleted":1}']
 */
export function toEmfDocuments(
  aggregate: MetricAggregate,
  options: ToEmfDocumentsOptions,
): EmfDocument[] {
  const maxMetrics = options.maxMetricsPerDocument ?? MAX_EMF_METRICS_PER_DOCUMENT;
  const maxValues = options.maxValuesPerMetric ?? MAX_EMF_VALUES_PER_METRIC;
  const maxBytes = options.maxDocumentBytes ?? MAX_EMF_DOCUMENT_BYTES;
  const groups = new Map<string, Group>();
  for (const series of aggregate.series) {
    const dimensions = dimensionValues(series);
    const id = JSON.stringify([series.timestampMs, series.bucket ?? null, series.channel ?? null]);
    let group = groups.get(id);
    if (group === undefined) {
      group = { timestampMs: series.timestampMs, dimensions, entries: new Map() };
      groups.set(id, group);
    }
    let entry = group.entries.get(series.name);
    if (entry === undefined) {
      entry = {
        name: series.name,
        highResolution: series.highResolution,
        sets: METRIC_DIMENSION_SETS[series.name].filter((set) =>
          set.every((d) => dimensions[d] !== undefined),
        ),
        values: [],
      };
      group.entries.set(series.name, entry);
    }
    for (const [value, count] of series.counts) {
      if (MetricUnit[series.name] === 'Count') {
        entry.values[0] = (entry.values[0] ?? 0) + value * count;
      } else {
        for (let i = 0; i < count; i += 1) entry.values.push(value);
      }
    }
  }
  const documents: EmfDocument[] = [];
  for (const group of [...groups.values()].sort(compareGroups)) {
    // Each metric's values in slices of maxValues; slice i of every metric goes to pass i.
    const slices = [...group.entries.values()]
      .sort((a, b) => compareStrings(a.name, b.name))
      .map((entry) => ({
        entry,
        chunks: chunk(
          [...entry.values].sort((a, b) => a - b),
          maxValues,
        ),
      }));
    const passes = Math.max(...slices.map((s) => s.chunks.length));
    for (let pass = 0; pass < passes; pass += 1) {
      const present = slices.filter((s) => s.chunks[pass] !== undefined);
      for (const part of chunk(present, maxMetrics)) {
        documents.push(
          ...fitBytes(
            part.map((s) => ({ entry: s.entry, values: s.chunks[pass] as number[] })),
            group,
            options.namespace,
            maxBytes,
          ),
        );
      }
    }
  }
  return documents;
}

function dimensionValues(series: MetricSeries): Partial<Record<MetricDimension, string>> {
  return {
    ...(series.bucket === undefined ? {} : { [MetricDimension.Bucket]: series.bucket }),
    ...(series.channel === undefined ? {} : { [MetricDimension.Channel]: series.channel }),
  };
}

function fitBytes(
  metrics: { entry: Entry; values: number[] }[],
  group: Group,
  namespace: string,
  maxBytes: number,
): EmfDocument[] {
  const document = toDocument(metrics, group, namespace);
  if (metrics.length <= 1 || Buffer.byteLength(JSON.stringify(document)) <= maxBytes) {
    return [document];
  }
  const half = Math.ceil(metrics.length / 2);
  return [
    ...fitBytes(metrics.slice(0, half), group, namespace, maxBytes),
    ...fitBytes(metrics.slice(half), group, namespace, maxBytes),
  ];
}

function toDocument(
  metrics: { entry: Entry; values: number[] }[],
  group: Group,
  namespace: string,
): EmfDocument {
  // One directive per distinct list of dimension sets, in order of first appearance.
  const directives = new Map<string, EmfMetricDirective>();
  const members: Record<string, number | number[]> = {};
  for (const { entry, values } of metrics) {
    for (const set of entry.sets) {
      if (set.length > MAX_EMF_DIMENSIONS_PER_SET) {
        throw new EmfLimitError(
          `${entry.name}: a dimension set has ${set.length} keys, more than ${MAX_EMF_DIMENSIONS_PER_SET}`,
        );
      }
    }
    const id = JSON.stringify(entry.sets);
    let directive = directives.get(id);
    if (directive === undefined) {
      directive = { Namespace: namespace, Dimensions: entry.sets.map((s) => [...s]), Metrics: [] };
      directives.set(id, directive);
    }
    directive.Metrics.push({
      Name: entry.name,
      Unit: MetricUnit[entry.name],
      ...(entry.highResolution ? { StorageResolution: EMF_HIGH_STORAGE_RESOLUTION } : {}),
    });
    members[entry.name] = values.length === 1 ? (values[0] as number) : values;
  }
  return {
    _aws: { Timestamp: group.timestampMs, CloudWatchMetrics: [...directives.values()] },
    ...group.dimensions,
    ...members,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function compareGroups(a: Group, b: Group): number {
  return (
    a.timestampMs - b.timestampMs ||
    compareStrings(
      [a.dimensions.Bucket ?? '', a.dimensions.Channel ?? ''].join('\u0000'),
      [b.dimensions.Bucket ?? '', b.dimensions.Channel ?? ''].join('\u0000'),
    )
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
