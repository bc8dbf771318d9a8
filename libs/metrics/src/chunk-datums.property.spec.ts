import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import {
  chunkDatums,
  estimateDatumBytes,
  estimateJsonBytes,
  REQUEST_ENVELOPE_RESERVE_BYTES,
} from './chunk-datums';
import {
  MAX_DIMENSIONS_PER_DATUM,
  PUT_METRIC_DATA_LIMITS,
  type PutMetricDataLimits,
} from './cloudwatch-limits';

// Dimension strings in any Unicode, to exercise the 6-bytes-per-code-unit estimate.
const text = fc.string({ minLength: 1, maxLength: 24, unit: 'binary' });
const value = fc.double({ noNaN: true, noDefaultInfinity: true });

const datumArb: fc.Arbitrary<MetricDatum> = fc
  .record({
    name: fc.constantFrom('PlaylistsChecked', 'DeleteLagMs', 'Métrique'),
    dimensions: fc.array(fc.record({ Name: text, Value: text }), {
      maxLength: MAX_DIMENSIONS_PER_DATUM,
    }),
    timestampMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    values: fc.array(fc.tuple(value, fc.integer({ min: 1, max: 1_000_000 })), { maxLength: 400 }),
    withCounts: fc.boolean(),
    highResolution: fc.boolean(),
  })
  .map(({ name, dimensions, timestampMs, values, withCounts, highResolution }) => ({
    MetricName: name,
    Dimensions: dimensions,
    Timestamp: new Date(timestampMs),
    Unit: 'Count',
    Values: values.map(([v]) => v),
    ...(withCounts ? { Counts: values.map(([, c]) => c) } : {}),
    ...(highResolution ? { StorageResolution: 1 } : {}),
  }));

/**
 * Datums with limits small enough that every kind of split happens on small inputs: the byte budget is
 * drawn just above what the largest single-value datum needs (a datum that cannot fit with one value is
 * a separate, typed error), up to 1 MB.
 */
const caseArb: fc.Arbitrary<{ datums: MetricDatum[]; limits: PutMetricDataLimits }> = fc
  .array(datumArb, { maxLength: 60 })
  .chain((datums) => {
    const floor = Math.max(
      0,
      // The longest a double prints is 24 characters, e.g. -2.2250738585072014e-308.
      ...datums.map((d) =>
        estimateDatumBytes({ ...d, Values: [-2.2250738585072014e-308], Counts: [1_000_000] }),
      ),
    );
    return fc.record({
      datums: fc.constant(datums),
      limits: fc.record({
        maxDatums: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1000 })),
        maxPayloadBytes: fc
          .oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 1_000_000 }))
          .map((extra) => REQUEST_ENVELOPE_RESERVE_BYTES + floor + extra),
        maxValuesPerDatum: fc.oneof(
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 150 }),
        ),
        maxDimensionsPerDatum: fc.constant(MAX_DIMENSIONS_PER_DATUM),
      }),
    });
  });

/**
 * The namespace the envelope reserve is sized for: 255 characters, each estimated at 6 bytes. Real
 * namespaces are ASCII (1 byte each), so real requests have ≈ 1.3 KB more headroom than tested here.
 */
const WORST_NAMESPACE = 'é'.repeat(255);

/** (name, dimensions, timestamp, unit, resolution, value) → total count: what CloudWatch would store. */
function tally(datums: readonly MetricDatum[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const d of datums) {
    const series = JSON.stringify([
      d.MetricName,
      d.Dimensions,
      d.Timestamp,
      d.Unit,
      d.StorageResolution,
    ]);
    (d.Values ?? []).forEach((v, i) => {
      const id = `${series}|${v}`;
      totals.set(id, (totals.get(id) ?? 0) + (d.Counts?.[i] ?? 1));
    });
  }
  return totals;
}

describe('chunkDatums (properties)', () => {
  it('never exceeds the datum count, body size, values per datum or dimension limits', () => {
    fc.assert(
      fc.property(caseArb, ({ datums, limits }) => {
        const violations: string[] = [];
        chunkDatums(datums, limits).forEach((chunk, c) => {
          const bytes = estimateJsonBytes({ Namespace: WORST_NAMESPACE, MetricData: chunk });
          if (chunk.length === 0) violations.push(`request ${c} is empty`);
          if (chunk.length > limits.maxDatums)
            violations.push(`request ${c}: ${chunk.length} datums`);
          if (bytes > limits.maxPayloadBytes) violations.push(`request ${c}: ${bytes} bytes`);
          for (const d of chunk) {
            const values = d.Values?.length ?? 0;
            if (values > limits.maxValuesPerDatum)
              violations.push(`request ${c}: ${values} values`);
            if ((d.Dimensions?.length ?? 0) > limits.maxDimensionsPerDatum) {
              violations.push(`request ${c}: ${d.Dimensions?.length} dimensions`);
            }
            if (d.Counts !== undefined && d.Counts.length !== values) {
              violations.push(`request ${c}: counts not aligned with values`);
            }
          }
        });
        expect(violations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never loses or duplicates a value: the count per (metric, dimensions, value) is preserved', () => {
    fc.assert(
      fc.property(caseArb, ({ datums, limits }) => {
        const before = tally(datums);
        const after = tally(chunkDatums(datums, limits).flat());
        const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
          (id) => before.get(id) !== after.get(id),
        );
        expect(changed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the order of datums and of values', () => {
    fc.assert(
      fc.property(caseArb, ({ datums, limits }) => {
        const out = chunkDatums(datums, limits).flat();
        const valuesOut = out.flatMap((d) => d.Values ?? []);
        const valuesIn = datums.flatMap((d) => d.Values ?? []);
        const firstDifference = valuesIn.findIndex((v, i) => !Object.is(v, valuesOut[i]));
        expect([valuesOut.length, firstDifference]).toEqual([valuesIn.length, -1]);
        const runs = (names: (string | undefined)[]) => names.filter((n, i) => n !== names[i - 1]);
        expect(runs(out.map((d) => d.MetricName))).toEqual(runs(datums.map((d) => d.MetricName)));
      }),
      { numRuns: 300 },
    );
  });

  it('estimates a MetricData array at no less than its serialized size', () => {
    fc.assert(
      fc.property(fc.array(datumArb, { minLength: 1, maxLength: 20 }), (datums) => {
        const sum = datums.reduce((bytes, d) => bytes + estimateDatumBytes(d), 0);
        // "[" + datums joined by "," + "]": one byte more than the datums and a comma each.
        expect(estimateJsonBytes(datums)).toBeLessThanOrEqual(sum + 1);
      }),
      { numRuns: 100 },
    );
  });

  it('respects the documented limits with the default limits', () => {
    fc.assert(
      fc.property(fc.array(datumArb, { maxLength: 200 }), (datums) => {
        const oversized = chunkDatums(datums).filter(
          (chunk) =>
            chunk.length > PUT_METRIC_DATA_LIMITS.maxDatums ||
            estimateJsonBytes({ Namespace: WORST_NAMESPACE, MetricData: chunk }) >
              PUT_METRIC_DATA_LIMITS.maxPayloadBytes,
        );
        expect(oversized).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
