/**
 * The edge's cache: entries expire after their TTL, the least recently used go first when full.
 *
 * @example
 * const cache = new EdgeCache<string>({ maxEntries: 2, now: () => clock });
 * cache.set('/live/master.m3u8', 'body', 1);
 * cache.get('/live/master.m3u8'); // { value: 'body', ageSeconds: 0 } until 1 s later
 */
export class EdgeCache<V> {
  private readonly entries = new Map<string, { value: V; storedMs: number; expiresMs: number }>();

  constructor(private readonly options: { maxEntries: number; now: () => number }) {}

  get(key: string): { value: V; ageSeconds: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.options.now();
    if (now >= entry.expiresMs) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, ageSeconds: Math.floor((now - entry.storedMs) / 1000) };
  }

  set(key: string, value: V, ttlSeconds: number): void {
    if (ttlSeconds <= 0) return;
    const now = this.options.now();
    this.entries.delete(key);
    this.entries.set(key, { value, storedMs: now, expiresMs: now + ttlSeconds * 1000 });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
