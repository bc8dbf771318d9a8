import type { MediaPlaylistFacts } from '@hls-stale-guard/playlist';

/**
 * What the checker last knew of one playlist key:
 * - `live`: a live media playlist; the reconciler checks it once its deadline may have passed;
 * - `deleted`: gone (deleted as stale, or found missing); the reconciler no longer looks at it;
 * - `kept`: never deleted (master, VOD, ENDLIST, invalid, too large), with the reason.
 */
export const RegistryState = {
  Live: 'live',
  Deleted: 'deleted',
  Kept: 'kept',
} as const;
export type RegistryState = (typeof RegistryState)[keyof typeof RegistryState];

/** The key's live timing: what the deadline needs (TARGETDURATION must not change, RFC 8216 §4.3.3.1). */
export interface PlaylistTiming {
  targetDurationMs: number;
  /** LL-HLS PART-TARGET, when the playlist has one. */
  partTargetMs?: number;
}

/** One observation of one playlist key, to be recorded in the registry. */
export interface RegistryObservation {
  bucket: string;
  key: string;
  /** The version the observation is about (quoted, as S3 returns it). */
  etag: string;
  /** When that version was first written, on S3's clock. */
  firstWrittenMs: number;
  state: RegistryState;
  /** Why a playlist is kept or was deleted (`stale`, `gone`, `master`, `endlist`, …). */
  reason?: string;
  /** Live timing; left as it was in the registry when undefined. */
  timing?: PlaylistTiming;
  /**
   * When the observation was true, on S3's clock (a version's write time, or the time of a HEAD or a
   * delete). The registry keeps the newest observation: an older one never overwrites it.
   */
  observedAtMs: number;
  /** The recorder's clock: becomes `lastSeenMs`, and `transitionAtMs` when the state changes. */
  nowMs: number;
  /** DynamoDB TTL, epoch seconds. */
  expiresAt: number;
}

/** One registry item, as read back. */
export interface RegistryEntry {
  bucket: string;
  key: string;
  etag: string;
  firstWrittenMs: number;
  state: RegistryState;
  reason?: string;
  timing?: PlaylistTiming;
  observedAtMs: number;
  /** When the item entered its current state (recorder's clock). */
  transitionAtMs: number;
  lastSeenMs: number;
  expiresAt: number;
}

export type RecordResult =
  | { kind: 'recorded' }
  /** The item holds a newer observation (conditional write refused): nothing changed. */
  | { kind: 'newer-exists' };

/** A scanned item: a registry entry, or an item that could not be read (counted and skipped). */
export type ScannedItem = { pk: string; entry: RegistryEntry } | { pk: string; problem: string };

export interface RegistryPage {
  /** In scan order, the sweep cursor's own item excluded. */
  items: ScannedItem[];
  /** The `pk` to scan after for the next page; `undefined` at the end of the table. */
  next?: string;
}

/** The redundancy state of a rendition across its pipeline copies (see `redundancy/redundancy-state.ts`). */
export type RenditionState = 'healthy' | 'failed-over' | 'down' | 'recovered';

/** One derived rendition state, to be recorded (only when it was computed: on a deletion or a recovery). */
export interface RenditionObservation {
  /** The key without the pipeline's prefix, the same for every copy. */
  renditionId: string;
  channel?: string;
  state: RenditionState;
  /** The pipelines whose copy was live. */
  livePipelines: readonly string[];
  /** When the state was true, on S3's clock: an older observation never overwrites a newer one. */
  observedAtMs: number;
  /** The recorder's clock: becomes `sinceMs` when the state changes. */
  nowMs: number;
  /** DynamoDB TTL, epoch seconds. */
  expiresAt: number;
}

/** A rendition item, as read back. */
export interface RenditionEntry {
  renditionId: string;
  channel?: string;
  state: RenditionState;
  livePipelines: string[];
  observedAtMs: number;
  /** When the rendition entered its current state (recorder's clock). */
  sinceMs: number;
}

export type RenditionRecordResult =
  /** `previous`: the item as it was before (absent on the rendition's first record). */
  { kind: 'recorded'; previous?: RenditionEntry } | { kind: 'newer-exists' };

/**
 * The playlist registry: one item per playlist key (partition key `pk` = `<bucket>/<key>`), so the
 * reconciler sweeps playlists, never the segments beside them. Every write is conditional: the newest
 * observation wins, whatever order instances write in.
 */
export interface PlaylistRegistry {
  /** Writes the observation unless the item holds a newer one (`observedAtMs`). */
  record(observation: RegistryObservation): Promise<RecordResult>;
  /** The item of one playlist key (an eventually consistent read); `undefined` when there is none. */
  read(bucket: string, key: string): Promise<RegistryEntry | undefined>;
  /**
   * Writes a rendition's redundancy state unless the item holds a newer one; returns the item as it was,
   * so the caller knows whether the state changed (and since when it had held).
   */
  recordRendition(observation: RenditionObservation): Promise<RenditionRecordResult>;
  /** One page of a full scan (playlist items only), after `after` (a `pk`, which need not exist any more). */
  scan(options: { after?: string; limit: number }): Promise<RegistryPage>;
  /** Where the interrupted sweep stopped (a `pk`), shared by every instance; `undefined`: from the start. */
  readCursor(): Promise<string | undefined>;
  /**
   * Compare-and-set of the sweep cursor: moves it from `from` to `to` (`undefined` = the start of the
   * table) only if it still is at `from`. `false`: another sweep moved it first.
   */
  moveCursor(from: string | undefined, to: string | undefined, nowMs: number): Promise<boolean>;
}

/** A registry call failed (network, throttling, permissions, a table that does not exist). */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** The item of the sweep cursor. Bucket names cannot start with `#`, so no playlist item collides. */
export const SWEEP_CURSOR_PK = '#reconciler-cursor';

/**
 * Partition keys of rendition items: `#rendition/<renditionId>`. Like the cursor's, they start with `#`,
 * which no bucket name does, so they never collide with a playlist item and the sweep skips them.
 */
export function renditionPk(renditionId: string): string {
  return `#rendition/${renditionId}`;
}

/** The registry partition key of a playlist (bucket names cannot contain `/`). */
export function registryPk(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

/** The timing to store for a live media playlist. */
export function timingOf(facts: MediaPlaylistFacts): PlaylistTiming {
  return facts.partTargetMs === undefined
    ? { targetDurationMs: facts.targetDurationMs }
    : { targetDurationMs: facts.targetDurationMs, partTargetMs: facts.partTargetMs };
}

/**
 * Stored timing as the facts `judgeVersion` takes: a live media playlist with that TARGETDURATION (and
 * PART-TARGET). It stands in for unread facts to compute a deadline, as the key's cached timing does on
 * the event path; the check at the deadline always reads the real facts before deleting.
 */
export function timingFacts(timing: PlaylistTiming): MediaPlaylistFacts {
  return {
    kind: 'media',
    playlistType: 'live',
    targetDurationMs: timing.targetDurationMs,
    ...(timing.partTargetMs === undefined ? {} : { partTargetMs: timing.partTargetMs }),
    mediaSequence: 0,
    discontinuitySequence: 0,
    hasEndList: false,
    iFramesOnly: false,
  };
}

/** DynamoDB TTL value: `ttlHours` after `nowMs`, epoch seconds. */
export function expiresAtSeconds(nowMs: number, ttlHours: number): number {
  return Math.floor(nowMs / 1000) + ttlHours * 3600;
}
