import type { AllStalePolicy } from '@hls-stale-guard/contract';
import type { RenditionState } from '../registry/playlist-registry';

export type { RenditionState };

/**
 * What is known of one pipeline's copy of a rendition:
 * - `live`: exists and not past its deadline (RFC 8216 §6.2.1);
 * - `stale`: exists, past its deadline (about to be deleted);
 * - `deleted`: does not exist (deleted as stale, or never written);
 * - `unknown`: could not be told (the HEAD or the registry failed, or the copy cannot be judged).
 */
export type CopyStatus = 'live' | 'stale' | 'deleted' | 'unknown';

export interface CopyState {
  readonly pipeline: string;
  readonly status: CopyStatus;
}

/**
 * The redundancy state of a rendition from its copies. Pure.
 * - `down`: no live copy (players get errors, or freeze on a kept last copy);
 * - `recovered`: a deleted copy is being written again (`rewritten` names its pipeline) and is live;
 * - `healthy`: every copy live;
 * - `failed-over`: some copies stale, deleted or unknown, at least one live (players use it).
 *
 * @example
 * renditionState([{ pipeline: 'a', status: 'deleted' }, { pipeline: 'b', status: 'live' }]); // 'failed-over'
 */
export function renditionState(copies: readonly CopyState[], rewritten?: string): RenditionState {
  const live = copies.filter((copy) => copy.status === 'live');
  if (live.length === 0) return 'down';
  if (rewritten !== undefined && live.some((copy) => copy.pipeline === rewritten)) {
    return 'recovered';
  }
  return live.length === copies.length ? 'healthy' : 'failed-over';
}

/** Worst first: a channel is as bad as its worst rendition. */
const SEVERITY: readonly RenditionState[] = ['down', 'failed-over', 'recovered', 'healthy'];

/**
 * A channel's state from its renditions' states: the worst of them (`down` if any rendition is down);
 * `undefined` for no rendition. Pure.
 */
export function channelState(states: readonly RenditionState[]): RenditionState | undefined {
  return SEVERITY.find((state) => states.includes(state));
}

/** What a state change means for the operator: counted and logged by the caller. */
export type TransitionEvent =
  /** A copy was lost while another is live: the failover the product exists for (low severity). */
  | 'failover'
  /** No live copy left (critical). */
  | 'down'
  /** A deleted copy is written again. */
  | 'recovery'
  /** Every copy is live again, or nothing an operator acts on. */
  | 'none';

/**
 * The transition from the recorded state (`undefined`: never recorded) to the derived one, and what it
 * means. A derived state equal to the recorded one is no transition, except `recovered` (each recovery is
 * an event of its own). Pure.
 */
export function renditionTransition(
  previous: RenditionState | undefined,
  next: RenditionState,
): { changed: boolean; event: TransitionEvent } {
  const changed = previous !== next || next === 'recovered';
  if (!changed) return { changed, event: 'none' };
  switch (next) {
    case 'down':
      return { changed, event: 'down' };
    case 'failed-over':
      return { changed, event: 'failover' };
    case 'recovered':
      return { changed, event: 'recovery' };
    case 'healthy':
      return { changed, event: 'none' };
  }
}

/**
 * Whether a stale copy may be deleted, given its other copies. Under `delete` (the default, RFC 8216
 * §6.2.1): always, so players get a 404, error out and can retry. Under `keep-last`: only while another
 * copy is live; when none is, or when unsure (`unknown`), the copy stays and players freeze on it. Pure.
 */
export function mayDeleteCopy(policy: AllStalePolicy, others: readonly CopyState[]): boolean {
  return policy === 'delete' || others.some((copy) => copy.status === 'live');
}
