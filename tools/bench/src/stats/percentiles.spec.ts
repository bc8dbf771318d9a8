import { median, percentile, summarize } from './percentiles';

describe('percentile (nearest rank)', () => {
  it('returns a value that was measured, never an interpolation', () => {
    const values = [10, 20, 30, 40];
    expect(values).toContain(percentile(values, 50));
    expect(percentile(values, 50)).toBe(20);
    expect(percentile(values, 75)).toBe(30);
    expect(percentile(values, 76)).toBe(40);
  });

  it('does not depend on the input order and does not mutate it', () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('p100 is the maximum and a tiny p is the minimum', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentile(values, 100)).toBe(1000);
    expect(percentile(values, 0.01)).toBe(1);
  });

  it('p99 of 100 values is the 99th smallest', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 95)).toBe(95);
  });

  it('is undefined for an empty series and rejects p outside (0, 100]', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('agrees with percentile and adds count, min, max and mean', () => {
    const values = [3, 9, 1, 7, 5, 11, 13, 2];
    const summary = summarize(values);
    expect(summary).toEqual({
      count: 8,
      min: 1,
      p50: percentile(values, 50),
      p95: percentile(values, 95),
      p99: percentile(values, 99),
      max: 13,
      mean: 51 / 8,
    });
  });

  it('is undefined for an empty series', () => {
    expect(summarize([])).toBeUndefined();
  });

  it('reads an unsorted series with negatives and repeats without reordering it', () => {
    const values = [4, -2, 4, 0, -7, 4];
    expect(summarize(values)).toEqual({
      count: 6,
      min: -7,
      p50: 0,
      p95: 4,
      p99: 4,
      max: 4,
      mean: 3 / 6,
    });
    expect(values).toEqual([4, -2, 4, 0, -7, 4]);
  });

  it('of one value is that value everywhere', () => {
    expect(summarize([42])).toEqual({
      count: 1,
      min: 42,
      p50: 42,
      p95: 42,
      p99: 42,
      max: 42,
      mean: 42,
    });
  });
});

describe('median', () => {
  it('is the lower middle of an even series and throws on an empty one', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(() => median([])).toThrow(RangeError);
  });
});
