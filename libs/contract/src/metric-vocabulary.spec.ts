import {
  BY_BUCKET,
  BY_CHANNEL,
  DIMENSION_SETS,
  isEmittedWith,
  METRIC_DIMENSION_SETS,
  MetricName,
  NO_DIMENSIONS,
} from './index';

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
