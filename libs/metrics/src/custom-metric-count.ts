import { METRIC_DIMENSION_SETS, MetricDimension, MetricName } from '@hls-stale-guard/contract';

/** What a deployment's custom-metric count depends on. */
export interface DeploymentShape {
  /** Origin buckets (distinct `Bucket` values, including `unknown` if it occurs). */
  readonly buckets: number;
  /**
   * Distinct `Channel` values per bucket, including `other` and `(root)` when they occur (at most
   * `METRICS_MAX_CHANNELS` + 2 per invocation; 0 under the channel rule `none`).
   */
  readonly channels: number;
}

/** How many custom metrics a deployment creates, in total and per metric name. */
export interface CustomMetricCount {
  readonly total: number;
  readonly byMetric: Readonly<Record<MetricName, number>>;
}

/**
 * Custom metrics a deployment creates when every metric gets data: each (metric, dimension values) pair
 * is one metric, billed per metric-month and prorated by the hour in which it gets data
 * (https://aws.amazon.com/cloudwatch/pricing/). A set `{}` is 1 metric, `{Bucket}` is `buckets`,
 * `{Bucket, Channel}` is `buckets × channels` ({@link METRIC_DIMENSION_SETS}). Pure.
 *
 * @example
 * countCustomMetrics({ buckets: 2, channels: 50 }).total; // 323
 */
export function countCustomMetrics(shape: DeploymentShape): CustomMetricCount {
  const buckets = wholeNonNegative(shape.buckets, 'buckets');
  const channels = wholeNonNegative(shape.channels, 'channels');
  const perSet = (set: readonly MetricDimension[]): number =>
    set.includes(MetricDimension.Channel)
      ? buckets * channels
      : set.includes(MetricDimension.Bucket)
        ? buckets
        : 1;
  const byMetric = Object.fromEntries(
    Object.values(MetricName).map((name) => [
      name,
      METRIC_DIMENSION_SETS[name].reduce((sum, set) => sum + perSet(set), 0),
    ]),
  ) as Record<MetricName, number>;
  return { total: Object.values(byMetric).reduce((a, b) => a + b, 0), byMetric };
}

function wholeNonNegative(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  }
  return value;
}
