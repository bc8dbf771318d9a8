import type { DeleteRecord } from '../harness/request-counter';

/** One successful PUT of one playlist version, as the encoder saw it (epoch ms). */
export interface UploadRecord {
  etag: string;
  startedMs: number;
  completedMs: number;
  /** Planned as a late upload (inside the deadline). */
  late: boolean;
}

/** Everything observed about one playlist during a run. */
export interface PlaylistObservation {
  bucket: string;
  key: string;
  targetDurationS: number;
  /** Successful uploads in order. */
  uploads: readonly UploadRecord[];
  /** The encoder stopped during the run (its last upload is `uploads.at(-1)`). */
  stopped: boolean;
  /** First time a poll of the stopped playlist answered 404 (response received), epoch ms. */
  firstNotFoundMs?: number;
}

/** A deletion the RFC does not allow: the current version was certainly younger than k × TD. */
interface FalseDeletion {
  bucket: string;
  key: string;
  deletedEtag?: string;
  /** DELETE sent − (judged version's PUT returned + k × TD), ms (negative: early). */
  marginMs: number;
  reason: string;
}

export interface DetectionAnalysis {
  playlists: number;
  uploads: number;
  lateUploads: number;
  stops: number;
  /** Per stopped playlist: first 404 − (last upload + k × TD), ms. */
  lagMs: number[];
  /** Per stopped playlist: DeleteObject answered − (last upload + k × TD), ms (no poll resolution). */
  deleteLagMs: number[];
  falseDeletions: FalseDeletion[];
  /** Stopped playlists never deleted (no 404 by the end of the run). */
  misses: { bucket: string; key: string }[];
  /** Successful deletes of playlists whose encoder was still running (legitimate only after an overrun). */
  deletesWhileRunning: number;
  /**
   * Deletes of a legitimately stale version (its encoder overran the deadline) that hit a newer upload
   * landing between the HEAD and the DELETE: S3 answers 412 to `If-Match`; the local server ignores the
   * header, so the newer version went. Not the checker's error; counted apart.
   */
  ifMatchRaces: number;
  /** Encoder gaps that may have reached k × TD (next PUT finished ≥ k × TD after the previous began). */
  encoderOverruns: number;
  /** Smallest (DELETE sent − (judged version's PUT returned + k × TD)) over all deletes, ms. */
  closestDeleteMarginMs?: number;
}

const id = (bucket: string, key: string) => `${bucket}/${key}`;

/**
 * Judges a detection run from what the encoders, the 404 poller and the counting proxy saw.
 *
 * - **Lag** of a stopped playlist: first 404 − (last upload + k × TD), where "last upload" is when the
 *   encoder's last PUT returned (the version is certainly visible then).
 * - **False deletion**: a successful DeleteObject of a version (its `If-Match`) that was certainly not
 *   stale: answered less than k × TD after that version's PUT *began*, or after a newer version had
 *   already returned within that version's deadline (RFC 8216 §6.2.1: the encoder was on time).
 * - **Miss**: a stopped playlist that never answered 404.
 */
export function analyseDetection(
  playlists: readonly PlaylistObservation[],
  deletes: readonly DeleteRecord[],
  multiple: number,
): DetectionAnalysis {
  const byId = new Map(playlists.map((p) => [id(p.bucket, p.key), p]));
  const deadlineOf = (p: PlaylistObservation, u: UploadRecord) =>
    u.completedMs + multiple * p.targetDurationS * 1000;

  const analysis: DetectionAnalysis = {
    playlists: playlists.length,
    uploads: 0,
    lateUploads: 0,
    stops: 0,
    lagMs: [],
    deleteLagMs: [],
    falseDeletions: [],
    misses: [],
    deletesWhileRunning: 0,
    ifMatchRaces: 0,
    encoderOverruns: 0,
  };

  for (const p of playlists) {
    analysis.uploads += p.uploads.length;
    analysis.lateUploads += p.uploads.filter((u) => u.late).length;
    const tdMs = p.targetDurationS * 1000;
    for (let i = 1; i < p.uploads.length; i += 1) {
      const previous = p.uploads[i - 1] as UploadRecord;
      const current = p.uploads[i] as UploadRecord;
      if (current.completedMs - previous.startedMs >= multiple * tdMs)
        analysis.encoderOverruns += 1;
    }
    const last = p.uploads.at(-1);
    if (!p.stopped || !last) continue;
    analysis.stops += 1;
    const deadline = deadlineOf(p, last);
    if (p.firstNotFoundMs === undefined) analysis.misses.push({ bucket: p.bucket, key: p.key });
    else analysis.lagMs.push(p.firstNotFoundMs - deadline);
    const firstDelete = deletes
      .filter(
        (d) =>
          d.bucket === p.bucket &&
          d.key === p.key &&
          d.status < 300 &&
          d.requestMs >= last.completedMs,
      )
      .sort((a, b) => a.responseMs - b.responseMs)[0];
    if (firstDelete) analysis.deleteLagMs.push(firstDelete.responseMs - deadline);
  }

  for (const d of deletes) {
    if (d.status >= 300) continue;
    const p = byId.get(id(d.bucket, d.key));
    if (!p) continue;
    const kTdMs = multiple * p.targetDurationS * 1000;
    const last = p.uploads.at(-1);
    if (!p.stopped || (last && d.requestMs < last.completedMs)) analysis.deletesWhileRunning += 1;
    // The version current when the DELETE left: the newest upload that had returned by then.
    const current = p.uploads.filter((u) => u.completedMs <= d.requestMs).at(-1);
    // The version the checker judged stale: the DELETE's If-Match.
    const judgedIndex = p.uploads.findIndex((u) => u.etag === d.ifMatch);
    const judged = judgedIndex >= 0 ? p.uploads[judgedIndex] : current;
    if (!judged) {
      analysis.falseDeletions.push({
        bucket: d.bucket,
        key: d.key,
        deletedEtag: d.ifMatch,
        marginMs: Number.NEGATIVE_INFINITY,
        reason: 'no upload had returned before the DELETE',
      });
      continue;
    }
    const margin = d.requestMs - (judged.completedMs + kTdMs);
    analysis.closestDeleteMarginMs = Math.min(
      analysis.closestDeleteMarginMs ?? Number.POSITIVE_INFINITY,
      margin,
    );
    // The earliest moment the judged version can have become stale: its PUT began k × TD before.
    const earliestDeadline = judged.startedMs + kTdMs;
    const successor = judgedIndex >= 0 ? p.uploads[judgedIndex + 1] : undefined;
    if (d.responseMs < earliestDeadline) {
      analysis.falseDeletions.push({
        bucket: d.bucket,
        key: d.key,
        deletedEtag: d.ifMatch,
        marginMs: margin,
        reason: 'deleted before its deadline',
      });
    } else if (successor && successor.completedMs < earliestDeadline) {
      analysis.falseDeletions.push({
        bucket: d.bucket,
        key: d.key,
        deletedEtag: d.ifMatch,
        marginMs: margin,
        reason: 'a newer version had landed before the deadline',
      });
    } else if (current && current !== judged) {
      // The encoder overran the deadline, then uploaded between the checker's HEAD and its DELETE: S3
      // answers 412 to `If-Match`; the local server ignores the header and deletes the newer version.
      analysis.ifMatchRaces += 1;
    }
  }
  return analysis;
}
