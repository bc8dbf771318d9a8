import { MetricName } from '@hls-stale-guard/metrics';
import {
  livePlaylist,
  MASTER_PLAYLIST,
  SIM_BUCKET,
  SimulatedOrigin,
} from '../testing/simulated-origin';
import { REGISTRY_REFRESH_MS } from './registry-memory';

const KEY = 'live/ch1/720p.m3u8';
const TD_S = 6;

/** An encoder uploading a new version every TARGETDURATION from now until `untilMs`. */
async function encode(sim: SimulatedOrigin, untilMs: number, firstSequence = 0): Promise<number> {
  let sequence = firstSequence;
  for (let at = sim.clock.trueMs(); at < untilMs; at += TD_S * 1000) {
    const n = sequence;
    sim.at(at, () => sim.upload(KEY, livePlaylist({ targetDuration: TD_S, mediaSequence: n })));
    sequence += 1;
  }
  await sim.runUntil(untilMs);
  return sequence;
}

describe('the event path records playlists in the registry at near-zero cost per upload', () => {
  it('writes on first sight, not on every upload of a playlist that stays live', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const uploads = await encode(sim, sim.clock.trueMs() + 10 * 60_000);
    expect(uploads).toBe(100);
    expect(sim.registry.calls.record).toBe(1);
    expect(sim.registry.get(SIM_BUCKET, KEY)).toMatchObject({
      state: 'live',
      timing: { targetDurationMs: TD_S * 1000 },
    });
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('refreshes the item (and its TTL) at most once an hour per key per instance', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const start = sim.clock.trueMs();
    await encode(sim, start + 2 * REGISTRY_REFRESH_MS - 60_000);
    expect(sim.registry.calls.record).toBe(2);
    const entry = sim.registry.get(SIM_BUCKET, KEY)!;
    expect(entry.lastSeenMs).toBeGreaterThanOrEqual(start + REGISTRY_REFRESH_MS);
    expect(entry.expiresAt).toBe(Math.floor(entry.lastSeenMs / 1000) + 168 * 3600);
    expect(entry.transitionAtMs).toBeLessThan(start + 60_000);
  });

  it('records the deletion of a stale playlist as a state change', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    await encode(sim, sim.clock.trueMs() + 60_000);
    await sim.runUntil(sim.clock.trueMs() + 60_000);
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.registry.calls.record).toBe(2);
    const entry = sim.registry.get(SIM_BUCKET, KEY)!;
    expect(entry).toMatchObject({
      state: 'deleted',
      reason: 'stale',
      etag: sim.store.deletions[0]!.etag,
    });
    expect(entry.observedAtMs).toBeGreaterThan(sim.store.deletions[0]!.writtenAtMs);
  });

  it('records a master or ENDLIST playlist as kept, with the reason', async () => {
    const sim = new SimulatedOrigin();
    sim.upload('live/master.m3u8', MASTER_PLAYLIST);
    sim.upload(KEY, livePlaylist({ mediaSequence: 0, endList: true }));
    await sim.runUntil(sim.clock.trueMs() + 1_000);
    expect(sim.registry.get(SIM_BUCKET, 'live/master.m3u8')).toMatchObject({
      state: 'kept',
      reason: 'master',
    });
    expect(sim.registry.get(SIM_BUCKET, KEY)).toMatchObject({ state: 'kept', reason: 'endlist' });
  });

  it('a restarted encoder makes the key live again', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const next = await encode(sim, sim.clock.trueMs() + 30_000);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(sim.registry.get(SIM_BUCKET, KEY)?.state).toBe('deleted');
    await encode(sim, sim.clock.trueMs() + 30_000, next);
    expect(sim.registry.get(SIM_BUCKET, KEY)?.state).toBe('live');
  });

  it('a failing registry never fails the event: counted, logged, and written at the next upload', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    let failures = 1;
    sim.registry.beforeOperation = (operation) => {
      if (operation === 'record' && failures > 0) {
        failures -= 1;
        throw new Error('ServiceUnavailable');
      }
    };
    await encode(sim, sim.clock.trueMs() + 5 * TD_S * 1000);
    await sim.metrics.flush();
    expect(sim.metrics.count(MetricName.RegistryErrors)).toBe(1);
    expect(sim.metrics.count(MetricName.CheckErrors)).toBe(0);
    expect(sim.pendingMessages).toBe(1); // only the last upload's, postponed to its deadline
    expect(sim.registry.calls.record).toBe(2);
    expect(sim.registry.get(SIM_BUCKET, KEY)?.state).toBe('live');
    expect(sim.logger.lines.some((l) => l.message === 'registry write failed')).toBe(true);
  });
});
