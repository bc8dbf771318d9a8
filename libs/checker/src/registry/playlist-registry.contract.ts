import {
  registryPk,
  type PlaylistRegistry,
  type RegistryEntry,
  type RegistryObservation,
  type RenditionState,
} from './playlist-registry';

const T0 = Date.parse('2026-11-26T10:00:00.000Z');

export function observation(overrides: Partial<RegistryObservation> = {}): RegistryObservation {
  return {
    bucket: 'origin-a',
    key: 'live/ch1/720p.m3u8',
    etag: '"v1"',
    firstWrittenMs: T0,
    state: 'live',
    timing: { targetDurationMs: 6_000 },
    observedAtMs: T0,
    nowMs: T0 + 50,
    expiresAt: Math.floor(T0 / 1000) + 168 * 3600,
    ...overrides,
  };
}

async function scanAll(registry: PlaylistRegistry, limit = 1000): Promise<RegistryEntry[]> {
  const entries: RegistryEntry[] = [];
  let after: string | undefined;
  do {
    const page = await registry.scan({ after, limit });
    for (const item of page.items) if ('entry' in item) entries.push(item.entry);
    after = page.next;
  } while (after !== undefined);
  return entries;
}

async function only(registry: PlaylistRegistry): Promise<RegistryEntry | undefined> {
  const entries = await scanAll(registry);
  expect(entries).toHaveLength(1);
  return entries[0];
}

/**
 * The semantics every `PlaylistRegistry` has: run against the in-memory twin (unit tests) and against
 * the DynamoDB adapter on dynalite (integration tests), so the twin cannot drift from the real thing.
 */
export function describeRegistryContract(
  name: string,
  fresh: () => Promise<PlaylistRegistry> | PlaylistRegistry,
): void {
  describe(`${name}: the PlaylistRegistry contract`, () => {
    it('reads back what it recorded, timing and reason included', async () => {
      const registry = await fresh();
      const llhls = observation({
        key: 'live/ch2/720p.m3u8',
        timing: { targetDurationMs: 4_000, partTargetMs: 1_002 },
      });
      const kept = observation({
        key: 'live/master.m3u8',
        state: 'kept',
        reason: 'master',
        timing: undefined,
      });
      for (const o of [observation(), llhls, kept]) {
        expect(await registry.record(o)).toEqual({ kind: 'recorded' });
      }
      const entries = await scanAll(registry);
      const byKey = new Map(entries.map((e) => [e.key, e]));
      expect(byKey.get('live/ch1/720p.m3u8')).toEqual({
        bucket: 'origin-a',
        key: 'live/ch1/720p.m3u8',
        etag: '"v1"',
        firstWrittenMs: T0,
        state: 'live',
        timing: { targetDurationMs: 6_000 },
        observedAtMs: T0,
        transitionAtMs: T0 + 50,
        lastSeenMs: T0 + 50,
        expiresAt: Math.floor(T0 / 1000) + 168 * 3600,
      });
      expect(byKey.get('live/ch2/720p.m3u8')?.timing).toEqual({
        targetDurationMs: 4_000,
        partTargetMs: 1_002,
      });
      expect(byKey.get('live/master.m3u8')).toMatchObject({ state: 'kept', reason: 'master' });
      expect(byKey.get('live/master.m3u8')?.timing).toBeUndefined();
    });

    it('the newest observation wins, whatever order they arrive in', async () => {
      const registry = await fresh();
      await registry.record(observation({ etag: '"v2"', observedAtMs: T0 + 6_000 }));
      expect(await registry.record(observation({ etag: '"v1"', observedAtMs: T0 }))).toEqual({
        kind: 'newer-exists',
      });
      expect((await only(registry))?.etag).toBe('"v2"');
      // The same observation again (a refresh) is accepted; a newer one replaces it.
      expect(
        await registry.record(observation({ etag: '"v2"', observedAtMs: T0 + 6_000 })),
      ).toEqual({ kind: 'recorded' });
      expect(
        await registry.record(
          observation({
            etag: '"v2"',
            state: 'deleted',
            reason: 'stale',
            observedAtMs: T0 + 16_000,
          }),
        ),
      ).toEqual({ kind: 'recorded' });
      expect(await only(registry)).toMatchObject({ state: 'deleted', reason: 'stale' });
    });

    it('the transition time survives refreshes of the same state and moves on a change', async () => {
      const registry = await fresh();
      await registry.record(observation({ nowMs: T0 + 1 }));
      await registry.record(observation({ observedAtMs: T0 + 3_600_000, nowMs: T0 + 3_600_001 }));
      expect(await only(registry)).toMatchObject({
        state: 'live',
        transitionAtMs: T0 + 1,
        lastSeenMs: T0 + 3_600_001,
      });
      await registry.record(
        observation({
          state: 'deleted',
          reason: 'stale',
          timing: undefined,
          observedAtMs: T0 + 3_700_000,
          nowMs: T0 + 3_700_001,
        }),
      );
      // No timing in the observation: the stored timing stays; the reason comes and goes with the state.
      expect(await only(registry)).toMatchObject({
        state: 'deleted',
        reason: 'stale',
        transitionAtMs: T0 + 3_700_001,
        timing: { targetDurationMs: 6_000 },
      });
      await registry.record(observation({ observedAtMs: T0 + 3_800_000, nowMs: T0 + 3_800_001 }));
      const back = await only(registry);
      expect(back).toMatchObject({ state: 'live', transitionAtMs: T0 + 3_800_001 });
      expect(back?.reason).toBeUndefined();
    });

    it('pages through every item exactly once, after any pk (even one that no longer exists)', async () => {
      const registry = await fresh();
      const keys = Array.from({ length: 25 }, (_, i) => `live/ch${i}/720p.m3u8`);
      for (const key of keys) await registry.record(observation({ key }));
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await registry.scan({ after, limit: 7 });
        pages += 1;
        expect(page.items.length).toBeLessThanOrEqual(7);
        for (const item of page.items) seen.push(item.pk);
        after = page.next;
      } while (after !== undefined && pages < 10);
      expect([...seen].sort()).toEqual(keys.map((key) => registryPk('origin-a', key)).sort());
      // Resuming after a pk that is not (or no longer) in the table still moves forward.
      const from = await registry.scan({
        after: registryPk('origin-a', 'live/gone.m3u8'),
        limit: 100,
      });
      expect(from.items.every((item) => seen.includes(item.pk))).toBe(true);
    });

    it('moves the sweep cursor by compare-and-set, and never scans it as a playlist', async () => {
      const registry = await fresh();
      await registry.record(observation());
      expect(await registry.readCursor()).toBeUndefined();
      expect(await registry.moveCursor(undefined, 'origin-a/a', T0)).toBe(true);
      expect(await registry.moveCursor(undefined, 'origin-a/b', T0)).toBe(false);
      expect(await registry.readCursor()).toBe('origin-a/a');
      expect(await registry.moveCursor('origin-a/a', 'origin-a/c', T0)).toBe(true);
      expect(await registry.moveCursor('origin-a/a', 'origin-a/d', T0)).toBe(false);
      expect(await registry.readCursor()).toBe('origin-a/c');
      expect((await scanAll(registry)).map((e) => e.key)).toEqual(['live/ch1/720p.m3u8']);
      expect(await registry.moveCursor('origin-a/c', undefined, T0)).toBe(true);
      expect(await registry.readCursor()).toBeUndefined();
      expect(await registry.moveCursor('origin-a/c', undefined, T0)).toBe(false);
    });

    it('gets one playlist item, or nothing for a key never recorded', async () => {
      const registry = await fresh();
      await registry.record(
        observation({ state: 'deleted', reason: 'stale', observedAtMs: T0 + 9 }),
      );
      expect(await registry.read('origin-a', 'live/ch1/720p.m3u8')).toMatchObject({
        state: 'deleted',
        reason: 'stale',
        observedAtMs: T0 + 9,
      });
      expect(await registry.read('origin-a', 'live/ch1/1080p.m3u8')).toBeUndefined();
    });

    it('records rendition states: previous state returned, since kept while it holds, older refused, never scanned', async () => {
      const registry = await fresh();
      const rendition = (state: RenditionState, observedAtMs: number, nowMs: number) => ({
        renditionId: 'live/ch1/720p.m3u8',
        channel: 'live',
        state,
        livePipelines: state === 'down' ? [] : ['b'],
        observedAtMs,
        nowMs,
        expiresAt: Math.floor(T0 / 1000) + 3600,
      });
      expect(await registry.recordRendition(rendition('failed-over', T0, T0 + 1))).toEqual({
        kind: 'recorded',
      });
      const again = await registry.recordRendition(rendition('failed-over', T0 + 5, T0 + 6));
      expect(again).toMatchObject({
        kind: 'recorded',
        previous: { state: 'failed-over', sinceMs: T0 + 1 },
      });
      const down = await registry.recordRendition(rendition('down', T0 + 10, T0 + 11));
      expect(down).toMatchObject({
        kind: 'recorded',
        previous: { state: 'failed-over', sinceMs: T0 + 1, livePipelines: ['b'], channel: 'live' },
      });
      expect(await registry.recordRendition(rendition('healthy', T0 + 7, T0 + 12))).toEqual({
        kind: 'newer-exists',
      });
      const recovered = await registry.recordRendition(rendition('recovered', T0 + 20, T0 + 21));
      expect(recovered).toMatchObject({
        previous: { state: 'down', sinceMs: T0 + 11, livePipelines: [] },
      });
      await registry.record(observation());
      const page = await registry.scan({ limit: 10 });
      expect(page.items.map((item) => item.pk)).toEqual([
        registryPk('origin-a', 'live/ch1/720p.m3u8'),
      ]);
    });
  });
}
