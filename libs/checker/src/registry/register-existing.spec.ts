import { MetricName } from '@hls-stale-guard/metrics';
import { livePlaylist, SIM_BUCKET, SimulatedOrigin } from '../testing/simulated-origin';

describe('registerExisting: the on-demand listing of playlists that predate the registry', () => {
  it('registers every .m3u8 under the watched prefixes with its judgement; segments and other prefixes are not', async () => {
    const sim = new SimulatedOrigin({
      config: { scope: { buckets: [SIM_BUCKET], prefixes: ['live/'] }, maxPlaylistBytes: 2_000 },
    });
    sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 3 }));
    sim.store.put(
      SIM_BUCKET,
      'live/ll/720p.m3u8',
      livePlaylist({ mediaSequence: 3 }).replace(
        '#EXT-X-VERSION:3',
        '#EXT-X-VERSION:9\n#EXT-X-PART-INF:PART-TARGET=0.5',
      ),
    );
    sim.store.put(
      SIM_BUCKET,
      'live/big/720p.m3u8',
      livePlaylist({ mediaSequence: 0, segments: 200 }),
    );
    sim.store.put(SIM_BUCKET, 'live/a/segment_3.ts', 'ts');
    sim.store.put(SIM_BUCKET, 'archive/x/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    const report = await sim.checker.registerExisting();
    expect(report).toMatchObject({
      complete: true,
      listed: 4,
      playlists: 3,
      registered: 3,
      live: 2,
      kept: 1,
      errors: 0,
    });
    const { writtenAtMs, etag } = sim.store.get(SIM_BUCKET, 'live/a/720p.m3u8')!;
    expect(sim.registry.get(SIM_BUCKET, 'live/a/720p.m3u8')).toMatchObject({
      state: 'live',
      etag,
      timing: { targetDurationMs: 2_000 },
      // Observed at LastModified (whole seconds): anything the event path records is newer.
      observedAtMs: Math.floor(writtenAtMs / 1000) * 1000,
    });
    expect(sim.registry.get(SIM_BUCKET, 'live/ll/720p.m3u8')?.timing).toEqual({
      targetDurationMs: 2_000,
      partTargetMs: 500,
    });
    expect(sim.registry.get(SIM_BUCKET, 'live/big/720p.m3u8')).toMatchObject({
      state: 'kept',
      reason: 'too-large',
    });
    expect(sim.registry.get(SIM_BUCKET, 'archive/x/720p.m3u8')).toBeUndefined();
    expect(sim.store.calls.readRange).toBe(2); // the too-large one is judged by its size alone
  });

  it('a playlist replaced between the listing and its read is registered at its current version', async () => {
    const sim = new SimulatedOrigin();
    sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    let replaced = false;
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, bucket, key) => {
      before(op, bucket, key);
      if (op === 'readRange' && !replaced) {
        replaced = true; // the encoder uploads right after the listing
        sim.clock.advanceTo(sim.clock.trueMs() + 2_000);
        sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 1 }));
      }
    };
    const report = await sim.checker.registerExisting();
    expect(report).toMatchObject({ registered: 1, live: 1, superseded: 0 });
    const current = sim.store.get(SIM_BUCKET, 'live/a/720p.m3u8')!;
    expect(sim.registry.get(SIM_BUCKET, 'live/a/720p.m3u8')).toMatchObject({
      etag: current.etag,
      state: 'live',
    });
  });

  it('a playlist deleted between the listing and its read is not registered', async () => {
    const sim = new SimulatedOrigin();
    const { etag } = sim.store.put(
      SIM_BUCKET,
      'live/a/720p.m3u8',
      livePlaylist({ mediaSequence: 0 }),
    );
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, bucket, key) => {
      before(op, bucket, key);
      if (op === 'readRange') void sim.store.deleteIfMatch(SIM_BUCKET, 'live/a/720p.m3u8', etag);
    };
    const report = await sim.checker.registerExisting();
    expect(report).toMatchObject({ registered: 0, superseded: 1, errors: 0 });
    expect(sim.registry.size).toBe(0);
  });

  it('one failing listing is counted and logged; the other buckets are still registered', async () => {
    const sim = new SimulatedOrigin({
      config: { scope: { buckets: ['origin-broken', SIM_BUCKET], prefixes: [''] } },
    });
    sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, bucket, key) => {
      before(op, bucket, key);
      if (op === 'list' && bucket === 'origin-broken') throw new Error('AccessDenied (403)');
    };
    const report = await sim.checker.registerExisting();
    await sim.metrics.flush();
    expect(report).toMatchObject({ complete: false, errors: 1, registered: 1 });
    expect(sim.metrics.count(MetricName.CheckErrors)).toBe(1);
    expect(
      sim.logger.lines.some((l) => l.level === 'error' && l['bucket'] === 'origin-broken'),
    ).toBe(true);
  });

  it('never overwrites what the event path recorded since (a newer observation)', async () => {
    const sim = new SimulatedOrigin();
    sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    sim.clock.advanceTo(sim.clock.trueMs() + 1_500);
    sim.upload('live/a/720p.m3u8', livePlaylist({ mediaSequence: 0, endList: true }));
    await sim.runUntil(sim.clock.trueMs() + 1_000);
    expect(sim.registry.get(SIM_BUCKET, 'live/a/720p.m3u8')?.reason).toBe('endlist');
    // A listing taken before the ENDLIST upload, registered late.
    const stale = sim.store.get(SIM_BUCKET, 'live/a/720p.m3u8')!;
    const recorded = await sim.registry.record({
      bucket: SIM_BUCKET,
      key: 'live/a/720p.m3u8',
      etag: '"older"',
      firstWrittenMs: stale.writtenAtMs - 1_500,
      state: 'live',
      timing: { targetDurationMs: 2_000 },
      observedAtMs: stale.writtenAtMs - 1_500,
      nowMs: sim.clock.nowMs(),
      expiresAt: 0,
    });
    expect(recorded).toEqual({ kind: 'newer-exists' });
    const report = await sim.checker.registerExisting();
    expect(report).toMatchObject({ playlists: 1, alreadyNewer: 1, registered: 0 });
    expect(sim.registry.get(SIM_BUCKET, 'live/a/720p.m3u8')?.reason).toBe('endlist');
  });

  it('stops when the invocation runs out of time and says where', async () => {
    const sim = new SimulatedOrigin({ config: { reconcilerSafetyMarginMs: 5_000 } });
    for (let i = 0; i < 2_500; i += 1) {
      sim.store.put(
        SIM_BUCKET,
        `live/ch${String(i).padStart(4, '0')}/720p.m3u8`,
        livePlaylist({ mediaSequence: i }),
      );
    }
    const report = await sim.checker.registerExisting({
      remainingMs: () => (sim.store.calls.list >= 1 ? 4_000 : 60_000),
    });
    expect(report).toMatchObject({ complete: false, listed: 1000, registered: 1000 });
    expect(report.stoppedAt).toBe(`${SIM_BUCKET}/live/ch0999/720p.m3u8`);
  });
});
