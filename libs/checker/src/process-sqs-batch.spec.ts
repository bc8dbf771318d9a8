import { MetricName } from '@hls-stale-guard/metrics';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DELETION_VALVE_WINDOW_MS } from './core/deletion-valve';
import {
  LOOK_WHEN_ALL_OLDER_THAN_TARGET_DURATIONS,
  LOOKS_SKIPPED_FROM_BATCH_OF,
} from './core/next-step';
import {
  livePlaylist,
  MASTER_PLAYLIST,
  SIM_BUCKET,
  SimulatedOrigin,
} from './testing/simulated-origin';

const KEY = 'live/ch1/720p.m3u8';
const TD_MS = 2000;
const DEADLINE_MS = 1.5 * TD_MS;

/** An encoder writing a new version every `TD_MS` until `stopAfter` uploads. */
function encoder(sim: SimulatedOrigin, key: string, uploads: number, startMs = sim.clock.trueMs()) {
  const writes: Array<{ etag: string; eventTimeMs: number }> = [];
  for (let i = 0; i < uploads; i += 1) {
    sim.at(startMs + i * TD_MS, () =>
      writes.push(sim.upload(key, livePlaylist({ mediaSequence: i }))),
    );
  }
  return writes;
}

const deleted = (sim: SimulatedOrigin) => sim.logger.lines.filter((l) => l.verdict === 'deleted');

describe('event path: deadline without sleeping', () => {
  it('keeps a playlist alive while the encoder uploads on its cadence', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    encoder(sim, KEY, 10);
    await sim.runUntil(sim.clock.trueMs() + 9 * TD_MS + 500);
    expect(sim.store.get(SIM_BUCKET, KEY)).toBeDefined();
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('deletes the playlist at its deadline (eventTime + 1.5 × TARGETDURATION) once uploads stop, never before', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const writes = encoder(sim, KEY, 3);
    await sim.runUntil(sim.clock.trueMs() + 60_000);
    const last = writes.at(-1)!;
    expect(sim.store.deletions).toEqual([expect.objectContaining({ key: KEY, etag: last.etag })]);
    const deletion = sim.store.deletions[0]!;
    const deadline = last.eventTimeMs + DEADLINE_MS;
    expect(deletion.atMs).toBeGreaterThan(deadline);
    expect(deletion.atMs - deadline).toBeLessThanOrEqual(100);
  });

  it('postpones each notification to the last whole second before its deadline with ChangeMessageVisibility', async () => {
    const sim = new SimulatedOrigin({
      batchSize: 1,
      config: { policy: { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 500 } },
    });
    sim.upload(KEY, livePlaylist({ mediaSequence: 0, targetDuration: 6 }), 0);
    await sim.runUntil(sim.clock.trueMs() + 1);
    // Deadline 9.5 s after the write: back after 9 s, the last 500 ms waited inline.
    expect(sim.postponements.map((p) => p.seconds)).toEqual([9]);
    expect(sim.store.calls.head).toBe(0);
  });

  it('a version replaced before its deadline is settled when its message comes back, without waiting for the deadline', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const start = sim.clock.trueMs();
    // An event delivered at once gives the checker S3's exact time; the version's own event takes 400 ms.
    sim.upload('live/other/720p.m3u8', livePlaylist({ mediaSequence: 0 }), 0);
    const first = sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 400);
    // The replacement's own event is late: this instance learns of it from S3 only.
    sim.at(start + 1_500, () => sim.upload(KEY, livePlaylist({ mediaSequence: 1 }), 5_000));
    const supersededAt: number[] = [];
    // A superseded version is a routine outcome: logged at debug level.
    const debug = sim.logger.debug;
    sim.logger.debug = (message, fields) => {
      if (fields?.verdict === 'superseded' && fields.etag === first.etag) {
        supersededAt.push(sim.clock.trueMs());
      }
      debug(message, fields);
    };
    await sim.runUntil(start + 4_000);
    expect(supersededAt).toHaveLength(1);
    expect(supersededAt[0]).toBeLessThan(first.eventTimeMs + DEADLINE_MS - 500);
  });

  it('needs no S3 read to postpone once the key’s TARGETDURATION is cached', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    encoder(sim, KEY, 5);
    await sim.runUntil(sim.clock.trueMs() + 4 * TD_MS + 100);
    expect(sim.store.calls.readRange).toBe(1);
  });

  it.each([
    ['ENDLIST appended to a live playlist', livePlaylist({ mediaSequence: 3, endList: true })],
    ['a VOD playlist', livePlaylist({ mediaSequence: 0, playlistType: 'VOD', endList: true })],
    ['a VOD playlist without ENDLIST', livePlaylist({ mediaSequence: 0, playlistType: 'VOD' })],
    ['a master playlist', MASTER_PLAYLIST],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['an empty file', ''],
  ])('never deletes %s, whatever the silence', async (_name, body) => {
    const sim = new SimulatedOrigin();
    sim.upload(KEY, body);
    await sim.runUntil(sim.clock.trueMs() + 10 * 60_000);
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions).toHaveLength(0);
    expect(sim.store.get(SIM_BUCKET, KEY)).toBeDefined();
  });

  it('counts an unreadable playlist as invalid', async () => {
    const sim = new SimulatedOrigin();
    sim.upload(KEY, 'garbage');
    await sim.runUntil(sim.clock.trueMs() + 10_000);
    await sim.metrics.flush();
    expect(sim.metrics.count(MetricName.PlaylistsInvalid)).toBe(1);
  });

  it('an EVENT playlist without ENDLIST is live (MediaLive writes EVENT while running)', async () => {
    const sim = new SimulatedOrigin();
    sim.upload(KEY, livePlaylist({ mediaSequence: 0, playlistType: 'EVENT' }));
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(sim.store.deletions).toHaveLength(1);
  });

  it('an identical re-upload keeps the ETag and does not reset the deadline (RFC 8216 §6.2.1)', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const body = livePlaylist({ mediaSequence: 7 });
    const first = sim.upload(KEY, body, 10);
    sim.at(first.eventTimeMs + 2000, () => sim.upload(KEY, body, 10));
    await sim.runUntil(first.eventTimeMs + 30_000);
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.store.deletions[0]!.atMs - (first.eventTimeMs + DEADLINE_MS)).toBeLessThanOrEqual(
      100,
    );
    expect(sim.store.deletions[0]!.atMs).toBeGreaterThan(first.eventTimeMs + DEADLINE_MS);
  });
});

/** Notifications as a queue with `DelaySeconds` delivers them: `delayMs` after each upload. */
function delayedEncoder(sim: SimulatedOrigin, key: string, uploads: number, delayMs: number) {
  const start = sim.clock.trueMs();
  const writes: Array<{ etag: string; eventTimeMs: number }> = [];
  for (let i = 0; i < uploads; i += 1) {
    sim.at(start + i * TD_MS, () =>
      writes.push(sim.upload(key, livePlaylist({ mediaSequence: i }), delayMs)),
    );
  }
  return writes;
}

describe('event path: notifications the queue held back (DelaySeconds)', () => {
  it('learns the key from its current version when its first event names a replaced one, and registers it live', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    delayedEncoder(sim, KEY, 6, 2000);
    // Every notification arrives as its version's successor is uploaded: all are superseded.
    await sim.runUntil(sim.clock.trueMs() + 5 * TD_MS + 1000);
    expect(sim.store.deletions).toHaveLength(0);
    expect(sim.registry.get(SIM_BUCKET, KEY)).toMatchObject({ state: 'live' });
    // One If-Match read of the replaced version, one of the current: later events read nothing.
    expect(sim.store.calls.readRange).toBe(2);
  });

  it('still deletes the last version at its deadline once the encoder stops', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const writes = delayedEncoder(sim, KEY, 4, 2000);
    await sim.runUntil(sim.clock.trueMs() + 60_000);
    const last = writes.at(-1)!;
    expect(sim.store.deletions).toEqual([expect.objectContaining({ key: KEY, etag: last.etag })]);
    expect(sim.store.deletions[0]!.atMs).toBeGreaterThan(last.eventTimeMs + DEADLINE_MS);
  });

  it('a key deleted before its event arrived costs no HEAD and is not registered', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    const write = sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 2000);
    sim.at(sim.clock.trueMs() + 1000, () => {
      void sim.store.deleteIfMatch(SIM_BUCKET, KEY, write.etag);
    });
    await sim.runUntil(sim.clock.trueMs() + 2500);
    expect(sim.registry.get(SIM_BUCKET, KEY)).toBeUndefined();
    expect(sim.store.calls.head).toBe(0);
  });
});

describe('events: duplicates, reordering, lateness, keys', () => {
  it('a duplicated notification deletes once and the duplicate is superseded', async () => {
    const sim = new SimulatedOrigin();
    sim.upload(KEY, livePlaylist({ mediaSequence: 0 }));
    sim.duplicateLast(100);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.pendingMessages).toBe(0);
  });

  it('an event minutes late for an already-replaced version does not delete the fresh one', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 5 * 60_000); // delivered 5 minutes late
    sim.at(sim.clock.trueMs() + 1000, () =>
      sim.upload(KEY, livePlaylist({ mediaSequence: 1 }), 10),
    );
    // The encoder keeps going for 6 minutes.
    for (let i = 2; i < 180; i += 1) {
      sim.at(sim.clock.trueMs() + i * TD_MS, () =>
        sim.upload(KEY, livePlaylist({ mediaSequence: i }), 10),
      );
    }
    await sim.runUntil(sim.clock.trueMs() + 179 * TD_MS);
    expect(sim.store.deletions).toHaveLength(0);
    expect(sim.logger.lines.some((l) => l.verdict === 'superseded')).toBe(true);
  });

  it('an event minutes late for a version that is still current deletes it at once', async () => {
    const sim = new SimulatedOrigin();
    const write = sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 3 * 60_000);
    await sim.runUntil(sim.clock.trueMs() + 3 * 60_000 + 1000);
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.store.deletions[0]!.atMs - write.eventTimeMs).toBeGreaterThanOrEqual(3 * 60_000);
  });

  it('reordered events: the older one is superseded without deleting the newer version', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 900); // older, delivered after the newer one
    let newer: { etag: string; eventTimeMs: number } | undefined;
    sim.at(sim.clock.trueMs() + 500, () => {
      newer = sim.upload(KEY, livePlaylist({ mediaSequence: 1 }), 10);
    });
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.store.deletions[0]!.etag).toBe(newer?.etag);
    expect(sim.store.deletions[0]!.atMs).toBeGreaterThan(newer!.eventTimeMs + DEADLINE_MS);
    expect(sim.logger.lines.filter((l) => l.reason === 'newer-event')).toHaveLength(1);
  });

  it.each([
    'live/my channel/720p.m3u8',
    'live/a+b/720p.m3u8',
    'live/日本語/✓ 720p.m3u8',
    'live/100%/x.m3u8',
  ])('decodes the key %p and deletes the right object', async (key) => {
    const sim = new SimulatedOrigin();
    sim.upload(key, livePlaylist({ mediaSequence: 0 }));
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(sim.store.deletions.map((d) => d.key)).toEqual([key]);
  });

  it('handles all 10 records of a batch', async () => {
    const sim = new SimulatedOrigin({ batchSize: 10 });
    for (let i = 0; i < 10; i += 1)
      sim.upload(`live/ch${i}/720p.m3u8`, livePlaylist({ mediaSequence: i }), 0);
    await sim.runUntil(sim.clock.trueMs() + 60_000);
    expect(sim.store.deletions).toHaveLength(10);
  });

  it('acknowledges and counts the S3 test event, other event types and non-.m3u8 keys', async () => {
    const sim = new SimulatedOrigin();
    const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf-8');
    sim.enqueue(fixture('s3-test-event.json'));
    sim.enqueue(fixture('s3-event-object-removed.json'));
    sim.upload('live/ch1/segment_1.ts', 'not a playlist');
    sim.upload('other-prefix.m3u8', livePlaylist({ mediaSequence: 0 }), 10, 'some-other-bucket');
    await sim.runUntil(sim.clock.trueMs() + 10_000);
    await sim.metrics.flush();
    expect(sim.pendingMessages).toBe(0);
    expect(sim.metrics.count(MetricName.EventsIgnored)).toBe(4);
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('a poison message fails only itself; the rest of the batch is handled', async () => {
    const sim = new SimulatedOrigin();
    sim.enqueue('{"Records": [ this is not json');
    sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 0);
    await sim.runUntil(sim.clock.trueMs() + 10_000);
    expect(sim.store.deletions).toHaveLength(1);
    expect(sim.pendingMessages).toBe(1);
    expect(sim.logger.lines.some((l) => l.message === 'malformed message')).toBe(true);
  });
});

describe('clock', () => {
  it.each([5_000, -5_000, 900])(
    'a checker whose clock is off by %p ms never deletes before the deadline by S3’s clock',
    async (offset) => {
      const sim = new SimulatedOrigin({ clockOffsetMs: offset, batchSize: 1 });
      const writes = encoder(sim, KEY, 4);
      await sim.runUntil(sim.clock.trueMs() + 60_000);
      expect(sim.store.deletions).toHaveLength(1);
      expect(sim.store.deletions[0]!.atMs).toBeGreaterThan(
        writes.at(-1)!.eventTimeMs + DEADLINE_MS,
      );
    },
  );
});

describe('wall clock steps', () => {
  it.each([
    ['forwards', 5_000],
    ['backwards', -5_000],
    ['forwards by a minute', 60_000],
  ])(
    'the wall clock set %s between two events: deleted after the deadline, on time',
    async (_name, stepMs) => {
      const sim = new SimulatedOrigin({ batchSize: 1 });
      const start = sim.clock.trueMs();
      const writes = encoder(sim, KEY, 4);
      // Between two events: the clock samples of the earlier ones were taken before the step.
      sim.at(start + 2 * TD_MS + 500, () => sim.clock.stepWallClock(stepMs));
      await sim.runUntil(start + 60_000);
      const deadline = writes.at(-1)!.eventTimeMs + DEADLINE_MS;
      expect(sim.store.deletions).toHaveLength(1);
      expect(sim.store.deletions[0]!.atMs).toBeGreaterThan(deadline);
      expect(sim.store.deletions[0]!.atMs - deadline).toBeLessThanOrEqual(100);
    },
  );
});

describe('safety switches', () => {
  it('DRY_RUN decides, logs and counts, and deletes nothing', async () => {
    const sim = new SimulatedOrigin({ config: { dryRun: true } });
    sim.upload(KEY, livePlaylist({ mediaSequence: 0 }));
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    await sim.metrics.flush();
    expect(sim.store.deletions).toHaveLength(0);
    expect(sim.metrics.count(MetricName.DryRunWouldDelete)).toBe(1);
    expect(
      sim.logger.lines.some((l) => l.verdict === 'would-delete' && l.reason === 'dry-run'),
    ).toBe(true);
    // Dry-run is a mode, not a hold-back: the message is acknowledged.
    expect(sim.pendingMessages).toBe(0);
  });

  it('the deletion valve stops deleting past N per minute, trips once, logs loudly', async () => {
    const sim = new SimulatedOrigin({ config: { maxDeletionsPerMinute: 3 } });
    for (let i = 0; i < 6; i += 1)
      sim.upload(`live/ch${i}/720p.m3u8`, livePlaylist({ mediaSequence: 0 }), 0);
    await sim.runUntil(sim.clock.trueMs() + 20_000);
    await sim.metrics.flush();
    expect(sim.store.deletions).toHaveLength(3);
    expect(sim.metrics.count(MetricName.DeletionValveTripped)).toBe(1);
    expect(sim.metrics.count(MetricName.DryRunWouldDelete)).toBe(3);
    expect(
      sim.logger.lines.filter((l) => l.level === 'error' && /valve/.test(l.message)),
    ).toHaveLength(1);
  });

  it('a stale playlist the deletion valve held back comes back when its window ends and is deleted then', async () => {
    const sim = new SimulatedOrigin({ config: { maxDeletionsPerMinute: 3 } });
    const start = sim.clock.trueMs();
    const writes = Array.from({ length: 6 }, (_, i) =>
      sim.upload(`live/ch${i}/720p.m3u8`, livePlaylist({ mediaSequence: 0 }), 0),
    );
    await sim.runUntil(start + 20_000);
    expect(sim.store.deletions).toHaveLength(3);
    expect(sim.pendingMessages).toBe(3);
    const firstDeletionMs = sim.store.deletions[0]!.atMs;
    // No reconciler runs: only the held-back messages themselves can bring the playlists back.
    await sim.runUntil(start + 90_000);
    expect(sim.store.deletions.map((d) => d.etag).sort()).toEqual(writes.map((w) => w.etag).sort());
    const windowEndsMs = firstDeletionMs + DELETION_VALVE_WINDOW_MS;
    for (const late of sim.store.deletions.slice(3)) {
      expect(late.atMs).toBeGreaterThanOrEqual(windowEndsMs);
      expect(late.atMs - windowEndsMs).toBeLessThanOrEqual(1_100);
    }
    expect(sim.pendingMessages).toBe(0);
  });

  it('a playlist held back by the valve and replaced meanwhile is not deleted when it comes back', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1, config: { maxDeletionsPerMinute: 1 } });
    const start = sim.clock.trueMs();
    sim.upload('live/ch0/720p.m3u8', livePlaylist({ mediaSequence: 0 }), 0);
    sim.upload(KEY, livePlaylist({ mediaSequence: 0 }), 0);
    await sim.runUntil(start + 10_000);
    expect(sim.store.deletions).toHaveLength(1);
    sim.upload(KEY, livePlaylist({ mediaSequence: 1 }), 0);
    // The encoder keeps the replacement fresh past the valve's window.
    for (let i = 1; i <= 40; i += 1) {
      sim.at(start + 10_000 + i * TD_MS, () =>
        sim.upload(KEY, livePlaylist({ mediaSequence: 1 + i }), 0),
      );
    }
    await sim.runUntil(start + 10_000 + 40 * TD_MS + 500);
    expect(sim.store.deletions.filter((d) => d.key === KEY)).toHaveLength(0);
    expect(sim.store.get(SIM_BUCKET, KEY)).toBeDefined();
  });

  it('never deletes a playlist larger than the configured limit', async () => {
    const sim = new SimulatedOrigin({ config: { maxPlaylistBytes: 100 } });
    sim.upload(KEY, livePlaylist({ mediaSequence: 0, segments: 20 }));
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions).toHaveLength(0);
  });

  it('never touches keys outside the watched prefixes', async () => {
    const sim = new SimulatedOrigin({
      config: { scope: { buckets: [SIM_BUCKET], prefixes: ['live/'] } },
    });
    sim.upload('vod/ch1/720p.m3u8', livePlaylist({ mediaSequence: 0 }));
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    await sim.checker.reconcile({ remainingMs: () => 60_000 });
    expect(sim.store.deletions).toHaveLength(0);
  });
});

describe('metrics and logs of one check run', () => {
  it('produces the expected metrics through the in-memory sink and one log line per decision', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1 });
    encoder(sim, KEY, 3);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    await sim.metrics.flush();
    expect(sim.metrics.count(MetricName.StalePlaylistsDeleted)).toBe(1);
    expect(sim.metrics.count(MetricName.StalePlaylistsDeleted, { Bucket: SIM_BUCKET })).toBe(1);
    expect(
      sim.metrics.count(MetricName.StalePlaylistsDeleted, { Bucket: SIM_BUCKET, Channel: 'live' }),
    ).toBe(1);
    expect(sim.metrics.count(MetricName.PlaylistsChecked)).toBe(3);
    expect(sim.metrics.values(MetricName.DeleteLagMs)).toHaveLength(1);
    expect(sim.metrics.values(MetricName.DeleteLagMs)[0]).toBeLessThanOrEqual(100);
    const line = deleted(sim)[0]!;
    expect(line).toMatchObject({
      bucket: SIM_BUCKET,
      key: KEY,
      verdict: 'deleted',
      reason: 'stale',
      source: 'event',
    });
    expect(typeof line.etag).toBe('string');
    expect(typeof line.deadlineMs).toBe('number');
    expect(typeof line.lagMs).toBe('number');
  });
});

describe('a playlist whose deadline is shorter than the notification delay is reported, once per key', () => {
  const CHECKED_LATE = 'playlist deadline shorter than the notification delay: checks come late';
  /** As infra deploys the defaults: DelaySeconds 2, a 1 s batching window. */
  const DELAYED = {
    notificationDelayMs: 2000,
    eventSource: { batchSize: 10, batchingWindowMs: 1000 },
  };

  const checkedLate = (sim: SimulatedOrigin) =>
    sim.logger.lines.filter((l) => l.message === CHECKED_LATE);

  /** `uploads` versions every `targetDuration` s, each notification delivered `delayMs` later. */
  function encodeEvery(
    sim: SimulatedOrigin,
    key: string,
    targetDuration: number,
    uploads: number,
    delayMs: number,
  ) {
    const start = sim.clock.trueMs();
    for (let i = 0; i < uploads; i += 1) {
      sim.at(start + i * targetDuration * 1000, () =>
        sim.upload(key, livePlaylist({ mediaSequence: i, targetDuration }), delayMs),
      );
    }
  }

  it('TARGETDURATION 1 under a 2 s delay and a 1 s window: one warning over many uploads, with the numbers and a hint', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1, config: DELAYED });
    encodeEvery(sim, KEY, 1, 8, 2000);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(checkedLate(sim)).toEqual([
      {
        level: 'warn',
        message: CHECKED_LATE,
        bucket: SIM_BUCKET,
        key: KEY,
        deadlineMs: 1500,
        notificationDelaySeconds: 2,
        batchingWindowSeconds: 1,
        lateByUpToMs: 1500,
        hint: 'lower minTargetDurationSeconds in the infra config',
      },
    ]);
  });

  it('warns when the first event of the key names its current version too', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1, config: DELAYED });
    sim.upload(KEY, livePlaylist({ mediaSequence: 0, targetDuration: 1 }), 2000);
    sim.at(sim.clock.trueMs() + 5000, () =>
      sim.upload(KEY, livePlaylist({ mediaSequence: 1, targetDuration: 1 }), 2000),
    );
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(checkedLate(sim)).toHaveLength(1);
    expect(checkedLate(sim)[0]).toMatchObject({ key: KEY, deadlineMs: 1500 });
  });

  it('an LL-HLS playlist whose PART-TARGET deadline is shorter warns, whatever its TARGETDURATION', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1, config: DELAYED });
    const body = [
      '#EXTM3U',
      '#EXT-X-VERSION:9',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-PART-INF:PART-TARGET=0.5',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXTINF:4.000,',
      'segment_0.ts',
      '',
    ].join('\n');
    sim.upload(KEY, body, 2000);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(checkedLate(sim)).toEqual([
      expect.objectContaining({ key: KEY, deadlineMs: 1500, lateByUpToMs: 1500 }),
    ]);
  });

  it('one warning per key: two renditions warn once each', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1, config: DELAYED });
    encodeEvery(sim, KEY, 1, 6, 2000);
    encodeEvery(sim, 'live/ch1/360p.m3u8', 1, 6, 2000);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(checkedLate(sim).map((l) => l.key)).toEqual([KEY, 'live/ch1/360p.m3u8']);
  });

  it('TARGETDURATION 2 (deadline 3 s = delay + window) never warns', async () => {
    const sim = new SimulatedOrigin({ batchSize: 1, config: DELAYED });
    encodeEvery(sim, KEY, 2, 8, 2000);
    sim.upload('live/ch2/720p.m3u8', livePlaylist({ mediaSequence: 0, targetDuration: 2 }), 2000);
    await sim.runUntil(sim.clock.trueMs() + 60_000);
    expect(sim.store.deletions).toHaveLength(2);
    expect(checkedLate(sim)).toEqual([]);
  });

  it('without a delay nothing warns, even at TARGETDURATION 1 or under the window alone', async () => {
    const sim = new SimulatedOrigin({
      batchSize: 1,
      config: { ...DELAYED, notificationDelayMs: 0 },
    });
    encodeEvery(sim, KEY, 1, 8, 50);
    // PART-TARGET 0.2 s: a 0.6 s deadline, shorter than the window alone.
    const lowLatency = [
      '#EXTM3U',
      '#EXT-X-VERSION:9',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-PART-INF:PART-TARGET=0.2',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXTINF:1.000,',
      'segment_0.ts',
      '',
    ].join('\n');
    sim.upload('live/ch2/720p.m3u8', lowLatency, 50);
    await sim.runUntil(sim.clock.trueMs() + 30_000);
    expect(sim.store.deletions).toHaveLength(2);
    expect(checkedLate(sim)).toEqual([]);
  });

  it('changes no decision: the same run told a 0 s delay deletes the same versions at the same times', async () => {
    const run = async (notificationDelayMs: number) => {
      const sim = new SimulatedOrigin({
        batchSize: 1,
        config: { ...DELAYED, notificationDelayMs },
      });
      encodeEvery(sim, KEY, 1, 8, 2000);
      sim.upload('live/ch2/720p.m3u8', livePlaylist({ mediaSequence: 0, targetDuration: 1 }), 2000);
      await sim.runUntil(sim.clock.trueMs() + 30_000);
      return {
        deletions: sim.store.deletions,
        postponements: sim.postponements,
        lines: sim.logger.lines.filter((l) => l.message !== CHECKED_LATE),
        warned: checkedLate(sim).length,
      };
    };
    const told = await run(2000);
    const untold = await run(0);
    expect(told.warned).toBe(2);
    expect(untold.warned).toBe(0);
    expect(told.deletions).toHaveLength(2);
    expect(told.deletions).toEqual(untold.deletions);
    expect(told.postponements).toEqual(untold.postponements);
    expect(told.lines).toEqual(untold.lines);
  });
});

describe('a batch of several messages skips the look before an inline wait', () => {
  /**
   * `n` playlists written at once, their notifications delivered together 2 s later; none is replaced.
   * The instance knows S3's clock to the millisecond, as a busy one does from its many `Date` headers (a
   * loose bound is tightened by a look anyway: `nextStep`'s local-clock hint).
   */
  async function headsPerMessage(n: number): Promise<number> {
    const sim = new SimulatedOrigin({ batchSize: 10 });
    const start = sim.clock.trueMs();
    for (let i = 0; i < n; i += 1) {
      sim.upload(`live/ch${i}/720p.m3u8`, livePlaylist({ mediaSequence: 0 }), 2000);
    }
    sim.at(start + 1000, () => sim.checker.deps.s3Clock.observeServerDate(start + 1000));
    await sim.runUntil(sim.clock.trueMs() + 60_000);
    expect(sim.store.deletions).toHaveLength(n);
    expect(sim.invocations).toBe(1);
    return sim.store.calls.head / n;
  }

  it('a lone message looks first (a replaced version would end the invocation at once), then checks at the deadline', async () => {
    expect(await headsPerMessage(1)).toBe(2);
  });

  it(`a batch of ${LOOKS_SKIPPED_FROM_BATCH_OF} or more waits without looking: one HEAD each, at the deadline`, async () => {
    expect(await headsPerMessage(LOOKS_SKIPPED_FROM_BATCH_OF)).toBe(1);
    expect(await headsPerMessage(10)).toBe(1);
  });

  /**
   * A batch of keys read once before (their TARGETDURATION cached), their next versions' notifications
   * delivered together `delayMs` after the write, each version replaced on cadence one TARGETDURATION
   * after it (those notifications lost). Returns how long past the delivery the instance was held.
   */
  async function heldMs(targetDuration: number, delayMs: number): Promise<number> {
    const sim = new SimulatedOrigin({ batchSize: 10 });
    const tdMs = targetDuration * 1000;
    const keys = Array.from(
      { length: LOOKS_SKIPPED_FROM_BATCH_OF },
      (_, i) => `live/ch${i}/720p.m3u8`,
    );
    const upload = (mediaSequence: number, latencyMs: number) => {
      for (const key of keys) {
        sim.upload(key, livePlaylist({ mediaSequence, targetDuration }), latencyMs);
      }
    };
    upload(0, 50);
    await sim.runUntil(sim.clock.trueMs() + tdMs);
    const writtenAt = sim.clock.trueMs();
    upload(1, delayMs);
    sim.at(writtenAt + tdMs, () => upload(2, Number.POSITIVE_INFINITY));
    // S3's clock known to the millisecond, as a busy instance knows it (see `headsPerMessage`).
    const known = writtenAt + delayMs - 100;
    sim.at(known, () => sim.checker.deps.s3Clock.observeServerDate(known));
    await sim.runUntil(writtenAt + delayMs + 100);
    expect(sim.store.deletions).toHaveLength(0);
    return sim.clock.trueMs() - (writtenAt + delayMs);
  }

  it(`...unless every version is ${LOOK_WHEN_ALL_OLDER_THAN_TARGET_DURATIONS} TARGETDURATIONs old: a TD 6 s batch delayed 8 s looks, and the look ends it`, async () => {
    expect(await heldMs(6, 8_000)).toBe(100);
  });

  it('a TD 2 s batch delayed 2.2 s (1.1 TARGETDURATIONs) waits to its deadline without looking, replaced or not', async () => {
    expect(await heldMs(2, 2_200)).toBeGreaterThanOrEqual(800);
  });
});
