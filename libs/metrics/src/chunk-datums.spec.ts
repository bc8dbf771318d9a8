import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  chunkDatums,
  estimateDatumBytes,
  estimateJsonBytes,
  MetricDatumLimitError,
  REQUEST_ENVELOPE_RESERVE_BYTES,
  splitDatumValues,
} from './chunk-datums';
import {
  MAX_DATUMS_PER_PUT,
  MAX_PUT_PAYLOAD_BYTES,
  MAX_VALUES_PER_DATUM,
  PUT_METRIC_DATA_LIMITS,
} from './cloudwatch-limits';

const timestamp = new Date(Date.UTC(2026, 0, 1));

function datum(name: string, values: number[], dimensions = 0): MetricDatum {
  return {
    MetricName: name,
    Dimensions: Array.from({ length: dimensions }, (_, i) => ({ Name: `D${i}`, Value: `v${i}` })),
    Timestamp: timestamp,
    Unit: 'Count',
    Values: values,
    Counts: values.map(() => 1),
  };
}

describe('estimateJsonBytes', () => {
  it('counts ASCII as one byte each', () => {
    expect(estimateJsonBytes({ a: 'bc' })).toBe('{"a":"bc"}'.length);
  });

  it('counts each non-ASCII UTF-16 code unit as a 6-byte \\uXXXX escape', () => {
    expect(estimateJsonBytes('é')).toBe(2 + 6);
    expect(estimateJsonBytes('😀')).toBe(2 + 12);
  });

  it('counts a Date as its quoted ISO string, longer than the epoch seconds the SDK sends', () => {
    expect(estimateJsonBytes(timestamp)).toBe('"2026-01-01T00:00:00.000Z"'.length);
  });
});

describe('splitDatumValues', () => {
  it('splits values and counts in aligned pieces of at most maxValues', () => {
    const pieces = splitDatumValues({ MetricName: 'M', Values: [1, 2, 3], Counts: [5, 6, 7] }, 2);
    expect(pieces).toEqual([
      { MetricName: 'M', Values: [1, 2], Counts: [5, 6] },
      { MetricName: 'M', Values: [3], Counts: [7] },
    ]);
  });

  it('returns a datum within the limit unchanged', () => {
    const small = datum('M', [1, 2]);
    expect(splitDatumValues(small, 2)).toEqual([small]);
  });
});

describe('chunkDatums', () => {
  it('puts at most 1,000 datums in a request', () => {
    const datums = Array.from({ length: 2001 }, (_, i) => datum(`M${i}`, [1]));
    expect(chunkDatums(datums).map((chunk) => chunk.length)).toEqual([
      MAX_DATUMS_PER_PUT,
      MAX_DATUMS_PER_PUT,
      1,
    ]);
  });

  it('splits a datum with more than 150 values', () => {
    const values = Array.from({ length: 2 * MAX_VALUES_PER_DATUM + 1 }, (_, i) => i);
    const [chunk] = chunkDatums([datum('M', values)]);
    expect(chunk?.map((d) => d.Values?.length)).toEqual([150, 150, 1]);
  });

  it('starts a new request before the estimated body would pass 1 MB', () => {
    // Long doubles make each 150-value datum ≈ 6 KB, so the byte limit binds before the count.
    const values = Array.from({ length: MAX_VALUES_PER_DATUM }, (_, i) => Math.PI * (i + 1) * 1e9);
    const datums = Array.from({ length: 1000 }, (_, i) => datum(`M${i}`, values));

    const chunks = chunkDatums(datums);

    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const body = { Namespace: 'N'.repeat(255), MetricData: chunk };
      expect(estimateJsonBytes(body)).toBeLessThanOrEqual(MAX_PUT_PAYLOAD_BYTES);
    }
    expect(chunks.flat()).toHaveLength(1000);
  });

  it('fills a request up to the byte budget, not just under it', () => {
    const values = Array.from({ length: MAX_VALUES_PER_DATUM }, (_, i) => Math.PI * (i + 1) * 1e9);
    const datums = Array.from({ length: 1000 }, (_, i) => datum(`M${i}`, values));
    const [first] = chunkDatums(datums);
    const used = (first ?? []).reduce((sum, d) => sum + estimateDatumBytes(d), 0);
    const budget = MAX_PUT_PAYLOAD_BYTES - REQUEST_ENVELOPE_RESERVE_BYTES;
    expect(used + estimateDatumBytes(datums[0] as MetricDatum)).toBeGreaterThan(budget);
  });

  it('halves the values of a datum that alone exceeds the byte budget', () => {
    const values = Array.from({ length: 150 }, (_, i) => i * 1000.5);
    const whole = estimateDatumBytes(datum('M', values));
    const limits = {
      ...PUT_METRIC_DATA_LIMITS,
      maxPayloadBytes: REQUEST_ENVELOPE_RESERVE_BYTES + 800,
    };
    expect(whole).toBeGreaterThan(800);

    const chunks = chunkDatums([datum('M', values)], limits);

    expect(chunks.flat().length).toBeGreaterThan(2);
    for (const d of chunks.flat()) expect(estimateDatumBytes(d)).toBeLessThanOrEqual(800);
    expect(chunks.flat().flatMap((d) => d.Values)).toEqual(values);
  });

  it('rejects a datum with more than 30 dimensions with a typed error', () => {
    expect(() => chunkDatums([datum('M', [1], 31)])).toThrow(MetricDatumLimitError);
  });

  it('rejects a datum that does not fit a request even with one value', () => {
    const limits = {
      ...PUT_METRIC_DATA_LIMITS,
      maxPayloadBytes: REQUEST_ENVELOPE_RESERVE_BYTES + 50,
    };
    expect(() => chunkDatums([datum('M', [1, 2], 3)], limits)).toThrow(
      /needs \d+ bytes with a single value/,
    );
  });

  it('gives no requests for no datums', () => {
    expect(chunkDatums([])).toEqual([]);
  });
});
