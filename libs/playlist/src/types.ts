/**
 * Public types of `@hls-stale-guard/playlist`: the HLS facts the staleness rule needs and the verdicts
 * it returns. Pure data, no I/O.
 */

/** `EXT-X-PLAYLIST-TYPE`: absent means a plain live (sliding window) playlist. */
export const PlaylistType = {
  Live: 'live',
  Event: 'event',
  Vod: 'vod',
} as const;
export type PlaylistType = (typeof PlaylistType)[keyof typeof PlaylistType];

/** `EXT-X-SERVER-CONTROL` attributes (RFC 8216bis §4.4.3.8), milliseconds where they are durations. */
export interface ServerControl {
  canBlockReload: boolean;
  canSkipUntilMs?: number;
  canSkipDateRanges: boolean;
  holdBackMs?: number;
  partHoldBackMs?: number;
}

/** The facts of a media playlist that the staleness rule and the operators need. */
export interface MediaPlaylistFacts {
  kind: 'media';
  playlistType: PlaylistType;
  /** `EXT-X-TARGETDURATION` in ms (the tag is whole seconds). Always > 0. */
  targetDurationMs: number;
  /** `EXT-X-PART-INF:PART-TARGET` in ms (rounded up), when the playlist is LL-HLS. */
  partTargetMs?: number;
  /** `EXT-X-MEDIA-SEQUENCE` (0 when absent, per RFC 8216 §4.3.3.2). */
  mediaSequence: number;
  /** `EXT-X-DISCONTINUITY-SEQUENCE` (0 when absent). */
  discontinuitySequence: number;
  /**
   * Number of media segments (`#EXTINF` lines). On the bounded path (head/tail) this is only known
   * when the whole playlist was read; otherwise `undefined`.
   */
  segmentCount?: number;
  hasEndList: boolean;
  /**
   * The last `EXT-X-PROGRAM-DATE-TIME` as epoch ms, if any was seen and it carries a time zone. On the
   * bounded path (head/tail) only the tail is searched.
   */
  lastProgramDateTimeMs?: number;
  iFramesOnly: boolean;
  serverControl?: ServerControl;
}

export interface MasterPlaylistFacts {
  kind: 'master';
  /**
   * Number of `EXT-X-STREAM-INF` variants (redundant variants counted each time they appear). On the
   * bounded path, for a master larger than the head, only the variants in the head are counted.
   */
  variantCount: number;
}

export interface InvalidPlaylist {
  kind: 'invalid';
  /** Human-readable reason; quotes the offending line when there is one. */
  reason: string;
}

export type ParsedPlaylist = MediaPlaylistFacts | MasterPlaylistFacts | InvalidPlaylist;

/** How strictly the RFC 8216 §6.2.1 deadline is applied. */
export interface StalenessPolicy {
  /** Deadline = last update + multiple × TARGETDURATION. RFC value 1.5; must be ≥ 1. */
  targetDurationMultiple: number;
  /** For LL-HLS: deadline = last update + multiple × PART-TARGET. Default 3; must be ≥ 1. */
  partTargetMultiple: number;
  /** Extra ms added to every deadline. Default 0; must be ≥ 0. */
  graceMs: number;
}

export type NotApplicableReason = 'master' | 'vod' | 'endlist' | 'invalid';

export type Verdict =
  | { kind: 'not-applicable'; reason: NotApplicableReason; detail: string }
  | { kind: 'fresh'; deadlineMs: number; remainingMs: number }
  | { kind: 'stale'; deadlineMs: number; overdueMs: number };

export interface DecideInput {
  playlist: ParsedPlaylist;
  /** When the current version was written (epoch ms, S3's clock). */
  lastUpdateMs: number;
  /** Now (epoch ms). Comes from a Clock port, never from `Date.now()` inside the library. */
  nowMs: number;
  policy: StalenessPolicy;
}
