import { InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import { PLAYLIST_HEAD_BYTES, PLAYLIST_TAIL_BYTES } from '@hls-stale-guard/playlist';
import { createChecker } from '../create-checker';
import { FakeClock } from '../testing/fake-clock';
import {
  InMemoryPlaylistStore,
  type InMemoryStoreOptions,
} from '../testing/in-memory-playlist-store';
import { RecordingLogger } from '../testing/recording-logger';
import { livePlaylist, SIM_BUCKET, simConfig, SimulatedOrigin } from '../testing/simulated-origin';
import { checkAtDeadline, type CheckTarget } from './check-at-deadline';
import { InMemoryPlaylistRegistry } from '../registry/in-memory-playlist-registry';

const KEY = 'live/ch1/720p.m3u8';
/** 1.5 × TARGETDURATION (2 s). */
const WINDOW_MS = 3000;
const T0 = Date.parse('2026-11-26T10:00:00.200Z');

function harness(options: InMemoryStoreOptions = {}) {
  const clock = new FakeClock(T0);
  const store = new InMemoryPlaylistStore(() => clock.trueMs(), options);
  const logger = new RecordingLogger();
  const { deps } = createChecker({
    registry: new InMemoryPlaylistRegistry(),
    config: simConfig(),
    store,
    queue: { postpone: async () => {} },
    metrics: new InMemoryMetricsSink(),
    clock,
    logger,
  });
  const at = (ms: number) => clock.advanceTo(ms);
  // Every write's event reaches this instance's S3 clock (exact milliseconds), as on the event path.
  const put = (body: string) => {
    const write = store.put(SIM_BUCKET, KEY, body);
    deps.s3Clock.observeEventTime(write.eventTimeMs);
    return write;
  };
  const target = (write: { etag: string; eventTimeMs: number }): CheckTarget => ({
    bucket: SIM_BUCKET,
    key: KEY,
    etag: write.etag,
    writtenAtMs: write.eventTimeMs,
    source: 'event',
  });
  return { clock, store, logger, deps, at, put, target };
}

const X = livePlaylist({ mediaSequence: 0 });
const Y = livePlaylist({ mediaSequence: 1 });

describe('check at the deadline: an identical re-upload after another version (encoder restart)', () => {
  it('keeps a restarted X judged by the first X’s write when a different version came in between', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 1500);
    h.put(Y); // its event went to another instance
    h.at(T0 + 2900);
    const restart = h.put(X);
    expect(restart.etag).toBe(first.etag);
    h.at(T0 + WINDOW_MS + 50);
    const outcome = await checkAtDeadline(h.deps, h.target(first));
    expect(outcome).toMatchObject({ kind: 'not-due' });
    expect(h.store.deletions).toHaveLength(0);
    // Re-based on the restart: never before the restarted X's own deadline.
    const deadlineMs = (outcome as { deadlineMs: number }).deadlineMs;
    expect(deadlineMs).toBeGreaterThanOrEqual(restart.eventTimeMs + WINDOW_MS);
    expect(h.store.calls.listVersions).toBe(1);
  });

  it('deletes the restarted X once its own deadline has passed (the encoder died after the restart)', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 1500);
    h.put(Y);
    h.at(T0 + 2900);
    const restart = h.put(X);
    h.at(Math.floor((restart.eventTimeMs + 1000) / 1000) * 1000 + WINDOW_MS);
    const outcome = await checkAtDeadline(h.deps, h.target(first));
    expect(outcome).toMatchObject({ kind: 'deleted' });
    expect(h.store.deletions[0]!.atMs).toBeGreaterThan(restart.eventTimeMs + WINDOW_MS);
  });

  it('still deletes a stuck encoder re-uploading identical bytes on a versioned bucket (RFC 8216 §6.2.1 counts new segments, not PUTs)', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 1200);
    h.put(X);
    h.at(T0 + 2400);
    h.put(X);
    h.at(T0 + WINDOW_MS + 50);
    const outcome = await checkAtDeadline(h.deps, h.target(first));
    expect(outcome).toMatchObject({ kind: 'deleted' });
    expect(h.store.calls.listVersions).toBe(1);
  });

  it('asks for no history when the current version is from the judged write’s second (the common case)', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + WINDOW_MS + 50);
    expect(await checkAtDeadline(h.deps, h.target(first))).toMatchObject({ kind: 'deleted' });
    expect(h.store.calls.listVersions).toBe(0);
  });

  it.each<[string, InMemoryStoreOptions]>([
    ['an unversioned bucket', { versioning: 'unversioned' }],
    [
      'a history that cannot be read (AccessDenied, not implemented)',
      { versioning: 'cannot-tell' },
    ],
    ['a history truncated before the judged write', { versionsPageSize: 2 }],
  ])(
    'cannot tell on %s: keeps, re-based on LastModified + 999 ms, and deletes after that deadline',
    async (_name, options) => {
      const h = harness(options);
      const first = h.put(X);
      for (const offset of [1100, 2200]) {
        h.at(T0 + offset);
        h.put(X);
      }
      const lastModifiedMs = Math.floor((T0 + 2200) / 1000) * 1000;
      h.at(T0 + WINDOW_MS + 50);
      const kept = await checkAtDeadline(h.deps, h.target(first));
      expect(kept).toEqual({
        kind: 'not-due',
        deadlineMs: lastModifiedMs + 999 + WINDOW_MS,
        remainingMs: expect.any(Number),
      });
      expect(h.store.deletions).toHaveLength(0);
      h.at(lastModifiedMs + 999 + WINDOW_MS + 1);
      expect(await checkAtDeadline(h.deps, h.target(first))).toMatchObject({ kind: 'deleted' });
    },
  );

  it('cannot tell when reading the history throws: keeps', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 1500);
    h.put(X);
    h.store.beforeOperation = (operation) => {
      if (operation === 'listVersions') throw new Error('SlowDown');
    };
    h.at(T0 + WINDOW_MS + 50);
    expect(await checkAtDeadline(h.deps, h.target(first))).toMatchObject({ kind: 'not-due' });
    expect(h.store.deletions).toHaveLength(0);
    expect(h.logger.lines.some((l) => l.level === 'warn')).toBe(true);
  });

  it('treats a delete marker in between like a different version (the key was gone, then came back)', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 1500);
    await h.store.deleteIfMatch(SIM_BUCKET, KEY, first.etag);
    h.at(T0 + 2600);
    const back = h.put(X);
    h.at(T0 + WINDOW_MS + 50);
    const outcome = await checkAtDeadline(h.deps, h.target(first));
    expect(outcome).toMatchObject({ kind: 'not-due' });
    expect((outcome as { deadlineMs: number }).deadlineMs).toBeGreaterThanOrEqual(
      back.eventTimeMs + WINDOW_MS,
    );
  });
});

/** A live playlist over 24 KiB with `tag` in the middle: invisible to the 16 KiB head + 8 KiB tail read. */
function bigPlaylistWithTagInTheMiddle(tag: string): string {
  const header = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-MEDIA-SEQUENCE:0',
  ];
  const segments = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => [
      '#EXTINF:2.000,',
      `segment_${String(from + i).padStart(8, '0')}.ts`,
    ]).flat();
  const body = [...header, ...segments(0, 600), tag, ...segments(600, 600), ''].join('\n');
  const middle = body.indexOf(tag);
  expect(middle).toBeGreaterThan(PLAYLIST_HEAD_BYTES);
  expect(middle + tag.length).toBeLessThan(Buffer.byteLength(body) - PLAYLIST_TAIL_BYTES);
  return body;
}

describe('check at the deadline: the whole playlist is read before deleting one larger than the bounded read', () => {
  it.each([['#EXT-X-ENDLIST'], ['#EXT-X-PLAYLIST-TYPE:VOD']])(
    'keeps a playlist with %s in the middle and logs both verdicts',
    async (tag) => {
      const h = harness();
      const write = h.put(bigPlaylistWithTagInTheMiddle(tag));
      h.at(T0 + WINDOW_MS + 50);
      const outcome = await checkAtDeadline(h.deps, h.target(write));
      expect(outcome).toMatchObject({ kind: 'kept', reason: 'read-disagrees' });
      expect(h.store.deletions).toHaveLength(0);
      const warning = h.logger.lines.find((l) => l.level === 'warn');
      expect(warning).toMatchObject({ boundedVerdict: 'live', wholeVerdict: expect.any(String) });
      expect(warning?.['wholeVerdict']).not.toBe('live');
      // The next check of this version keeps it from the cached whole facts, with no read at all.
      const reads = h.store.calls.readRange;
      expect(await checkAtDeadline(h.deps, h.target(write))).toMatchObject({
        kind: 'kept',
        reason: warning?.['wholeVerdict'],
      });
      expect(h.store.calls.readRange).toBe(reads);
    },
  );

  it('deletes a stale playlist over 16 KiB whose whole read agrees', async () => {
    const h = harness();
    const body = livePlaylist({ mediaSequence: 0, segments: 1200 });
    expect(Buffer.byteLength(body)).toBeGreaterThan(PLAYLIST_HEAD_BYTES + PLAYLIST_TAIL_BYTES);
    const write = h.put(body);
    h.at(T0 + WINDOW_MS + 50);
    expect(await checkAtDeadline(h.deps, h.target(write))).toMatchObject({ kind: 'deleted' });
  });

  it('deletes a stale LL-HLS playlist over 16 KiB with PROGRAM-DATE-TIME on every segment (the whole read agrees)', async () => {
    const h = harness();
    const lines = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-VERSION:9',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=3.012',
      '#EXT-X-PART-INF:PART-TARGET=1.004',
      '#EXT-X-MEDIA-SEQUENCE:100',
      '#EXT-X-MAP:URI="init.mp4"',
    ];
    for (let i = 0; i < 200; i += 1) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(T0 - (200 - i) * 2000).toISOString()}`);
      lines.push(`#EXT-X-PART:DURATION=1.00000,INDEPENDENT=YES,URI="part${100 + i}.0.mp4"`);
      lines.push(`#EXT-X-PART:DURATION=1.00000,URI="part${100 + i}.1.mp4"`);
      lines.push('#EXTINF:2.00000,', `segment${100 + i}.mp4`);
    }
    lines.push('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="part300.0.mp4"', '');
    const body = lines.join('\n');
    expect(Buffer.byteLength(body)).toBeGreaterThan(PLAYLIST_HEAD_BYTES + PLAYLIST_TAIL_BYTES);
    const write = h.put(body);
    h.at(T0 + WINDOW_MS + 50);
    expect(await checkAtDeadline(h.deps, h.target(write))).toMatchObject({ kind: 'deleted' });
    expect(h.logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('reads nothing more for a playlist the bounded read saw whole', async () => {
    const h = harness();
    const write = h.put(X);
    h.at(T0 + WINDOW_MS + 50);
    expect(await checkAtDeadline(h.deps, h.target(write))).toMatchObject({ kind: 'deleted' });
    expect(h.store.calls.readRange).toBe(1);
  });

  it('reads a stale playlist of 8–16 KiB with one GET and deletes it without a whole read', async () => {
    const h = harness();
    const body = livePlaylist({ mediaSequence: 0, segments: 300 });
    expect(Buffer.byteLength(body)).toBeGreaterThan(8 * 1024);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(PLAYLIST_HEAD_BYTES);
    const write = h.put(body);
    h.at(T0 + WINDOW_MS + 50);
    expect(await checkAtDeadline(h.deps, h.target(write))).toMatchObject({ kind: 'deleted' });
    expect(h.store.calls.readRange).toBe(1);
  });

  it('treats an upload landing before the whole read as superseded', async () => {
    const h = harness();
    const body = livePlaylist({ mediaSequence: 0, segments: 1200 });
    const write = h.put(body);
    h.at(T0 + WINDOW_MS + 50);
    let reads = 0;
    h.store.beforeOperation = (operation) => {
      if (operation === 'readRange' && ++reads === 3) {
        h.put(livePlaylist({ mediaSequence: 1, segments: 1200 }));
      }
    };
    expect(await checkAtDeadline(h.deps, h.target(write))).toMatchObject({
      kind: 'superseded',
      reason: 'etag-mismatch',
    });
    expect(h.store.deletions).toHaveLength(0);
  });
});

describe('the event path and the reconciler on a restarted X (the same check)', () => {
  it('neither deletes X written again after Y when this instance remembers the first X’s write', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const t0 = sim.clock.trueMs();
    sim.upload(KEY, X, 0); // this instance sees the first X's event: its first write is remembered
    await sim.runUntil(t0 + 1500);
    sim.upload(KEY, Y, Infinity); // Y's and the restart's events go to other instances
    await sim.runUntil(t0 + 2900);
    const restart = sim.upload(KEY, X, Infinity);
    await sim.runUntil(t0 + WINDOW_MS + 1100);
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions).toHaveLength(0);
    // Once the restarted X's own deadline (taken as late as LastModified allows) has passed, it goes.
    await sim.runUntil(Math.floor(restart.eventTimeMs / 1000) * 1000 + 999 + WINDOW_MS + 1100);
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions).toEqual([expect.objectContaining({ etag: restart.etag })]);
    expect(sim.store.deletions[0]!.atMs).toBeGreaterThan(restart.eventTimeMs + WINDOW_MS);
  });
});

describe('check at the deadline: a look before the deadline', () => {
  it('costs one HEAD and reads nothing when the key’s timing is known and the new version is not due', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 100);
    expect(await checkAtDeadline(h.deps, h.target(first))).toMatchObject({ kind: 'not-due' });
    const readsAfterFirst = h.store.calls.readRange;
    h.at(T0 + 2000);
    const second = h.put(Y);
    h.at(T0 + 2100);
    const outcome = await checkAtDeadline(h.deps, h.target(second));
    expect(outcome).toEqual({
      kind: 'not-due',
      deadlineMs: second.eventTimeMs + WINDOW_MS,
      remainingMs: expect.any(Number) as number,
    });
    expect(h.store.calls.readRange).toBe(readsAfterFirst);
  });

  it('reads and judges the version once it is due by the known timing', async () => {
    const h = harness();
    const first = h.put(X);
    h.at(T0 + 100);
    await checkAtDeadline(h.deps, h.target(first));
    h.at(T0 + 2000);
    const second = h.put(Y);
    h.at(second.eventTimeMs + WINDOW_MS + 1500);
    const reads = h.store.calls.readRange;
    expect(await checkAtDeadline(h.deps, h.target(second))).toMatchObject({ kind: 'deleted' });
    expect(h.store.calls.readRange).toBe(reads + 1);
  });
});
