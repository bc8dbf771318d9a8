import type { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  createCloudWatchWouldDeleteReader,
  MetricReadError,
  metricWindow,
} from './cloudwatch-would-delete-reader';
import { wouldDeleteMetric } from './canary-plan';

const METRIC = wouldDeleteMetric(
  'HlsStaleGuard',
  'segment:1',
  'hsg-origin-a',
  'hls-stale-guard-canary/r1/live.m3u8',
);
const T0 = Date.UTC(2026, 0, 1, 10, 0, 30);

/** CloudWatch cannot run here: a client whose `send` answers from a list and records the inputs. */
function client(answers: (object | Error)[]) {
  const inputs: GetMetricDataCommand['input'][] = [];
  const fake = {
    send: async (command: GetMetricDataCommand) => {
      inputs.push(command.input);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? {};
    },
  };
  return { inputs, client: fake as unknown as CloudWatchClient };
}

describe('metricWindow', () => {
  it('starts one period before the run’s minute and ends one period after now', () => {
    expect(metricWindow(T0, T0 + 90_000)).toEqual({
      start: new Date(Date.UTC(2026, 0, 1, 9, 59, 0)),
      end: new Date(Date.UTC(2026, 0, 1, 10, 3, 0)),
    });
  });
});

describe('createCloudWatchWouldDeleteReader', () => {
  it('sums DryRunWouldDelete of the canary key’s {Bucket, Channel} series over every page', async () => {
    const c = client([
      { MetricDataResults: [{ Values: [1] }], NextToken: 'p2' },
      { MetricDataResults: [{ Values: [2, 0] }] },
    ]);
    const reader = createCloudWatchWouldDeleteReader(c.client, METRIC, () => T0);

    expect(await reader.sum()).toBe(3);
    expect(c.inputs[1]?.NextToken).toBe('p2');
    expect(c.inputs[0]?.MetricDataQueries?.[0]?.MetricStat).toEqual({
      Metric: {
        Namespace: 'HlsStaleGuard',
        MetricName: 'DryRunWouldDelete',
        Dimensions: [
          { Name: 'Bucket', Value: 'hsg-origin-a' },
          { Name: 'Channel', Value: 'r1' },
        ],
      },
      Period: 60,
      Stat: 'Sum',
    });
  });

  it('answers 0 while CloudWatch has no datapoint', async () => {
    const reader = createCloudWatchWouldDeleteReader(
      client([{ MetricDataResults: [{ Values: [] }] }]).client,
      METRIC,
      () => T0,
    );
    expect(await reader.sum()).toBe(0);
  });

  it('wraps a failed call in a MetricReadError naming the series, with the cause', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    const reader = createCloudWatchWouldDeleteReader(client([denied]).client, METRIC, () => T0);

    const error = await reader.sum().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MetricReadError);
    expect((error as Error).message).toContain(
      'HlsStaleGuard/DryRunWouldDelete Bucket=hsg-origin-a,Channel=r1',
    );
    expect((error as Error).cause).toBe(denied);
  });
});
