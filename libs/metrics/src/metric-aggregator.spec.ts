import { T0 } from '../test/fake-clock';
import { DEFAULT_CHANNEL_RULE } from './channel-rule';
import { MetricAggregator, type AggregatorOptions, type MetricSeries } from './metric-aggregator';
import { MetricName } from '@hls-stale-guard/contract';
import { BUCKET_UNKNOWN, CHANNEL_OTHER, CHANNEL_ROOT } from './dimension-values';

const options: AggregatorOptions = {
  channelRule: DEFAULT_CHANNEL_RULE,
  maxChannels: 50,
  highResolution: true,
};

function countsOf(series: MetricSeries): Record<string, number> {
  return Object.fromEntries([...series.counts].map(([value, count]) => [String(value), count]));
}

describe('MetricAggregator', () => {
  it('merges identical values of one series into a count', () => {
    const aggregator = new MetricAggregator(options);
    for (let i = 0; i < 3; i += 1) {
      aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'ch/x.m3u8' }, 1, T0);
    }
    aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'ch/x.m3u8' }, 2, T0);

    const { series } = aggregator.drain();

    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ name: 'CheckErrors', bucket: 'a', channel: 'ch' });
    expect(countsOf(series[0] as MetricSeries)).toEqual({ '1': 3, '2': 1 });
  });

  it('records an undefined bucket as Bucket=unknown', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.CheckErrors, {}, 1, T0);
    expect(aggregator.drain().series[0]).toMatchObject({
      bucket: BUCKET_UNKNOWN,
      channel: undefined,
    });
  });

  it('keeps only the dimensions the metric is published with', () => {
    const aggregator = new MetricAggregator({ ...options, maxChannels: 1 });
    aggregator.record(MetricName.PlaylistsChecked, { bucket: 'a', key: 'c1/x.m3u8' }, 1, T0);
    aggregator.record(MetricName.PlaylistsChecked, { bucket: 'b', key: 'c2/x.m3u8' }, 1, T0);
    aggregator.record(MetricName.DeletesSuperseded, { bucket: 'a', key: 'c1/x.m3u8' }, 1, T0);
    aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'c3/x.m3u8' }, 1, T0);
    const series = aggregator.drain().series;
    expect(series.map((s) => [s.name, s.bucket, s.channel, s.counts.get(1)])).toEqual([
      ['PlaylistsChecked', undefined, undefined, 2],
      ['DeletesSuperseded', 'a', undefined, 1],
      // The channels of deployment-wide metrics did not use up the cap of 1.
      ['CheckErrors', 'a', 'c3', 1],
    ]);
  });

  it('gives observations without a key no channel', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.ReconcilerObjectsScanned, { bucket: 'a' }, 500, T0);
    expect(aggregator.drain().series[0]?.channel).toBeUndefined();
  });

  it('aggregates channels beyond maxChannels into Channel=other', () => {
    const aggregator = new MetricAggregator({ ...options, maxChannels: 2 });
    for (const channel of ['c1', 'c2', 'c3', 'c4', 'c1']) {
      aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: `${channel}/x.m3u8` }, 1, T0);
    }
    const channels = aggregator.drain().series.map((s) => [s.channel, s.counts.get(1)]);
    expect(channels).toEqual([
      ['c1', 2],
      ['c2', 1],
      [CHANNEL_OTHER, 2],
    ]);
  });

  it('does not count (root) towards the channel cap', () => {
    const aggregator = new MetricAggregator({ ...options, maxChannels: 1 });
    aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'x.m3u8' }, 1, T0);
    aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'c1/x.m3u8' }, 1, T0);
    expect(aggregator.drain().series.map((s) => s.channel)).toEqual([CHANNEL_ROOT, 'c1']);
  });

  it('starts a new channel cap after drain (the cap is per invocation)', () => {
    const aggregator = new MetricAggregator({ ...options, maxChannels: 1 });
    aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'c1/x.m3u8' }, 1, T0);
    aggregator.drain();
    aggregator.record(MetricName.CheckErrors, { bucket: 'a', key: 'c2/x.m3u8' }, 1, T0);
    expect(aggregator.drain().series.map((s) => s.channel)).toEqual(['c2']);
  });

  it('timestamps standard-resolution series with the start of their minute', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.CheckErrors, { bucket: 'a' }, 1, T0 + 59_999);
    aggregator.record(MetricName.CheckErrors, { bucket: 'a' }, 1, T0 + 60_000);
    expect(aggregator.drain().series.map((s) => s.timestampMs - T0)).toEqual([0, 60_000]);
  });

  it('timestamps StalePlaylistsDeleted per second when high resolution is on', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.StalePlaylistsDeleted, { bucket: 'a' }, 1, T0 + 1_500);
    aggregator.record(MetricName.StalePlaylistsDeleted, { bucket: 'a' }, 1, T0 + 2_100);
    const { series } = aggregator.drain();
    expect(series.map((s) => [s.timestampMs - T0, s.highResolution])).toEqual([
      [1_000, true],
      [2_000, true],
    ]);
  });

  it('keeps StalePlaylistsDeleted at standard resolution when high resolution is off', () => {
    const aggregator = new MetricAggregator({ ...options, highResolution: false });
    aggregator.record(MetricName.StalePlaylistsDeleted, { bucket: 'a' }, 1, T0 + 1_500);
    aggregator.record(MetricName.StalePlaylistsDeleted, { bucket: 'a' }, 1, T0 + 2_100);
    const { series } = aggregator.drain();
    expect(series.map((s) => [s.timestampMs - T0, s.highResolution, s.counts.get(1)])).toEqual([
      [0, false, 2],
    ]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -(2 ** 361), 2 ** -400])(
    'drops and counts the value %p that CloudWatch would reject',
    (value) => {
      const aggregator = new MetricAggregator(options);
      aggregator.record(MetricName.DeleteLagMs, { bucket: 'a' }, value, T0);
      expect(aggregator.drain()).toEqual({ series: [], droppedObservations: 1 });
    },
  );

  it('drops and counts an unknown metric name (a caller outside TypeScript)', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record('NotAMetric' as MetricName, { bucket: 'a' }, 1, T0);
    expect(aggregator.drain().droppedObservations).toBe(1);
  });

  it('is empty after drain', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.CheckErrors, { bucket: 'a' }, 1, T0);
    expect(aggregator.isEmpty).toBe(false);
    aggregator.drain();
    expect(aggregator.isEmpty).toBe(true);
  });
});
