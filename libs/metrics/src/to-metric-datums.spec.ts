import { T0 } from '../test/fake-clock';
import { DEFAULT_CHANNEL_RULE } from './channel-rule';
import { MetricAggregator, type AggregatorOptions } from './metric-aggregator';
import { MetricName, METRIC_DIMENSION_SETS } from '@hls-stale-guard/contract';
import { toMetricDatums } from './to-metric-datums';

const options: AggregatorOptions = {
  channelRule: DEFAULT_CHANNEL_RULE,
  maxChannels: 50,
  highResolution: true,
};

const bucketA = { Name: 'Bucket', Value: 'origin-a' };
const bucketB = { Name: 'Bucket', Value: 'origin-b' };

describe('toMetricDatums', () => {
  it('publishes each series with {}, {Bucket} and {Bucket, Channel}, merging counts in coarser sets', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.CheckErrors, { bucket: 'origin-a', key: 'live-1/a.m3u8' }, 1, T0);
    aggregator.record(MetricName.CheckErrors, { bucket: 'origin-a', key: 'live-2/a.m3u8' }, 1, T0);
    aggregator.record(MetricName.CheckErrors, { bucket: 'origin-b', key: 'live-1/a.m3u8' }, 1, T0);

    const datums = toMetricDatums(aggregator.drain());

    const common = {
      MetricName: 'CheckErrors',
      Timestamp: new Date(T0),
      Unit: 'Count',
      Values: [1],
    };
    expect(datums).toEqual([
      { ...common, Counts: [3] },
      { ...common, Dimensions: [bucketA], Counts: [2] },
      { ...common, Dimensions: [bucketB], Counts: [1] },
      { ...common, Dimensions: [bucketA, { Name: 'Channel', Value: 'live-1' }], Counts: [1] },
      { ...common, Dimensions: [bucketA, { Name: 'Channel', Value: 'live-2' }], Counts: [1] },
      { ...common, Dimensions: [bucketB, { Name: 'Channel', Value: 'live-1' }], Counts: [1] },
    ]);
  });

  it('publishes no {Bucket, Channel} datum for an observation without a key', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.CheckErrors, { bucket: 'origin-a' }, 500, T0);

    const datums = toMetricDatums(aggregator.drain());

    expect(datums.map((d) => d.Dimensions)).toEqual([undefined, [bucketA]]);
    expect(datums.map((d) => [d.Values, d.Counts])).toEqual([
      [[500], [1]],
      [[500], [1]],
    ]);
  });

  it('publishes no {Bucket, Channel} datum under the channel rule none', () => {
    const aggregator = new MetricAggregator({ ...options, channelRule: { kind: 'none' } });
    aggregator.record(MetricName.CheckErrors, { bucket: 'origin-a', key: 'live-1/a.m3u8' }, 1, T0);
    expect(toMetricDatums(aggregator.drain()).map((d) => d.Dimensions)).toEqual([
      undefined,
      [bucketA],
    ]);
  });

  it('marks StalePlaylistsDeleted StorageResolution 1 and leaves other metrics at the default', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-a' }, 1, T0 + 1_234);
    aggregator.record(MetricName.DeleteLagMs, { bucket: 'origin-a' }, 250, T0 + 1_234);

    const datums = toMetricDatums(aggregator.drain());

    expect(datums.map((d) => [d.MetricName, d.StorageResolution, d.Timestamp])).toEqual([
      ['DeleteLagMs', undefined, new Date(T0)],
      ['StalePlaylistsDeleted', 1, new Date(T0 + 1_000)],
      ['StalePlaylistsDeleted', 1, new Date(T0 + 1_000)],
    ]);
  });

  it('uses each metric unit from the vocabulary', () => {
    const aggregator = new MetricAggregator(options);
    aggregator.record(MetricName.DeleteLagMs, {}, 250, T0);
    aggregator.record(MetricName.CheckErrors, {}, 1, T0);
    expect(toMetricDatums(aggregator.drain()).map((d) => [d.MetricName, d.Unit])).toEqual([
      ['CheckErrors', 'Count'],
      ['CheckErrors', 'Count'],
      ['DeleteLagMs', 'Milliseconds'],
    ]);
  });

  it('publishes each metric only in the dimension sets of METRIC_DIMENSION_SETS', () => {
    const aggregator = new MetricAggregator(options);
    const context = { bucket: 'origin-a', key: 'live-1/a.m3u8' };
    for (const name of Object.values(MetricName)) aggregator.record(name, context, 1, T0);
    const datums = toMetricDatums(aggregator.drain());
    for (const name of Object.values(MetricName)) {
      expect(
        datums
          .filter((d) => d.MetricName === name)
          .map((d) => (d.Dimensions ?? []).map((dimension) => dimension.Name)),
      ).toEqual(METRIC_DIMENSION_SETS[name]);
    }
  });

  it('sorts values ascending with their counts aligned', () => {
    const aggregator = new MetricAggregator(options);
    for (const value of [300, 7.5, 300, -2, 7.5, 300]) {
      aggregator.record(MetricName.DeleteLagMs, {}, value, T0);
    }
    const [deployment] = toMetricDatums(aggregator.drain());
    expect([deployment?.Values, deployment?.Counts]).toEqual([
      [-2, 7.5, 300],
      [1, 2, 3],
    ]);
  });

  it('continues in a further datum beyond 150 distinct values', () => {
    const aggregator = new MetricAggregator(options);
    for (let value = 0; value < 151; value += 1)
      aggregator.record(MetricName.DeleteLagMs, {}, value, T0);

    const deployment = toMetricDatums(aggregator.drain()).filter((d) => d.Dimensions === undefined);

    expect(deployment.map((d) => d.Values?.length)).toEqual([150, 1]);
    expect(deployment[1]?.Values).toEqual([150]);
  });

  it('gives no datums for an empty aggregate', () => {
    expect(toMetricDatums({ series: [], droppedObservations: 3 })).toEqual([]);
  });
});
