/**
 * {@link WouldDeleteReader} on CloudWatch `GetMetricData`, with an injected client (real CloudWatch in
 * CI, a stub handler in tests).
 */
import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { WouldDeleteMetric } from './canary-plan';
import type { WouldDeleteReader } from './ports';

export class MetricReadError extends Error {
  override readonly name = 'MetricReadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The checker publishes `DryRunWouldDelete` at standard (60 s) resolution. */
const PERIOD_S = 60;

/**
 * The query window: from the start of the minute before the run started (a datum's timestamp is the
 * checker's, rounded down to its period) to one period after now.
 *
 * @example
 * metricWindow(Date.UTC(2026, 0, 1, 10, 0, 30), Date.UTC(2026, 0, 1, 10, 2, 0))
 * // { start: 2026-01-01T09:59:00Z, end: 2026-01-01T10:03:00Z }
 */
export function metricWindow(startedAtEpochMs: number, nowEpochMs: number) {
  const minute = PERIOD_S * 1000;
  return {
    start: new Date(Math.floor(startedAtEpochMs / minute) * minute - minute),
    end: new Date(Math.ceil(nowEpochMs / minute) * minute + minute),
  };
}

/**
 * Creates the reader for one run.
 *
 * @example
 * const reader = createCloudWatchWouldDeleteReader(new CloudWatchClient({}), plan.wouldDelete, Date.now);
 * await reader.sum(); // 0 until the checker's datum is visible
 */
export function createCloudWatchWouldDeleteReader(
  client: CloudWatchClient,
  metric: WouldDeleteMetric,
  now: () => number,
): WouldDeleteReader {
  const startedAt = now();
  const series = `${metric.namespace}/${metric.metricName} ${metric.dimensions.map((d) => `${d.name}=${d.value}`).join(',')}`;
  return {
    async sum() {
      const { start, end } = metricWindow(startedAt, now());
      try {
        let total = 0;
        let nextToken: string | undefined;
        do {
          const out = await client.send(
            new GetMetricDataCommand({
              StartTime: start,
              EndTime: end,
              NextToken: nextToken,
              MetricDataQueries: [
                {
                  Id: 'wouldDelete',
                  MetricStat: {
                    Metric: {
                      Namespace: metric.namespace,
                      MetricName: metric.metricName,
                      Dimensions: metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
                    },
                    Period: PERIOD_S,
                    Stat: 'Sum',
                  },
                },
              ],
            }),
          );
          for (const result of out.MetricDataResults ?? [])
            for (const value of result.Values ?? []) total += value;
          nextToken = out.NextToken;
        } while (nextToken);
        return total;
      } catch (error) {
        throw new MetricReadError(`GetMetricData ${series} failed`, { cause: error });
      }
    },
  };
}
