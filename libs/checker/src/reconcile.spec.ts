import { MetricName } from '@hls-stale-guard/metrics';
import { createChecker } from './create-checker';
import { conservativeWriteTimeMs } from './reconcile';
import { REGISTRY_SCAN_PAGE_SIZE } from './registry/dynamodb-playlist-registry';
import { RegistryState, registryPk } from './registry/playlist-registry';
import {
  livePlaylist,
  MASTER_PLAYLIST,
  SIM_BUCKET,
  SimulatedOrigin,
} from './testing/simulated-origin';

const budget = (ms = 60_000) => ({ remainingMs: () => ms });
const key = (i: number) => `live/ch${String(i).padStart(4, '0')}/720p.m3u8`;

/** `count` live playlists on S3 whose events were lost, registered by the on-demand listing. */
async function registeredLive(sim: SimulatedOrigin, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    sim.store.put(SIM_BUCKET, key(i), livePlaylist({ mediaSequence: i }));
  }
  const report = await sim.checker.registerExisting();
  expect(report).toMatchObject({ complete: true, live: count });
}

/** Another Lambda instance: its own caches and memory, the same S3 and registry. */
function otherInstance(sim: SimulatedOrigin, config = sim.checker.deps.config) {
  return createChecker({
    config,
    store: sim.store,
    queue: { postpone: async () => {} },
    metrics: sim.metrics,
    registry: sim.registry,
    clock: sim.clock,
    logger: sim.logger,
  });
}

function snapshot(sim: SimulatedOrigin) {
  return { ...sim.store.calls, ...prefix(sim.registry.calls) };
}
function prefix(calls: Record<string, number>) {
  return Object.fromEntries(Object.entries(calls).map(([k, v]) => [`registry.${k}`, v]));
}
function delta(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
}

describe('reconciler: sweeps the playlist registry, not the bucket', () => {
  it('deletes a registered playlist that went stale without any event (lost events, or before deployment)', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, 1);
    sim.clock.advanceTo(sim.clock.trueMs() + 10 * 60_000);
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ complete: true, scanned: 1, live: 1, deleted: 1 });
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.registry.get(SIM_BUCKET, key(0))).toMatchObject({
      state: RegistryState.Deleted,
      reason: 'stale',
    });
  });

  it('never lists S3: the requests of a sweep do not depend on the segments beside the playlists', async () => {
    const perSweep = async (segments: number) => {
      const sim = new SimulatedOrigin();
      for (let i = 0; i < segments; i += 1) {
        sim.store.put(SIM_BUCKET, `live/ch${i % 10}/segment_${i}.ts`, 'ts');
      }
      await registeredLive(sim, 10);
      sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
      sim.store.put(SIM_BUCKET, key(0), livePlaylist({ mediaSequence: 99 })); // a lost event: fresh
      const before = snapshot(sim);
      const report = await sim.checker.reconcile(budget());
      return { report, calls: delta(before, snapshot(sim)) };
    };
    const few = await perSweep(10);
    const many = await perSweep(5_000);
    expect(many.calls).toEqual(few.calls);
    expect(many.calls).toMatchObject({ list: 0, 'registry.scan': 1 });
    // One HEAD per live playlist; the stale ones get the check's own HEAD, read and conditional delete.
    expect(many.calls['head']).toBe(10 + 9);
    expect(many.report).toMatchObject({ deleted: 9, fresh: 1 });
  });

  it('a live playlist whose deadline cannot have passed costs no request at all', async () => {
    const sim = new SimulatedOrigin();
    sim.upload(key(0), livePlaylist({ mediaSequence: 0, targetDuration: 6 }));
    await sim.runUntil(sim.clock.trueMs() + 1_000); // the event registers it; deadline 9 s
    const before = snapshot(sim);
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ complete: true, live: 1, notDue: 1, deleted: 0 });
    expect(delta(before, snapshot(sim))).toMatchObject({ head: 0, readRange: 0, list: 0 });
  });

  it('a playlist updated since it was registered (events lost) is seen fresh by its HEAD and not written', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, 1);
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    sim.store.put(SIM_BUCKET, key(0), livePlaylist({ mediaSequence: 1 }));
    const recordsBefore = sim.registry.calls.record;
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ fresh: 1, deleted: 0, transitions: 0 });
    expect(sim.registry.calls.record).toBe(recordsBefore);
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('ENDLIST, VOD, master and invalid playlists are registered as kept and never looked at again', async () => {
    const sim = new SimulatedOrigin();
    sim.store.put(
      SIM_BUCKET,
      'live/ended/720p.m3u8',
      livePlaylist({ mediaSequence: 0, endList: true }),
    );
    sim.store.put(
      SIM_BUCKET,
      'live/vod/720p.m3u8',
      livePlaylist({ mediaSequence: 0, playlistType: 'VOD', endList: true }),
    );
    sim.store.put(SIM_BUCKET, 'live/master.m3u8', MASTER_PLAYLIST);
    sim.store.put(SIM_BUCKET, 'live/garbage.m3u8', '\u0000\u0001binary');
    sim.store.put(SIM_BUCKET, 'live/a/segment_1.ts', 'ts bytes');
    const registered = await sim.checker.registerExisting();
    expect(registered).toMatchObject({ listed: 5, playlists: 4, kept: 4, live: 0 });
    expect(sim.registry.get(SIM_BUCKET, 'live/ended/720p.m3u8')).toMatchObject({
      state: 'kept',
      reason: 'endlist',
    });
    expect(sim.registry.get(SIM_BUCKET, 'live/master.m3u8')?.reason).toBe('master');
    sim.clock.advanceTo(sim.clock.trueMs() + 10 * 60_000);
    const before = snapshot(sim);
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ complete: true, scanned: 4, live: 0, deleted: 0 });
    expect(delta(before, snapshot(sim))).toMatchObject({ head: 0, readRange: 0 });
  });

  it('a live playlist that ended with a lost event is kept, and recorded as kept', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, 1);
    sim.store.put(SIM_BUCKET, key(0), livePlaylist({ mediaSequence: 5, endList: true }));
    sim.clock.advanceTo(sim.clock.trueMs() + 10 * 60_000);
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ kept: 1, deleted: 0, transitions: 1 });
    expect(sim.registry.get(SIM_BUCKET, key(0))).toMatchObject({
      state: 'kept',
      reason: 'endlist',
    });
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('a playlist deleted by someone else is recorded as gone once, then skipped', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, 1);
    const { etag } = sim.store.get(SIM_BUCKET, key(0))!;
    await sim.store.deleteIfMatch(SIM_BUCKET, key(0), etag);
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    expect(await sim.checker.reconcile(budget())).toMatchObject({ gone: 1, transitions: 1 });
    expect(sim.registry.get(SIM_BUCKET, key(0))).toMatchObject({
      state: 'deleted',
      reason: 'gone',
    });
    const heads = sim.store.calls.head;
    expect(await sim.checker.reconcile(budget())).toMatchObject({ live: 0, gone: 0 });
    expect(sim.store.calls.head).toBe(heads);
  });

  it('judges from the latest possible write time when LastModified is whole seconds', () => {
    expect(conservativeWriteTimeMs(1_000)).toBe(1_999);
    expect(conservativeWriteTimeMs(1_234)).toBe(1_234);
  });

  it('never deletes before the deadline when only LastModified (whole seconds) is known', async () => {
    const sim = new SimulatedOrigin({ startMs: Date.parse('2026-11-26T10:00:00.900Z') });
    await registeredLive(sim, 1);
    const { writtenAtMs } = sim.store.get(SIM_BUCKET, key(0))!;
    for (const afterMs of [3000 + 50, 3000 + 500, 3000 + 1200]) {
      sim.clock.advanceTo(writtenAtMs + afterMs);
      await sim.checker.reconcile(budget());
      for (const deletion of sim.store.deletions) {
        expect(deletion.atMs).toBeGreaterThan(writtenAtMs + 3000);
      }
    }
    expect(sim.store.deletions).toHaveLength(1);
  });
});

describe('reconciler: a sweep that cannot finish resumes on any instance', () => {
  const STALE = 2_500;

  async function staleRegistry(): Promise<SimulatedOrigin> {
    const sim = new SimulatedOrigin({ config: { reconcilerSafetyMarginMs: 5_000 } });
    await registeredLive(sim, STALE);
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    return sim;
  }

  /** A budget that runs out after `heads` HEAD requests. */
  function runsOutAfterHeads(sim: SimulatedOrigin, heads: number) {
    const start = sim.store.calls.head;
    return { remainingMs: () => (sim.store.calls.head - start >= heads ? 4_000 : 60_000) };
  }

  it('paginates the registry and counts what it swept', async () => {
    const sim = await staleRegistry();
    const report = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(report).toMatchObject({ complete: true, scanned: STALE, deleted: STALE });
    expect(report.pages).toBe(Math.ceil(STALE / REGISTRY_SCAN_PAGE_SIZE));
    expect(sim.metrics.count(MetricName.ReconcilerPlaylistsScanned)).toBe(STALE);
    expect(sim.metrics.count(MetricName.ReconcilerSweepIncomplete)).toBe(0);
    expect(sim.registry.storedCursor).toBeUndefined();
  });

  it('stops before the timeout, keeps its cursor in the registry, and another instance resumes there', async () => {
    const sim = await staleRegistry();
    const first = await sim.checker.reconcile(runsOutAfterHeads(sim, 600));
    await sim.metrics.flush();
    expect(first.complete).toBe(false);
    expect(first.deleted).toBeGreaterThanOrEqual(250);
    expect(first.deleted).toBeLessThan(1000);
    expect(first.stoppedAt).toBe(registryPk(SIM_BUCKET, key(first.scanned - 1)));
    expect(sim.registry.storedCursor).toBe(first.stoppedAt);
    expect(sim.metrics.count(MetricName.ReconcilerSweepIncomplete)).toBe(1);

    const second = await otherInstance(sim).reconcile(budget());
    expect(second).toMatchObject({ complete: true, scanned: STALE - first.scanned });
    expect(sim.store.deletions).toHaveLength(STALE);
    expect(sim.registry.storedCursor).toBeUndefined();
  });

  it('a resumed page whose first item is skipped keeps its resume point', async () => {
    const sim = await staleRegistry();
    const first = await sim.checker.reconcile(runsOutAfterHeads(sim, 600));
    const cursor = sim.registry.storedCursor;
    expect(cursor).toBeDefined();
    // Time runs out between the Scan and the first item of the resumed page.
    let scanned = false;
    sim.registry.beforeOperation = (operation) => {
      if (operation === 'scan') scanned = true;
    };
    const second = await otherInstance(sim).reconcile({
      remainingMs: () => (scanned ? 4_000 : 60_000),
    });
    expect(second).toMatchObject({ complete: false, scanned: 0, stoppedAt: cursor });
    expect(sim.registry.storedCursor).toBe(cursor);
    sim.registry.beforeOperation = () => {};
    const third = await sim.checker.reconcile(budget());
    expect(third).toMatchObject({ complete: true, scanned: STALE - first.scanned });
    expect(sim.store.deletions).toHaveLength(STALE);
  });

  it('a sweep that finds the cursor moved by another instance leaves the rest to it', async () => {
    const sim = await staleRegistry();
    const other = otherInstance(sim);
    let overtaken = false;
    sim.registry.beforeOperation = (operation) => {
      // While this sweep handles its first page, another instance's sweep moves the cursor.
      if (operation === 'moveCursor' && !overtaken) {
        overtaken = true;
        void sim.registry.moveCursor(undefined, registryPk(SIM_BUCKET, key(0)));
      }
    };
    const report = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(report).toMatchObject({ complete: false, yielded: true, pages: 1 });
    expect(sim.metrics.count(MetricName.ReconcilerSweepIncomplete)).toBe(0);
    sim.registry.beforeOperation = () => {};
    await other.reconcile(budget());
    expect(sim.store.deletions).toHaveLength(STALE);
  });
});

describe('reconciler: one failure never stops the sweep', () => {
  it('a failing check is counted and the sweep goes on', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, 2);
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, b, k) => {
      before(op, b, k);
      if (op === 'head' && k === key(0)) throw new Error('503 SlowDown');
    };
    const report = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(report).toMatchObject({ complete: true, errors: 1, deleted: 1 });
    expect(sim.metrics.count(MetricName.CheckErrors)).toBe(1);
    expect(sim.registry.get(SIM_BUCKET, key(0))?.state).toBe('live');
  });

  it('a bucket whose every request fails is counted item by item; the other bucket is swept', async () => {
    const sim = new SimulatedOrigin({
      config: { scope: { buckets: [SIM_BUCKET, 'origin-b'], prefixes: [''] } },
    });
    for (const bucket of [SIM_BUCKET, 'origin-b']) {
      for (let i = 0; i < 3; i += 1) {
        sim.store.put(bucket, key(i), livePlaylist({ mediaSequence: i }));
      }
    }
    await sim.checker.registerExisting();
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    const before = sim.store.beforeOperation;
    sim.store.beforeOperation = (op, b, k) => {
      before(op, b, k);
      if (b === 'origin-b') throw new Error('AccessDenied (403)');
    };
    const report = await sim.checker.reconcile(budget());
    expect(report).toMatchObject({ complete: true, errors: 3, deleted: 3 });
    expect(sim.store.deletions.every((d) => d.bucket === SIM_BUCKET)).toBe(true);
  });

  it('a failing registry write is counted; the deletion stands and the sweep goes on', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, 3);
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    sim.registry.beforeOperation = (operation, pk) => {
      if (operation === 'record' && pk === registryPk(SIM_BUCKET, key(1))) {
        throw new Error('ProvisionedThroughputExceededException');
      }
    };
    const report = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(report).toMatchObject({ complete: true, deleted: 3, transitions: 2, errors: 1 });
    expect(sim.metrics.count(MetricName.RegistryErrors)).toBe(1);
  });

  it('a failing Scan stops the sweep where it is; the next run resumes there', async () => {
    const sim = new SimulatedOrigin();
    await registeredLive(sim, REGISTRY_SCAN_PAGE_SIZE + 10);
    sim.clock.advanceTo(sim.clock.trueMs() + 60_000);
    let scans = 0;
    sim.registry.beforeOperation = (operation) => {
      if (operation === 'scan' && (scans += 1) === 2) throw new Error('InternalServerError');
    };
    const first = await sim.checker.reconcile(budget());
    await sim.metrics.flush();
    expect(first).toMatchObject({ complete: false, scanned: REGISTRY_SCAN_PAGE_SIZE, errors: 1 });
    expect(first.stoppedAt).toBe(sim.registry.storedCursor);
    expect(sim.metrics.count(MetricName.ReconcilerSweepIncomplete)).toBe(1);
    expect(sim.metrics.count(MetricName.RegistryErrors)).toBe(1);
    const second = await sim.checker.reconcile(budget());
    expect(second).toMatchObject({ complete: true, scanned: 10 });
    expect(sim.store.deletions).toHaveLength(REGISTRY_SCAN_PAGE_SIZE + 10);
  });
});
