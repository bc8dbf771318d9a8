/**
 * The state of every media playlist, as the status panel and the terminal show it. Pure. Every version is
 * classified with the checker's own rule, `judgeVersion`, so the panel can never disagree with it.
 *
 * - `live`: written less than `multiple × TARGETDURATION` ago (RFC 8216 §6.2.1).
 * - `stale`: past that deadline and still there: a stale 200 for every player until the checker deletes it.
 * - `deleted`: the checker, or another client (`deletedBy: 'other'`), deleted the last version: the edge
 *   answers 404 (pinned) or B's copy (group). A later upload makes it live again.
 * - `ended`: the last version has `#EXT-X-ENDLIST`: never stale, never deleted.
 * - `never-stale`: any other reason the checker never deletes the last version (VOD, invalid, too large).
 */
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import { judgeVersion, loadConfig, type JudgeRules } from '@hls-stale-guard/checker';
import { parsePlaylist } from '@hls-stale-guard/playlist';
import type { LabEvent, StreamState } from '../lab-events';
import { bucketOf, LIVE_PREFIX, mediaPlaylistKey, pinnedPath, type PipelineId } from '../layout';

export type PlaylistState = 'starting' | 'live' | 'stale' | 'deleted' | 'ended' | 'never-stale';

/** The checker's rules for the lab's buckets, read through the same configuration path as the Lambda. */
export function labJudgeRules(pipelines: readonly PipelineId[], multiple: number): JudgeRules {
  return loadConfig({
    [CHECKER_ENV.watchedBuckets]: pipelines.map(bucketOf).join(','),
    [CHECKER_ENV.watchedPrefixes]: LIVE_PREFIX,
    [CHECKER_ENV.queueUrl]: 'https://sqs.us-east-1.amazonaws.com/000000000000/lab-status-only',
    [CHECKER_ENV.registryTable]: 'lab-status-only',
    [CHECKER_ENV.targetDurationMultiple]: String(multiple),
  });
}

/** What the status needs of one upload, judged like the checker judges it. */
export type JudgedPut =
  | { kind: 'not-media'; detail: string }
  | {
      kind: 'media';
      mediaSequence: number;
      endList: boolean;
      /** Why the checker never deletes this version (`judgeVersion`); none for a live one. */
      neverStale?: string;
      /** When this version becomes stale; none when it never does. */
      deadlineMs?: number;
    };

/**
 * Judges one uploaded playlist with the checker's own rule, `judgeVersion`, from its whole body: VOD,
 * ENDLIST, invalid and too large are never stale; a live one gets the checker's deadline.
 */
export function judgePut(
  put: { bucket: string; key: string; body: string; sizeBytes: number; writtenAtMs: number },
  rules: JudgeRules,
): JudgedPut {
  const facts = parsePlaylist(put.body);
  if (facts.kind !== 'media') {
    return { kind: 'not-media', detail: facts.kind === 'invalid' ? facts.reason : facts.kind };
  }
  const judgement = judgeVersion(
    {
      bucket: put.bucket,
      key: put.key,
      sizeBytes: put.sizeBytes,
      facts,
      writtenAtMs: put.writtenAtMs,
    },
    rules,
  );
  return {
    kind: 'media',
    mediaSequence: facts.mediaSequence,
    endList: facts.hasEndList,
    ...(judgement.kind === 'live'
      ? { deadlineMs: judgement.deadlineMs }
      : { neverStale: judgement.kind === 'never-stale' ? judgement.reason : 'invalid' }),
  };
}

export interface PlaylistRecord {
  pipeline: PipelineId;
  rendition: string;
  bucket: string;
  key: string;
  stream: StreamState;
  /** When the last version was written (the earliest instant it can have become visible). */
  lastPutAtMs?: number;
  /** The last version's deadline (none with ENDLIST). */
  deadlineMs?: number;
  mediaSequence?: number;
  endList: boolean;
  /** Why the checker never deletes the last version (`judgeVersion`), if it never does. */
  neverStale?: string;
  deletedAtMs?: number;
  /** Who made the last deletion: the checker (its log line) or another S3 client (the upload tap). */
  deletedBy?: 'checker' | 'other';
  /** Delete time − the deleted version's deadline, as the lab measures it (the checker's deletions). */
  lastDeleteLagMs?: number;
  /** The checker's own `lagMs` (delete − deadline on S3's clock). */
  checkerLagMs?: number;
  deletions: number;
}

export interface PlaylistRow extends PlaylistRecord {
  /** 1-based: the terminal key that crashes this rendition. */
  index: number;
  id: string;
  edgePath: string;
  state: PlaylistState;
  ageMs?: number;
  /** Deadline − now: negative when stale. */
  deadlineInMs?: number;
}

export function newPlaylistRecord(pipeline: PipelineId, rendition: string): PlaylistRecord {
  return {
    pipeline,
    rendition,
    bucket: bucketOf(pipeline),
    key: mediaPlaylistKey(rendition),
    stream: 'running',
    endList: false,
    deletions: 0,
  };
}

export function playlistState(record: PlaylistRecord, nowMs: number): PlaylistState {
  if (record.lastPutAtMs === undefined) return 'starting';
  if (record.deletedAtMs !== undefined && record.deletedAtMs >= record.lastPutAtMs)
    return 'deleted';
  if (record.endList) return 'ended';
  if (record.neverStale !== undefined || record.deadlineMs === undefined) return 'never-stale';
  return nowMs > record.deadlineMs ? 'stale' : 'live';
}

/** Folds one lab event into the records (mutates the matching record). */
export function applyEvent(records: readonly PlaylistRecord[], event: LabEvent): void {
  switch (event.type) {
    case 'playlist-put': {
      const record = records.find((r) => r.pipeline === event.pipeline && r.key === event.key);
      if (!record) return;
      record.lastPutAtMs = event.writtenAtMs;
      record.deadlineMs = event.deadlineMs;
      record.endList = event.endList;
      record.neverStale = event.neverStale;
      record.mediaSequence = event.mediaSequence;
      return;
    }
    case 'checker-decision': {
      if (event.verdict !== 'deleted') return;
      const record = records.find((r) => r.bucket === event.bucket && r.key === event.key);
      if (!record) return;
      record.deletedAtMs = event.atMs;
      record.deletedBy = 'checker';
      record.deletions += 1;
      record.checkerLagMs = event.lagMs;
      record.lastDeleteLagMs =
        record.deadlineMs === undefined ? undefined : event.atMs - record.deadlineMs;
      return;
    }
    case 'playlist-deleted': {
      const record = records.find((r) => r.pipeline === event.pipeline && r.key === event.key);
      if (!record) return;
      record.deletedAtMs = event.deletedAtMs;
      record.deletedBy = 'other';
      record.deletions += 1;
      return;
    }
    case 'stream-state': {
      const record = records.find(
        (r) => r.pipeline === event.pipeline && r.rendition === event.rendition,
      );
      if (record) record.stream = event.state;
      return;
    }
    // Events that change no playlist row.
    case 'started':
    case 'control':
    case 'log':
    case 'reconcile-sweep':
      return;
  }
}

export function toRows(records: readonly PlaylistRecord[], nowMs: number): PlaylistRow[] {
  return records.map((record, i) => ({
    ...record,
    index: i + 1,
    id: `${record.pipeline}/${record.rendition}`,
    edgePath: pinnedPath(record.pipeline, record.key),
    state: playlistState(record, nowMs),
    ageMs: record.lastPutAtMs === undefined ? undefined : nowMs - record.lastPutAtMs,
    deadlineInMs: record.deadlineMs === undefined ? undefined : record.deadlineMs - nowMs,
  }));
}
