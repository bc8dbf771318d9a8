import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { T0 } from '../test/fake-clock';
import type { ChannelRule } from './channel-rule';
import { chunkDatums } from './chunk-datums';
import { MAX_VALUES_PER_DATUM } from './cloudwatch-limits';
import { MetricAggregator, type AggregatorOptions } from './metric-aggregator';
import {
  isEmittedWith,
  METRIC_DIMENSION_SETS,
  MetricDimension,
  MetricName,
} from '@hls-stale-guard/contract';
import { CHANNEL_OTHER, CHANNEL_ROOT } from './dimension-values';
import type { MetricContext } from './metrics-sink';
import { toMetricDatums } from './to-metric-datums';

interface Observation {
  name: MetricName;
  context: MetricContext;
  value: number;
  atMs: number;
}

const observationArb: fc.Arbitrary<Observation> = fc.record({
  // DeleteLagMs dominates so that one datum often gets more than 150 distinct values.
  name: fc.oneof(
    { arbitrary: fc.constant(MetricName.DeleteLagMs), weight: 3 },
    { arbitrary: fc.constantFrom(...Object.values(MetricName)), weight: 1 },
  ),
  context: fc.record(
    {
      bucket: fc.constantFrom('origin-a', 'origin-b', 'bücket'),
      key: fc.constantFrom(
        'index.m3u8',
        'c1/a.m3u8',
        'c2/b/a.m3u8',
        'c3/a.m3u8',
        'c4/x/a.m3u8',
        'c5/a.m3u8',
        'chaîne/a.m3u8',
        '/a.m3u8',
      ),
    },
    { requiredKeys: [] },
  ),
  // Few distinct values so that merging happens, and enough of them to pass 150 per datum.
  value: fc.oneof(
    { arbitrary: fc.constantFrom(1, 2.5, 0, -3), weight: 1 },
    { arbitrary: fc.noBias(fc.integer({ min: 0, max: 1000 })), weight: 3 },
  ),
  atMs: fc.integer({ min: T0, max: T0 + 180_000 }),
});

const optionsArb: fc.Arbitrary<AggregatorOptions> = fc.record({
  channelRule: fc.constantFrom<ChannelRule>(
    { kind: 'segment', index: 0 },
    { kind: 'segment', index: 1 },
    { kind: 'none' },
  ),
  maxChannels: fc.integer({ min: 1, max: 6 }),
  highResolution: fc.boolean(),
});

function publish(observations: readonly Observation[], options: AggregatorOptions): MetricDatum[] {
  const aggregator = new MetricAggregator(options);
  for (const o of observations) aggregator.record(o.name, o.context, o.value, o.atMs);
  return toMetricDatums(aggregator.drain());
}

function dimensionsOf(datum: MetricDatum): Record<string, string | undefined> {
  return Object.fromEntries((datum.Dimensions ?? []).map((d) => [d.Name, d.Value]));
}

/** Σ value × count and Σ count over datums: the Sum and SampleCount statistics CloudWatch computes. */
function stats(datums: readonly MetricDatum[]): { sum: number; samples: number } {
  let sum = 0;
  let samples = 0;
  for (const d of datums) {
    (d.Values ?? []).forEach((v, i) => {
      const count = d.Counts?.[i] ?? 1;
      sum += v * count;
      samples += count;
    });
  }
  return { sum, samples };
}

describe('toMetricDatums (properties)', () => {
  it('publishes every observation once in each dimension set of its metric: {}, {Bucket} and, with a key, {Bucket, Channel}', () => {
    fc.assert(
      fc.property(
        fc.array(observationArb, { maxLength: 600, size: 'large' }),
        optionsArb,
        (observations, options) => {
          const datums = publish(observations, options);
          for (const name of Object.values(MetricName)) {
            const mine = observations.filter((o) => o.name === name);
            const ofName = datums.filter((d) => d.MetricName === name);
            const bySet = (size: number) =>
              ofName.filter((d) => (d.Dimensions?.length ?? 0) === size);
            const expected = {
              sum: mine.reduce((s, o) => s + o.value, 0),
              samples: mine.length,
            };
            const withChannel = mine.filter(
              (o) => o.context.key !== undefined && options.channelRule.kind !== 'none',
            );
            const none = { sum: 0, samples: 0 };
            const sets = METRIC_DIMENSION_SETS[name].map((set) => set.length);
            expect(stats(bySet(0))).toEqual(sets.includes(0) ? expected : none);
            expect(stats(bySet(1))).toEqual(sets.includes(1) ? expected : none);
            expect(stats(bySet(2))).toEqual(
              sets.includes(2)
                ? {
                    sum: withChannel.reduce((s, o) => s + o.value, 0),
                    samples: withChannel.length,
                  }
                : none,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives each bucket exactly its own observations', () => {
    fc.assert(
      fc.property(
        fc.array(observationArb, { maxLength: 200 }),
        optionsArb,
        (observations, options) => {
          const datums = publish(observations, options);
          const published = (bucket: string) =>
            stats(
              datums.filter((d) => d.Dimensions?.length === 1 && dimensionsOf(d).Bucket === bucket),
            ).samples;
          const byBucket = observations.filter((o) =>
            isEmittedWith(o.name, [MetricDimension.Bucket]),
          );
          expect(published('origin-a')).toBe(
            byBucket.filter((o) => o.context.bucket === 'origin-a').length,
          );
          expect(published('unknown')).toBe(
            byBucket.filter((o) => o.context.bucket === undefined).length,
          );
          expect(published('b%C3%BCcket')).toBe(
            byBucket.filter((o) => o.context.bucket === 'bücket').length,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never publishes more than maxChannels distinct channels besides other and (root)', () => {
    fc.assert(
      fc.property(
        fc.array(observationArb, { maxLength: 200 }),
        optionsArb,
        (observations, options) => {
          const channels = new Set(
            publish(observations, options)
              .map((d) => dimensionsOf(d).Channel)
              .filter(
                (c): c is string => c !== undefined && c !== CHANNEL_OTHER && c !== CHANNEL_ROOT,
              ),
          );
          expect(channels.size).toBeLessThanOrEqual(options.maxChannels);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('emits datums within the value limit, distinct ascending values, only valid dimension values', () => {
    fc.assert(
      fc.property(
        fc.array(
          // One aggregation period, so that a datum gets more than 150 distinct values.
          observationArb.map((o) => ({ ...o, atMs: T0 })),
          { minLength: 300, maxLength: 600 },
        ),
        optionsArb,
        (observations, options) => {
          const problems: string[] = [];
          for (const d of publish(observations, options)) {
            const values = d.Values ?? [];
            if (values.length > MAX_VALUES_PER_DATUM) problems.push(`${values.length} values`);
            if (values.some((v, i) => i > 0 && v <= (values[i - 1] as number))) {
              problems.push(`values not strictly ascending: ${values.join(',')}`);
            }
            for (const { Value } of d.Dimensions ?? []) {
              if (!/^[\x20-\x7e]{1,1024}$/.test(Value ?? '') || (Value ?? '').trim() === '') {
                problems.push(`dimension value ${JSON.stringify(Value)}`);
              }
            }
          }
          expect(problems).toEqual([]);
          expect(() => chunkDatums(publish(observations, options))).not.toThrow();
        },
      ),
      { numRuns: 50 },
    );
  });

  it('does not depend on the order of observations when the channel cap is not reached', () => {
    fc.assert(
      fc.property(
        fc.array(observationArb, { maxLength: 100 }).chain((observations) =>
          fc.tuple(
            fc.constant(observations),
            fc.shuffledSubarray(observations, {
              minLength: observations.length,
            }),
          ),
        ),
        optionsArb,
        ([observations, shuffled], options) => {
          const roomy = { ...options, maxChannels: 100 };
          expect(publish(shuffled, roomy)).toEqual(publish(observations, roomy));
        },
      ),
      { numRuns: 100 },
    );
  });
});
