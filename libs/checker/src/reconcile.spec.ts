import { MetricName } from '@hls-stale-guard/metrics';
import { conservativeWriteTimeMs } from './reconcile';
import {
  livePlaylist,
  MASTER_PLAYLIST,
  SIM_BUCKET,
  SimulatedOrigin,
} from './testing/simulated-origin';

const budget = (ms = 60_000) => ({ remainingMs: () => ms });

describe('reconciler', () => {
  it('deletes playlists that were already stale before deployment (no event ever arrived)', async () => {
    const sim = new SimulatedOrigin();
    sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    sim.clock.advanceTo(sim.clock.trueMs() + 10 * 60_000);
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ complete: true, scanned: 1, playlists: 1, deleted: 1 });
    expect(sim.store.deletions).toHaveLength(1);
  });

  it('keeps fresh, ended, VOD and master playlists and ignores other objects', async () => {
    const sim = new SimulatedOrigin();
    sim.store.put(
      SIM_BUCKET,
      'live/ended/720p.m3u8',
      livePlaylist({ mediaSequence: 0, endList: true }),
    );
    sim.store.put(
      SIM_BUCKET,
      'live/vod/720p.m3u8',
      livePlaylist({ mediaSequence: 0, playlistType: 'VOD' }),
    );
    sim.store.put(SIM_BUCKET, 'live/master.m3u8', MASTER_PLAYLIST);
    sim.store.put(SIM_BUCKET, 'live/garbage.m3u8', '\u0000\u0001binary');
    sim.store.put(SIM_BUCKET, 'live/a/segment_1.ts', 'ts bytes');
    sim.clock.advanceTo(sim.clock.trueMs() + 10 * 60_000);
    sim.store.put(SIM_BUCKET, 'live/fresh/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ scanned: 6, playlists: 5, deleted: 0, kept: 4 });
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('judges from the latest possible write time when LastModified is whole seconds', () => {
    expect(conservativeWriteTimeMs(1_000)).toBe(1_999);
    expect(conservativeWriteTimeMs(1_234)).toBe(1_234);
  });

  it('does not delete a playlist one second before its deadline (LastModified truncation)', async () => {
    const sim = new SimulatedOrigin({ startMs: Date.parse('2026-11-26T10:00:00.900Z') });
    const write = sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    sim.clock.advanceTo(write.eventTimeMs + 3000 + 50); // 50 ms past the true deadline
    await sim.checker.reconcile(budget());
    // The true deadline has passed, but LastModified (10:00:00) + 1 s conservatism says not yet: kept.
    // No event arrived, so the reconciler only may be late, never early.
    for (const deletion of sim.store.deletions)
      expect(deletion.atMs).toBeGreaterThan(write.eventTimeMs + 3000);
  });

  it('paginates through thousands of keys and counts what it scanned', async () => {
    const sim = new SimulatedOrigin();
    for (let i = 0; i < 2500; i += 1) {
      sim.store.put(
        SIM_BUCKET,
        `live/ch${String(i).padStart(4, '0')}/720p.m3u8`,
        livePlaylist({ mediaSequence: i }),
      );
    }
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    const report = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(report).toMatchObject({ complete: true, scanned: 2500, deleted: 2500 });
    expect(sim.store.calls.list).toBe(3);
    expect(sim.metrics.count(MetricName.ReconcilerObjectsScanned)).toBe(2500);
  });

  it('stops cleanly before the timeout, reports how far it got, and resumes there', async () => {
    const sim = new SimulatedOrigin({ config: { reconcilerSafetyMarginMs: 5_000 } });
    for (let i = 0; i < 2500; i += 1) {
      sim.store.put(
        SIM_BUCKET,
        `live/ch${String(i).padStart(4, '0')}/720p.m3u8`,
        livePlaylist({ mediaSequence: i }),
      );
    }
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    let reads = 0;
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, b, k) => {
      before(op, b, k);
      if (op === 'readRange') reads += 1;
    };
    // Time runs out after ~300 playlists of the first page.
    const first = await sim.checker.reconcile({
      remainingMs: () => (reads >= 300 ? 4_000 : 60_000),
    });
    expect(first.complete).toBe(false);
    expect(first.deleted).toBeGreaterThanOrEqual(300);
    expect(first.deleted).toBeLessThan(1000);
    const resumeKey = `live/ch${String(first.scanned - 1).padStart(4, '0')}/720p.m3u8`;
    expect(first.stoppedAt).toBe(`${SIM_BUCKET}/${resumeKey}`);
    const second = await sim.checker.reconcile(budget());
    expect(second).toMatchObject({ complete: true, scanned: 2500 - first.scanned });
    expect(sim.store.deletions).toHaveLength(2500);
  });

  it('a failing check is counted and the sweep goes on', async () => {
    const sim = new SimulatedOrigin();
    sim.store.put(SIM_BUCKET, 'live/a/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    sim.store.put(SIM_BUCKET, 'live/b/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, b, k) => {
      before(op, b, k);
      if (op === 'head' && k === 'live/a/720p.m3u8') throw new Error('503 SlowDown');
    };
    const report = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(report).toMatchObject({ errors: 1, deleted: 1 });
    expect(sim.metrics.count(MetricName.CheckErrors)).toBe(1);
  });
});
