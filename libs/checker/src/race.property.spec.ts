import fc from 'fast-check';
import type { InMemoryStoreOptions } from './testing/in-memory-playlist-store';
import { livePlaylist, SIM_BUCKET, SimulatedOrigin } from './testing/simulated-origin';

/**
 * ≥ 10,000 generated schedules of uploads landing just before, at and just after the deadline and between
 * the HEAD and the DELETE, on an in-memory S3 that honours If-Match (no emulator does), with a fake clock
 * that may run fast or slow. Invariants: zero fresh playlists deleted; every truly stale one deleted.
 * Then ≥ 10,000 encoder-restart schedules: X, Y, X again (byte-identical, same ETag), with late and
 * duplicated events of the first X, lost events of Y, identical re-uploads and reconciler sweeps, on
 * versioned, unversioned and unreadable version histories. There a version is stale when the last write of
 * different content (or a delete) is older than its deadline: an identical re-upload is no new version
 * (RFC 8216 §6.2.1 counts new segments, not PUTs).
 * FC_NUM_RUNS raises the count for a longer run.
 */
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? 10_000);
const KEY = 'live/race/720p.m3u8';

const schedule = fc.record({
  targetDurationS: fc.integer({ min: 1, max: 6 }),
  /** Gaps between uploads, as offsets from the deadline (1.5 × TD): negative = fresh in time. */
  gapsFromDeadlineMs: fc.array(
    fc.oneof(
      fc.integer({ min: -60, max: 60 }), // right at the deadline
      fc.integer({ min: -3000, max: -1 }), // comfortably inside
      fc.integer({ min: 1, max: 2000 }), // late: the version was stale
    ),
    { minLength: 0, maxLength: 5 },
  ),
  latenciesMs: fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 6, maxLength: 6 }),
  clockOffsetMs: fc.integer({ min: -3000, max: 5000 }),
  uploadBetweenHeadAndDelete: fc.boolean(),
  endsWithEndList: fc.boolean(),
  duplicateEvents: fc.boolean(),
});

describe('race schedules (in-memory S3 honouring If-Match, fake clock)', () => {
  it(`never deletes a fresh playlist and always deletes a stale one (${numRuns} schedules)`, async () => {
    let schedules = 0;
    let deletions = 0;
    let racesInjected = 0;
    await fc.assert(
      fc.asyncProperty(schedule, async (s) => {
        schedules += 1;
        const sim = new SimulatedOrigin({ clockOffsetMs: s.clockOffsetMs, batchSize: 1 });
        const deadlineMs = 1.5 * s.targetDurationS * 1000;
        const writes: Array<{ etag: string; eventTimeMs: number; endList: boolean }> = [];
        let sequence = 0;
        const upload = (latencyMs: number, endList = false) => {
          const write = sim.upload(
            KEY,
            livePlaylist({ targetDuration: s.targetDurationS, mediaSequence: sequence, endList }),
            latencyMs,
          );
          sequence += 1;
          writes.push({ ...write, endList });
          if (s.duplicateEvents) sim.duplicateLast(latencyMs + 700);
        };
        const uploads = s.gapsFromDeadlineMs.length + 1;
        let at = sim.clock.trueMs();
        for (let i = 0; i < uploads; i += 1) {
          const last = i === uploads - 1;
          const latency = s.latenciesMs[i] ?? 0;
          sim.at(at, () => upload(latency, last && s.endsWithEndList));
          at += deadlineMs + (s.gapsFromDeadlineMs[i] ?? 0);
        }
        if (s.uploadBetweenHeadAndDelete) {
          const before = sim.store.beforeOperation;
          let injected = false;
          sim.store.beforeOperation = (operation, bucket, key) => {
            before(operation, bucket, key);
            if (operation === 'deleteIfMatch' && !injected) {
              injected = true;
              racesInjected += 1;
              upload(s.latenciesMs[5] ?? 0);
            }
          };
        }
        await sim.runUntil(at + 60_000);

        // Zero fresh playlists deleted: every deletion hit the current version after its deadline by S3's clock.
        for (const deletion of sim.store.deletions) {
          expect(deletion.atMs).toBeGreaterThan(deletion.writtenAtMs + deadlineMs);
        }
        // Every truly stale one deleted: the final version is gone unless it ended with ENDLIST.
        const final = writes.at(-1)!;
        const finalDeleted = sim.store.deletions.some((d) => d.etag === final.etag);
        expect(finalDeleted).toBe(!final.endList);
        if (final.endList) expect(sim.store.get(SIM_BUCKET, KEY)?.etag).toBe(final.etag);
        deletions += sim.store.deletions.length;
      }),
      { numRuns },
    );
    expect(schedules).toBeGreaterThanOrEqual(Math.min(numRuns, 10_000));
    expect(racesInjected).toBeGreaterThan(0);
    // A visible record of the run: how many schedules, deletions and injected races it covered.
    process.stdout.write(
      `race schedules: ${schedules}, deletions: ${deletions}, races injected: ${racesInjected}\n`,
    );
  });
});

const restartSchedule = fc.record({
  targetDurationS: fc.integer({ min: 1, max: 6 }),
  /** When Y replaces the first X, as an offset from X's deadline: mostly in time. */
  yFromDeadlineMs: fc.oneof(
    fc.integer({ min: -3000, max: -1 }),
    fc.integer({ min: -60, max: 60 }),
    fc.integer({ min: 1, max: 1500 }),
  ),
  /** When X is written again after Y (the restart): at least a whole second after the first X. */
  restartAfterYMs: fc.integer({ min: 1, max: 4000 }),
  /** Identical re-uploads of X after the restart (a stuck encoder), each this long after the previous. */
  reuploadGapsMs: fc.array(fc.integer({ min: 100, max: 2500 }), { maxLength: 3 }),
  firstLatencyMs: fc.integer({ min: 0, max: 1500 }),
  /** The first X's event again, this long after it was written (late or redelivered), or never. */
  firstDuplicateMs: fc.option(fc.integer({ min: 0, max: 12_000 }), { nil: undefined }),
  yEventLost: fc.boolean(),
  restartLatencyMs: fc.integer({ min: 0, max: 1500 }),
  /** Reconciler sweeps, at these offsets from the first X. */
  sweepsAtMs: fc.array(fc.integer({ min: 0, max: 15_000 }), { maxLength: 2 }),
  clockOffsetMs: fc.integer({ min: -3000, max: 5000 }),
  versioning: fc.constantFrom<NonNullable<InMemoryStoreOptions['versioning']>>(
    'enabled',
    'unversioned',
    'cannot-tell',
  ),
});

describe('encoder restart schedules (X, Y, X again with the same ETag)', () => {
  it(`never deletes a restarted X before its own deadline and deletes it once stale (${numRuns} schedules)`, async () => {
    let schedules = 0;
    let deletions = 0;
    let historiesRead = 0;
    await fc.assert(
      fc.asyncProperty(restartSchedule, async (s) => {
        schedules += 1;
        const sim = new SimulatedOrigin({
          clockOffsetMs: s.clockOffsetMs,
          batchSize: 1,
          store: { versioning: s.versioning },
        });
        const windowMs = 1.5 * s.targetDurationS * 1000;
        const body = (mediaSequence: number) =>
          livePlaylist({ targetDuration: s.targetDurationS, mediaSequence });
        const t0 = sim.clock.trueMs();
        const yAt = t0 + windowMs + s.yFromDeadlineMs;
        // S3 lists whole seconds: a restart within the first X's own second is indistinguishable from it.
        const restartAt = Math.max(yAt + s.restartAfterYMs, Math.floor(t0 / 1000) * 1000 + 1000);
        sim.at(t0, () => {
          const first = sim.upload(KEY, body(0), s.firstLatencyMs);
          if (s.firstDuplicateMs !== undefined) {
            sim.enqueue(first.eventBody, t0 + s.firstDuplicateMs);
          }
        });
        sim.at(yAt, () => sim.upload(KEY, body(1), s.yEventLost ? Infinity : 100));
        let lastPutAt = restartAt;
        sim.at(restartAt, () => sim.upload(KEY, body(0), s.restartLatencyMs));
        for (const gap of s.reuploadGapsMs) {
          lastPutAt += gap;
          sim.at(lastPutAt, () => sim.upload(KEY, body(0), s.restartLatencyMs));
        }
        const end = lastPutAt + windowMs + 60_000;
        for (const offset of [...s.sweepsAtMs].sort((a, b) => a - b)) {
          await sim.runUntil(t0 + offset);
          await sim.checker.reconcile({ remainingMs: () => 60_000 });
        }
        await sim.runUntil(end);

        // Zero fresh deleted: every deletion came after the deleted content's own deadline (S3's clock).
        for (const deletion of sim.store.deletions) {
          expect(deletion.atMs).toBeGreaterThan(deletion.contentSinceMs + windowMs);
        }
        // Every truly stale one deleted: the encoder stopped, so the restarted X is gone in the end.
        expect(sim.store.get(SIM_BUCKET, KEY)).toBeUndefined();
        deletions += sim.store.deletions.length;
        historiesRead += sim.store.calls.listVersions;
      }),
      { numRuns },
    );
    expect(schedules).toBeGreaterThanOrEqual(Math.min(numRuns, 10_000));
    expect(historiesRead).toBeGreaterThan(0);
    process.stdout.write(
      `restart schedules: ${schedules}, deletions: ${deletions}, version histories read: ${historiesRead}\n`,
    );
  });
});
