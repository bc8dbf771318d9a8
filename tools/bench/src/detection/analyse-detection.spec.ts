import type { DeleteRecord } from '../harness/request-counter';
import { analyseDetection, type PlaylistObservation, type UploadRecord } from './analyse-detection';

const K = 1.5;
const TD_S = 2;
const DEADLINE_MS = K * TD_S * 1000;

/** Uploads every `gapMs`, each PUT taking `putMs`, from t = 0. */
function uploads(count: number, gapMs = 2000, putMs = 5): UploadRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    etag: `"v${i}"`,
    startedMs: i * gapMs,
    completedMs: i * gapMs + putMs,
    late: false,
  }));
}

function playlist(partial: Partial<PlaylistObservation>): PlaylistObservation {
  return {
    bucket: 'origin-a',
    key: 'live/ch001/720p.m3u8',
    targetDurationS: TD_S,
    uploads: uploads(5),
    stopped: false,
    ...partial,
  };
}

function deleteOf(p: PlaylistObservation, etag: string, atMs: number): DeleteRecord {
  return {
    bucket: p.bucket,
    key: p.key,
    ifMatch: etag,
    status: 204,
    requestMs: atMs,
    responseMs: atMs + 3,
  };
}

describe('analyseDetection', () => {
  it('lag of a stopped playlist = first 404 − (last upload returned + k × TD)', () => {
    const p = playlist({ stopped: true, firstNotFoundMs: 8005 + DEADLINE_MS + 40 });
    const a = analyseDetection([p], [deleteOf(p, '"v4"', 8005 + DEADLINE_MS + 20)], K);
    expect(a.stops).toBe(1);
    expect(a.lagMs).toEqual([40]);
    expect(a.deleteLagMs).toEqual([23]);
    expect(a.falseDeletions).toEqual([]);
    expect(a.misses).toEqual([]);
  });

  it('a stopped playlist that never answered 404 is a miss', () => {
    const p = playlist({ stopped: true });
    const a = analyseDetection([p], [], K);
    expect(a.misses).toEqual([{ bucket: p.bucket, key: p.key }]);
    expect(a.lagMs).toEqual([]);
  });

  it('a delete answered before k × TD after its version began uploading is a false deletion', () => {
    const p = playlist({ stopped: true, firstNotFoundMs: 9000 });
    const a = analyseDetection([p], [deleteOf(p, '"v4"', 8000 + DEADLINE_MS - 100)], K);
    expect(a.falseDeletions).toHaveLength(1);
    expect(a.falseDeletions[0]?.reason).toBe('deleted before its deadline');
    expect(a.falseDeletions[0]?.marginMs).toBe(-105);
  });

  it('deleting a version whose successor landed within its deadline is a false deletion', () => {
    // v2 began at 4000; v3 returned at 6005 < 4000 + 3000: the encoder was on time.
    const p = playlist({});
    const a = analyseDetection([p], [deleteOf(p, '"v2"', 7100)], K);
    expect(a.falseDeletions.map((f) => f.reason)).toEqual([
      'a newer version had landed before the deadline',
    ]);
    expect(a.deletesWhileRunning).toBe(1);
  });

  it('a delete with no upload returned before it is a false deletion', () => {
    const p = playlist({ uploads: uploads(1) });
    const a = analyseDetection([p], [{ ...deleteOf(p, '"nope"', 1), responseMs: 2 }], K);
    expect(a.falseDeletions[0]?.reason).toBe('no upload had returned before the DELETE');
  });

  it('deleting a running encoder after it overran the deadline is correct, and counted as an overrun', () => {
    // The encoder went quiet for 4 s between v1 (2000) and v2 (6000 + 5): v1 was stale at 5000.
    const late: UploadRecord[] = [
      { etag: '"v0"', startedMs: 0, completedMs: 5, late: false },
      { etag: '"v1"', startedMs: 2000, completedMs: 2005, late: false },
      { etag: '"v2"', startedMs: 6000, completedMs: 6005, late: false },
    ];
    const p = playlist({ uploads: late });
    const a = analyseDetection([p], [deleteOf(p, '"v1"', 5100)], K);
    expect(a.falseDeletions).toEqual([]);
    expect(a.encoderOverruns).toBe(1);
    expect(a.deletesWhileRunning).toBe(1);
    expect(a.ifMatchRaces).toBe(0);
  });

  it('a stale version whose DELETE went out after a newer upload returned is an If-Match race', () => {
    const late: UploadRecord[] = [
      { etag: '"v0"', startedMs: 0, completedMs: 5, late: false },
      { etag: '"v1"', startedMs: 3500, completedMs: 3600, late: false },
    ];
    const p = playlist({ uploads: late });
    const a = analyseDetection([p], [deleteOf(p, '"v0"', 3700)], K);
    expect(a.falseDeletions).toEqual([]);
    expect(a.ifMatchRaces).toBe(1);
  });

  it('ignores failed DELETEs and reports the closest margin of the others', () => {
    const p = playlist({ stopped: true, firstNotFoundMs: 11_100 });
    const a = analyseDetection(
      [p],
      [{ ...deleteOf(p, '"v4"', 100), status: 412 }, deleteOf(p, '"v4"', 8005 + DEADLINE_MS + 7)],
      K,
    );
    expect(a.falseDeletions).toEqual([]);
    expect(a.closestDeleteMarginMs).toBe(7);
  });

  it('counts uploads, late uploads and only stopped playlists as stops', () => {
    const withLate = uploads(3).map((u, i) => ({ ...u, late: i === 1 }));
    const a = analyseDetection(
      [
        playlist({ uploads: withLate }),
        playlist({ key: 'b.m3u8', stopped: true, firstNotFoundMs: 1e9 }),
      ],
      [],
      K,
    );
    expect(a.uploads).toBe(8);
    expect(a.lateUploads).toBe(1);
    expect(a.stops).toBe(1);
  });
});
