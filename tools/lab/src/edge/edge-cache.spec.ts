import { EdgeCache } from './edge-cache';

describe('EdgeCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('serves an entry until its TTL ends, with its age', () => {
    const cache = new EdgeCache<string>({ maxEntries: 10, now: clock });
    cache.set('/live/master.m3u8', 'v1', 1);
    now += 999;
    expect(cache.get('/live/master.m3u8')).toEqual({ value: 'v1', ageSeconds: 0 });
    now += 1;
    expect(cache.get('/live/master.m3u8')).toBeUndefined();
  });

  it('does not keep what has no TTL', () => {
    const cache = new EdgeCache<string>({ maxEntries: 10, now: clock });
    cache.set('/x', 'v', 0);
    expect(cache.get('/x')).toBeUndefined();
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new EdgeCache<string>({ maxEntries: 2, now: clock });
    cache.set('/1', 'one', 60);
    cache.set('/2', 'two', 60);
    cache.get('/1');
    cache.set('/3', 'three', 60);
    expect(cache.get('/2')).toBeUndefined();
    expect(cache.get('/1')?.value).toBe('one');
    expect(cache.size).toBe(2);
  });
});
