import { assertValidPolicy } from './stale-policy';
import type { DecideInput, MediaPlaylistFacts, StalenessPolicy, Verdict } from './types';

/**
 * A caller passed times or playlist facts that cannot be reasoned about (NaN, ±Infinity, a target
 * duration ≤ 0). A programming error, not a property of the playlist: nothing may be deleted on it.
 */
export class DecideInputError extends Error {
  override readonly name = 'DecideInputError';
}

function assertFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DecideInputError(`${name} must be a finite number, got ${String(value)}`);
  }
}

function assertPositive(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DecideInputError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/**
 * When a live media playlist last updated at `lastUpdateMs` becomes stale (epoch ms). RFC 8216 §6.2.1:
 * the server MUST make a new version available no later than 1.5 × TARGETDURATION after the previous
 * one; with partial segments (rfc8216bis §6.2.1) a new part is due within one PART-TARGET. So:
 *
 * `deadline = lastUpdate + min(targetDurationMultiple × TD, partTargetMultiple × PART-TARGET) + graceMs`
 *
 * @example
 * ```ts
 * stalenessDeadline(facts, 1_700_000_000_000, DEFAULT_STALENESS_POLICY);
 * // TD 6 s → 1_700_000_009_000; TD 4 s + PART-TARGET 1 s → 1_700_000_003_000
 * ```
 * @throws StalenessPolicyError on an invalid policy, DecideInputError on non-finite input.
 */
export function stalenessDeadline(
  playlist: MediaPlaylistFacts,
  lastUpdateMs: number,
  policy: StalenessPolicy,
): number {
  assertValidPolicy(policy);
  assertFinite('lastUpdateMs', lastUpdateMs);
  assertPositive('targetDurationMs', playlist.targetDurationMs);
  let windowMs = policy.targetDurationMultiple * playlist.targetDurationMs;
  if (playlist.partTargetMs !== undefined) {
    assertPositive('partTargetMs', playlist.partTargetMs);
    windowMs = Math.min(windowMs, policy.partTargetMultiple * playlist.partTargetMs);
  }
  return lastUpdateMs + windowMs + policy.graceMs;
}

/**
 * The verdict for one playlist at one instant. Pure: time comes in as `nowMs` (from a Clock port).
 *
 * - `not-applicable`: invalid (not understood: kept), master, VOD (never changes, RFC 8216 §4.3.3.5) or
 *   ENDLIST (no more segments, §4.3.3.4). An EVENT playlist without ENDLIST is live.
 * - `fresh` while `nowMs <= deadline` (at the deadline it is still fresh), with `remainingMs`.
 * - `stale` once `nowMs > deadline`, with `overdueMs` > 0. Monotonic: stale stays stale for any later now.
 *
 * I-frame-only live playlists follow the same rule.
 *
 * @example
 * ```ts
 * const policy = validatePolicy(undefined);
 * decide({ playlist: parsePlaylist(text), lastUpdateMs: 0, nowMs: 9_001, policy });
 * // TD 6 s live → { kind: 'stale', deadlineMs: 9_000, overdueMs: 1 }
 * ```
 * @throws StalenessPolicyError on an invalid policy, DecideInputError on non-finite times.
 */
export function decide({ playlist, lastUpdateMs, nowMs, policy }: DecideInput): Verdict {
  assertValidPolicy(policy);
  assertFinite('lastUpdateMs', lastUpdateMs);
  assertFinite('nowMs', nowMs);
  switch (playlist.kind) {
    case 'invalid':
      return { kind: 'not-applicable', reason: 'invalid', detail: playlist.reason };
    case 'master':
      return {
        kind: 'not-applicable',
        reason: 'master',
        detail: `master playlist with ${playlist.variantCount} variant(s): only media playlists are updated live`,
      };
    case 'media':
      break;
    default:
      return {
        kind: 'not-applicable',
        reason: 'invalid',
        detail: `unknown playlist kind ${JSON.stringify((playlist as { kind?: unknown }).kind)}`,
      };
  }
  if (playlist.playlistType === 'vod') {
    return {
      kind: 'not-applicable',
      reason: 'vod',
      detail: 'EXT-X-PLAYLIST-TYPE:VOD: the playlist cannot change (RFC 8216 §4.3.3.5)',
    };
  }
  if (playlist.hasEndList) {
    return {
      kind: 'not-applicable',
      reason: 'endlist',
      detail: 'EXT-X-ENDLIST: no more media segments will be added (RFC 8216 §4.3.3.4)',
    };
  }
  const deadlineMs = stalenessDeadline(playlist, lastUpdateMs, policy);
  return nowMs > deadlineMs
    ? { kind: 'stale', deadlineMs, overdueMs: nowMs - deadlineMs }
    : { kind: 'fresh', deadlineMs, remainingMs: deadlineMs - nowMs };
}
