import { compareSequencers, FactsCache } from './facts-cache';

describe('compareSequencers', () => {
  it('compares hex values, left-padding the shorter one', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBe(-1);
    expect(compareSequencers('FF', '0100')).toBe(-1);
    expect(compareSequencers('0a', 'A')).toBe(0);
  });
});

describe('FactsCache', () => {
  it('keeps the first write time of an identical re-upload (same ETag does not reset the deadline)', () => {
    const cache = new FactsCache();
    expect(
      cache.observeWrite('b', 'k.m3u8', { etag: '"e1"', firstWrittenMs: 1000, sequencer: '01' }),
    ).toBe(1000);
    expect(
      cache.observeWrite('b', 'k.m3u8', { etag: '"e1"', firstWrittenMs: 3000, sequencer: '02' }),
    ).toBe(1000);
    expect(cache.firstWrittenMs('b', 'k.m3u8', '"e1"', 5000)).toBe(1000);
  });

  it('knows an older event is superseded by a newer write of another version', () => {
    const cache = new FactsCache();
    cache.observeWrite('b', 'k.m3u8', { etag: '"e2"', firstWrittenMs: 2000, sequencer: '02' });
    cache.observeWrite('b', 'k.m3u8', { etag: '"e1"', firstWrittenMs: 1000, sequencer: '01' });
    expect(cache.supersededBy('b', 'k.m3u8', '"e1"', '01')?.etag).toBe('"e2"');
    expect(cache.supersededBy('b', 'k.m3u8', '"e2"', '02')).toBeUndefined();
  });

  it('evicts the least recently used key', () => {
    const cache = new FactsCache(2);
    cache.observeWrite('b', 'a', { etag: '"1"', firstWrittenMs: 0 });
    cache.observeWrite('b', 'b', { etag: '"1"', firstWrittenMs: 0 });
    cache.firstWrittenMs('b', 'a', '"1"', 9);
    cache.observeWrite('b', 'c', { etag: '"1"', firstWrittenMs: 0 });
    expect(cache.size).toBe(2);
    expect(cache.firstWrittenMs('b', 'b', '"1"', 9)).toBe(9);
    expect(cache.firstWrittenMs('b', 'a', '"1"', 9)).toBe(0);
  });
});
