/** What a latency table shows for one series. All values in the series' unit (ms here). */
export interface Summary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank percentile (the smallest value with at least `p` % of the series at or below it), so
 * every reported number is one that was actually measured; no interpolation. `undefined` for an empty
 * series.
 *
 * @example
 * percentile([5, 1, 4, 2, 3], 50); // 3
 * percentile([1, 2, 3, 4], 95);    // 4
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * p50/p95/p99/max (nearest rank), min and mean of a series; `undefined` when it is empty.
 *
 * @example
 * summarize([10, 20, 30]); // { count: 3, min: 10, p50: 20, p95: 30, p99: 30, max: 30, mean: 20 }
 */
export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const at = (p: number) => percentile(values, p) as number;
  return {
    count: values.length,
    min: values.reduce((a, b) => Math.min(a, b)),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: at(100),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
  };
}

/** The median (nearest rank) of a non-empty series. */
export function median(values: readonly number[]): number {
  const value = percentile(values, 50);
  if (value === undefined) throw new RangeError('median of an empty series');
  return value;
}
