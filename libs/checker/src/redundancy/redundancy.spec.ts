import { MetricName } from '@hls-stale-guard/metrics';
import type { AllStalePolicy } from '@hls-stale-guard/contract';
import { livePlaylist, SimulatedOrigin } from '../testing/simulated-origin';

const A = 'origin-a';
const B = 'origin-b';
const KEY = 'live-1/720p.m3u8';
const TD_S = 6;

function twoPipelines(policy: AllStalePolicy = 'delete', pipelines?: string): SimulatedOrigin {
  return new SimulatedOrigin({
    batchSize: 1,
    config: {
      scope: { buckets: [A, B], prefixes: [''] },
      allStalePolicy: policy,
      ...(pipelines === undefined
        ? {}
        : {
            pipelines: pipelines.split(',').map((entry) => {
              const [name = '', bucket = ''] = entry.split('=');
              return { name, bucket, prefix: '' };
            }),
          }),
    },
  });
}

/** Both pipelines' encoders upload every TARGETDURATION; each stops at its time (or never). */
function encode(sim: SimulatedOrigin, stops: { a?: number; b?: number }, untilMs: number): void {
  const start = sim.clock.trueMs();
  for (const [bucket, stop] of [
    [A, stops.a],
    [B, stops.b],
  ] as const) {
    let sequence = 0;
    for (
      let at = start + (bucket === B ? 700 : 0);
      at < Math.min(untilMs, stop ?? Infinity);
      at += TD_S * 1000
    ) {
      const n = sequence;
      sim.at(at, () =>
        sim.upload(KEY, livePlaylist({ targetDuration: TD_S, mediaSequence: n }), 50, bucket),
      );
      sequence += 1;
    }
  }
}

describe('a copy lost while another pipeline is live is a failover, not a channel down', () => {
  it('pipeline A stops: A is deleted, the rendition is failed over to B, Failovers counted once', async () => {
    const sim = twoPipelines();
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 60_000 }, start + 180_000);
    await sim.runUntil(start + 180_000);
    await sim.metrics.flush();
    expect(sim.store.deletions.map((d) => d.bucket)).toEqual([A]);
    expect(sim.metrics.count(MetricName.Failovers)).toBe(1);
    expect(sim.metrics.count(MetricName.Failovers, { Bucket: A, Channel: 'live-1' })).toBe(1);
    expect(sim.metrics.count(MetricName.ChannelsDown)).toBe(0);
    expect(sim.registry.rendition(KEY)).toMatchObject({ state: 'failed-over', livePipelines: [B] });
  });

  it('every pipeline stops (policy delete): every copy is deleted, ChannelsDown counted once', async () => {
    const sim = twoPipelines('delete');
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 60_000, b: start + 60_000 }, start + 180_000);
    await sim.runUntil(start + 180_000);
    await sim.metrics.flush();
    expect(sim.store.deletions.map((d) => d.bucket).sort()).toEqual([A, B]);
    expect(sim.metrics.count(MetricName.ChannelsDown)).toBe(1);
    expect(sim.metrics.count(MetricName.ChannelsDown, { Bucket: A, Channel: 'live-1' })).toBe(1);
    expect(sim.metrics.count(MetricName.Failovers)).toBe(0);
    expect(sim.registry.rendition(KEY)).toMatchObject({ state: 'down', livePipelines: [] });
    expect(sim.logger.lines.some((l) => l.message.startsWith('rendition down'))).toBe(true);
  });

  it('a failing registry write of the rendition state is counted and logged; the deletion stands, the failover is reported', async () => {
    const sim = twoPipelines();
    sim.registry.beforeOperation = (operation) => {
      if (operation === 'recordRendition') throw new Error('simulated DynamoDB outage');
    };
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 60_000 }, start + 180_000);
    await sim.runUntil(start + 180_000);
    await sim.metrics.flush();
    expect(sim.store.deletions.map((d) => d.bucket)).toEqual([A]);
    expect(sim.metrics.count(MetricName.RegistryErrors)).toBe(1);
    expect(sim.metrics.count(MetricName.Failovers)).toBe(1);
    expect(sim.logger.lines.some((l) => l.level === 'error' && l['source'] === 'redundancy')).toBe(
      true,
    );
  });

  it('names pipelines as configured (PIPELINES) in the rendition item', async () => {
    const sim = twoPipelines('delete', `a=${A},b=${B}`);
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 60_000 }, start + 180_000);
    await sim.runUntil(start + 180_000);
    await sim.metrics.flush();
    expect(sim.registry.rendition(KEY)).toMatchObject({
      state: 'failed-over',
      livePipelines: ['b'],
    });
  });
});

describe('ALL_STALE_POLICY=keep-last: the last live copy stays', () => {
  it('A stops first (deleted: B is live), then B stops: B is kept (last-copy), the rendition is down', async () => {
    const sim = twoPipelines('keep-last');
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 30_000, b: start + 90_000 }, start + 240_000);
    await sim.runUntil(start + 240_000);
    await sim.metrics.flush();
    expect(sim.store.deletions.map((d) => d.bucket)).toEqual([A]);
    expect(await sim.store.head(B, KEY)).toBeDefined();
    expect(sim.metrics.count(MetricName.Failovers)).toBe(1);
    expect(sim.metrics.count(MetricName.ChannelsDown)).toBe(1);
    expect(sim.registry.rendition(KEY)).toMatchObject({ state: 'down' });
    const kept = sim.logger.lines.find((l) => l['reason'] === 'last-copy');
    expect(kept).toMatchObject({ bucket: B, key: KEY, verdict: 'kept' });
    // Still live in the registry: the reconciler checks it again once another copy is back.
    expect(sim.registry.get(B, KEY)).toMatchObject({ state: 'live' });
  });

  it('a kept last copy stays live in the registry: the sweep deletes it once another copy is live again', async () => {
    const sim = twoPipelines('keep-last');
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 30_000, b: start + 90_000 }, start + 240_000);
    await sim.runUntil(start + 150_000);
    expect(sim.store.deletions.map((d) => d.bucket)).toEqual([A]);
    // The sweep while A is still down: B stays (last copy), and stays live in the registry.
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions.map((d) => d.bucket)).toEqual([A]);
    expect(sim.registry.get(B, KEY)).toMatchObject({ state: 'live' });
    // A comes back; B never does: the next sweep deletes B, and players fail over to A.
    sim.upload(KEY, livePlaylist({ targetDuration: TD_S, mediaSequence: 500 }), 50, A);
    await sim.runUntil(sim.clock.trueMs() + 1_000);
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions.map((d) => d.bucket)).toEqual([A, B]);
    expect(sim.registry.get(B, KEY)).toMatchObject({ state: 'deleted', reason: 'stale' });
  });

  it('every pipeline stops at once: no copy is deleted', async () => {
    const sim = twoPipelines('keep-last');
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 60_000, b: start + 60_000 }, start + 180_000);
    await sim.runUntil(start + 180_000);
    await sim.metrics.flush();
    expect(sim.store.deletions).toHaveLength(0);
    expect(sim.metrics.count(MetricName.ChannelsDown)).toBe(1);
  });

  it.each<[AllStalePolicy, number]>([
    ['keep-last', 0],
    ['delete', 1],
  ])('unsure of the other copy (its HEAD fails): %s deletes %d copies', async (policy, deleted) => {
    const sim = twoPipelines(policy);
    const start = sim.clock.trueMs();
    const scheduled = sim.store.beforeOperation;
    sim.store.beforeOperation = (operation, bucket, key) => {
      scheduled(operation, bucket, key);
      if (operation === 'head' && bucket === B) throw new Error('simulated HEAD failure');
    };
    encode(sim, { a: start + 60_000, b: 0 }, start + 60_000);
    await sim.runUntil(start + 120_000);
    expect(sim.store.deletions.filter((d) => d.bucket === A)).toHaveLength(deleted);
  });
});

describe('a deleted playlist written again is recovered', () => {
  it('counts PlaylistsRecovered once, measures the outage, records the rendition as recovered', async () => {
    const sim = twoPipelines();
    const start = sim.clock.trueMs();
    encode(sim, { a: start + 30_000 }, start + 300_000);
    const resumeAt = start + 120_000;
    for (let at = resumeAt, n = 100; at < start + 300_000; at += TD_S * 1000, n += 1) {
      const sequence = n;
      sim.at(at, () =>
        sim.upload(KEY, livePlaylist({ targetDuration: TD_S, mediaSequence: sequence }), 50, A),
      );
    }
    await sim.runUntil(start + 300_000);
    await sim.metrics.flush();
    const deletion = sim.store.deletions.find((d) => d.bucket === A);
    expect(deletion).toBeDefined();
    expect(sim.metrics.count(MetricName.PlaylistsRecovered)).toBe(1);
    expect(sim.metrics.count(MetricName.PlaylistsRecovered, { Bucket: A, Channel: 'live-1' })).toBe(
      1,
    );
    const [outage] = sim.metrics.values(MetricName.OutageDurationMs);
    expect(outage).toBeGreaterThan(0);
    expect(outage).toBeLessThanOrEqual(resumeAt - (start + 24_000 + 9_000));
    expect(sim.registry.rendition(KEY)).toMatchObject({
      state: 'recovered',
      livePipelines: [A, B],
    });
    expect(sim.registry.get(A, KEY)).toMatchObject({ state: 'live' });
    expect(sim.logger.lines.filter((l) => l.message.startsWith('playlist recovered'))).toHaveLength(
      1,
    );
  });

  it('a steady stream of uploads reads the registry only on first sight', async () => {
    const sim = twoPipelines();
    const start = sim.clock.trueMs();
    encode(sim, {}, start + 10 * 60_000);
    await sim.runUntil(start + 10 * 60_000);
    expect(sim.registry.calls.read).toBe(2);
    expect(sim.registry.calls.recordRendition).toBe(0);
  });
});
