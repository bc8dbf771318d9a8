import { countCustomMetrics } from './custom-metric-count';
import { MetricName } from '@hls-stale-guard/contract';

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
