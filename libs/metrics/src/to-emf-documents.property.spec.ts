import fc from 'fast-check';
import { emfViolations, SPEC_LIMITS } from '../test/emf-spec';
import { T0 } from '../test/fake-clock';
import type { ChannelRule } from './channel-rule';
import { MetricAggregator } from './metric-aggregator';
import { MetricName, MetricUnit } from '@hls-stale-guard/contract';
import type { MetricContext } from './metrics-sink';
import { toEmfDocuments, type EmfDocument } from './to-emf-documents';
import { toMetricDatums } from './to-metric-datums';

interface Observation {
  name: MetricName;
  context: MetricContext;
  value: number;
  atMs: number;
}

const observationArb: fc.Arbitrary<Observation> = fc.record({
  // DeleteLagMs dominates so that one metric often gets more than 100 values.
  name: fc.oneof(
    { arbitrary: fc.constant(MetricName.DeleteLagMs), weight: 2 },
    { arbitrary: fc.constantFrom(...Object.values(MetricName)), weight: 3 },
  ),
  context: fc.record(
    {
      bucket: fc.constantFrom('origin-a', 'origin-b'),
      key: fc.constantFrom('index.m3u8', 'c1/a.m3u8', 'c2/a.m3u8', 'chaîne/a.m3u8'),
    },
    { requiredKeys: [] },
  ),
  value: fc.oneof(fc.constantFrom(1, 0, 2.5), fc.integer({ min: 0, max: 1000 })),
  atMs: fc.integer({ min: T0, max: T0 + 130_000 }),
});

const limitsArb = fc.record({
  maxMetricsPerDocument: fc.constantFrom(1, 2, 3, 100),
  maxValuesPerMetric: fc.constantFrom(1, 7, 100),
  maxDocumentBytes: fc.constantFrom(600, 256 * 1024 - 26),
});

/** (metric, dimension names=values) → Sum and SampleCount, as CloudWatch would compute them. */
type Stats = Map<string, { sum: number; samples: number }>;

function add(stats: Stats, key: string, sum: number, samples: number): void {
  const s = stats.get(key) ?? { sum: 0, samples: 0 };
  stats.set(key, { sum: s.sum + sum, samples: s.samples + samples });
}

function emfStats(documents: readonly EmfDocument[]): Stats {
  const stats: Stats = new Map();
  for (const doc of documents) {
    for (const directive of doc._aws.CloudWatchMetrics) {
      for (const set of directive.Dimensions) {
        for (const metric of directive.Metrics) {
          const raw = doc[metric.Name] as number | number[];
          const values = Array.isArray(raw) ? raw : [raw];
          const dims = set.map((d) => `${d}=${String(doc[d])}`).join(',');
          add(
            stats,
            `${metric.Name}|${doc._aws.Timestamp}|${dims}`,
            values.reduce((a, b) => a + b, 0),
            values.length,
          );
        }
      }
    }
  }
  return stats;
}

function datumStats(aggregator: MetricAggregator): Stats {
  const stats: Stats = new Map();
  for (const datum of toMetricDatums(aggregator.drain())) {
    const dims = (datum.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',');
    const values = datum.Values ?? [];
    add(
      stats,
      `${datum.MetricName}|${datum.Timestamp?.getTime()}|${dims}`,
      values.reduce((s, v, i) => s + v * (datum.Counts?.[i] ?? 1), 0),
      values.reduce((s, _v, i) => s + (datum.Counts?.[i] ?? 1), 0),
    );
  }
  return stats;
}

describe('toEmfDocuments (properties)', () => {
  it('writes only documents valid against the EMF specification, within the chunking limits', () => {
    fc.assert(
      fc.property(
        fc.array(observationArb, { maxLength: 400 }),
        limitsArb,
        (observations, limits) => {
          const aggregator = new MetricAggregator({
            channelRule: { kind: 'segment', index: 0 },
            maxChannels: 50,
            highResolution: true,
          });
          for (const o of observations) aggregator.record(o.name, o.context, o.value, o.atMs);
          const documents = toEmfDocuments(aggregator.drain(), { namespace: 'N', ...limits });
          for (const document of documents) {
            const line = JSON.stringify(document);
            expect(
              emfViolations(line, {
                ...SPEC_LIMITS,
                maxMetrics: limits.maxMetricsPerDocument,
                maxValues: limits.maxValuesPerMetric,
              }),
            ).toEqual([]);
            const metrics = document._aws.CloudWatchMetrics.flatMap((d) => d.Metrics).length;
            if (metrics > 1)
              expect(Buffer.byteLength(line)).toBeLessThanOrEqual(limits.maxDocumentBytes);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives CloudWatch the same Sum for every metric and dimension set as PutMetricData, and the same SampleCount for Milliseconds metrics', () => {
    fc.assert(
      fc.property(
        fc.array(observationArb, { maxLength: 400 }),
        fc.constantFrom<ChannelRule>({ kind: 'segment', index: 0 }, { kind: 'none' }),
        limitsArb,
        (observations, channelRule, limits) => {
          const options = { channelRule, maxChannels: 2, highResolution: true };
          const forEmf = new MetricAggregator(options);
          const forDatums = new MetricAggregator(options);
          for (const o of observations) {
            forEmf.record(o.name, o.context, o.value, o.atMs);
            forDatums.record(o.name, o.context, o.value, o.atMs);
          }
          const emf = emfStats(toEmfDocuments(forEmf.drain(), { namespace: 'N', ...limits }));
          const datums = datumStats(forDatums);
          expect([...emf.keys()].sort()).toEqual([...datums.keys()].sort());
          for (const [key, expected] of datums) {
            const actual = emf.get(key);
            expect(actual?.sum).toBeCloseTo(expected.sum, 6);
            if (MetricUnit[key.split('|')[0] as MetricName] === 'Milliseconds') {
              expect(actual?.samples).toBe(expected.samples);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
