import { countCustomMetrics } from './custom-metric-count';
import {
  BY_BUCKET,
  BY_CHANNEL,
  DIMENSION_SETS,
  isEmittedWith,
  METRIC_DIMENSION_SETS,
  MetricName,
  NO_DIMENSIONS,
} from './metric-names';

describe('dimension policy (METRIC_DIMENSION_SETS)', () => {
  it('publishes every metric deployment-wide, so every alarm can use {} without metric math', () => {
    for (const name of Object.values(MetricName)) {
      expect(METRIC_DIMENSION_SETS[name][0]).toEqual(NO_DIMENSIONS);
    }
  });

  it('breaks down per channel only what an operator acts on: deletions, would-be deletions, errors, redundancy events', () => {
    const perChannel = Object.values(MetricName).filter((name) => isEmittedWith(name, BY_CHANNEL));
    expect(perChannel.sort()).toEqual([
      'ChannelsDown',
      'CheckErrors',
      'DryRunWouldDelete',
      'Failovers',
      'PlaylistsRecovered',
      'StalePlaylistsDeleted',
    ]);
  });

  it('uses only known sets, coarsest first, each once', () => {
    for (const sets of Object.values(METRIC_DIMENSION_SETS)) {
      const indexes = sets.map((set) => DIMENSION_SETS.indexOf(set as never));
      expect(indexes.every((i) => i >= 0)).toBe(true);
      expect([...indexes].sort()).toEqual(indexes);
      expect(new Set(indexes).size).toBe(indexes.length);
    }
  });

  it('isEmittedWith matches the exact names of a set, in any order', () => {
    expect(isEmittedWith(MetricName.StalePlaylistsDeleted, ['Bucket', 'Channel'])).toBe(true);
    expect(isEmittedWith(MetricName.StalePlaylistsDeleted, ['Channel', 'Bucket'])).toBe(true);
    expect(isEmittedWith(MetricName.StalePlaylistsDeleted, ['Channel'])).toBe(false);
    expect(isEmittedWith('NotAMetric', [])).toBe(false);
    expect(isEmittedWith(MetricName.PlaylistsChecked, BY_BUCKET)).toBe(false);
    expect(isEmittedWith(MetricName.PlaylistsChecked, [])).toBe(true);
  });
});

describe('countCustomMetrics', () => {
  it('counts 1 per {} set, buckets per {Bucket} set and buckets × channels per {Bucket, Channel} set', () => {
    const { total, byMetric } = countCustomMetrics({ buckets: 2, channels: 50 });
    expect(byMetric.PlaylistsChecked).toBe(1);
    expect(byMetric.DeletesSuperseded).toBe(1 + 2);
    expect(byMetric.StalePlaylistsDeleted).toBe(1 + 2 + 2 * 50);
    // Every name once deployment-wide, 2 per-bucket names for each bucket, 5 per-channel names for each
    // bucket and bucket × channel, ChannelsDown for each bucket × channel.
    const names = Object.values(MetricName).length;
    expect(total).toBe(names + 2 * 2 + 5 * (2 + 100) + 100);
  });

  it('is linear in channels with slope buckets × (number of per-channel metrics)', () => {
    const a = countCustomMetrics({ buckets: 3, channels: 10 }).total;
    const b = countCustomMetrics({ buckets: 3, channels: 11 }).total;
    expect(b - a).toBe(3 * 6);
  });

  it('rejects counts that are not whole numbers ≥ 0', () => {
    expect(() => countCustomMetrics({ buckets: -1, channels: 0 })).toThrow(RangeError);
    expect(() => countCustomMetrics({ buckets: 1, channels: 1.5 })).toThrow(RangeError);
  });
});
