import {
  decide,
  isPlaylistKey,
  type MediaPlaylistFacts,
  type ParsedPlaylist,
  type StalenessPolicy,
} from '@hls-stale-guard/playlist';
import { isWatched, type WatchScope } from '../load-config';

/** Why a version is never deleted, whatever its age. */
type NeverStaleReason =
  'not-a-playlist' | 'outside-scope' | 'too-large' | 'invalid' | 'master' | 'vod' | 'endlist';

/** One version of one object, as far as the caller knows it. */
export interface VersionToJudge {
  bucket: string;
  key: string;
  /** Bytes, from the event, a HEAD or a list entry; unknown is allowed. */
  sizeBytes?: number;
  /** The version's playlist facts, once read; `undefined` before any read. */
  facts?: ParsedPlaylist;
  /** When the version was written, on S3's clock: the base of its deadline. */
  writtenAtMs: number;
}

/** What the checker may do with the version: the rules of the event path, the reconciler and the audit. */
export interface JudgeRules {
  scope: WatchScope;
  policy: StalenessPolicy;
  maxPlaylistBytes: number;
}

export type VersionJudgement =
  /** Never deleted, at any age. */
  | { kind: 'never-stale'; reason: NeverStaleReason; detail: string }
  /** Key, scope and size allow a check: the facts must be read to know more. */
  | { kind: 'needs-facts' }
  /** A live media playlist: stale once S3's clock is past `deadlineMs` (RFC 8216 §6.2.1). */
  | { kind: 'live'; facts: MediaPlaylistFacts; deadlineMs: number };

/**
 * The one rule for "may this version be deleted, and when". Pure. Every caller (the event path, the check at
 * the deadline, the reconciler, the audit CLI, the lab) judges with it, so they cannot drift apart.
 *
 * Never stale: a key that is not `.m3u8`, outside the watched buckets/prefixes, larger than
 * `maxPlaylistBytes`, or whose facts say invalid, master, VOD or ENDLIST (`decide` of libs/playlist).
 * Otherwise live, with its deadline; a version is stale when S3's clock is past it (`isPastDeadline`).
 *
 * @example
 * const judgement = judgeVersion({ bucket, key, sizeBytes, facts, writtenAtMs }, config);
 * if (judgement.kind === 'live' && isPastDeadline(judgement, s3Clock.nowLowerBoundMs())) { ... }
 */
export function judgeVersion(version: VersionToJudge, rules: JudgeRules): VersionJudgement {
  const { bucket, key, sizeBytes, facts } = version;
  if (!isPlaylistKey(key)) {
    return { kind: 'never-stale', reason: 'not-a-playlist', detail: 'not an .m3u8 key' };
  }
  if (!isWatched(rules.scope, bucket, key)) {
    return {
      kind: 'never-stale',
      reason: 'outside-scope',
      detail: 'outside the watched buckets/prefixes',
    };
  }
  if (sizeBytes !== undefined && sizeBytes > rules.maxPlaylistBytes) {
    return {
      kind: 'never-stale',
      reason: 'too-large',
      detail: `${sizeBytes} B > ${rules.maxPlaylistBytes} B`,
    };
  }
  if (facts === undefined) return { kind: 'needs-facts' };
  // Judged at the moment of writing, `decide` classifies the playlist and gives its deadline: a valid policy
  // makes the window positive, so a live playlist is always fresh then.
  const verdict = decide({
    playlist: facts,
    lastUpdateMs: version.writtenAtMs,
    nowMs: version.writtenAtMs,
    policy: rules.policy,
  });
  if (verdict.kind === 'not-applicable') {
    return { kind: 'never-stale', reason: verdict.reason, detail: verdict.detail };
  }
  if (facts.kind !== 'media') {
    return { kind: 'never-stale', reason: 'invalid', detail: `unexpected ${facts.kind} playlist` };
  }
  return { kind: 'live', facts, deadlineMs: verdict.deadlineMs };
}

/** RFC 8216 §6.2.1: at the deadline the playlist is still fresh; one millisecond later it is stale. */
export function isPastDeadline(
  judgement: { deadlineMs: number },
  s3NowLowerBoundMs: number,
): boolean {
  return s3NowLowerBoundMs > judgement.deadlineMs;
}
