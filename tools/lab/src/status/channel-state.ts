/**
 * The channel as a viewer sees it, derived from the lab's own events. Pure.
 *
 * - `up`: at least one copy of a media playlist is there.
 * - `down`: every copy of every media playlist is deleted (by the checker when every pipeline is stale, or
 *   by another client): the edge answers 404 for the whole channel. Since the last of those deletions.
 * - after a `down`, the first upload of a media playlist is the recovery: `lastOutage` says when and how
 *   long the channel was down.
 */
import type { LabEvent } from '../lab-events';
import { playlistState, type PlaylistRecord } from './playlist-status';

interface Outage {
  downAtMs: number;
  recoveredAtMs: number;
  outageMs: number;
}

export interface ChannelState {
  state: 'up' | 'down';
  /** When the channel went down (while down). */
  downSinceMs?: number;
  /** The last completed outage. */
  lastOutage?: Outage;
}

export function newChannelState(): ChannelState {
  return { state: 'up' };
}

/**
 * Folds one event into the channel state, after `applyEvent` folded it into the playlist records.
 *
 * @example
 * bus.subscribe((e) => { applyEvent(records, e); channel = nextChannelState(channel, records, e); });
 */
export function nextChannelState(
  channel: ChannelState,
  records: readonly PlaylistRecord[],
  event: LabEvent,
): ChannelState {
  if (channel.state === 'down') {
    if (event.type !== 'playlist-put' || channel.downSinceMs === undefined) return channel;
    return {
      state: 'up',
      lastOutage: {
        downAtMs: channel.downSinceMs,
        recoveredAtMs: event.writtenAtMs,
        outageMs: event.writtenAtMs - channel.downSinceMs,
      },
    };
  }
  const deletedAtMs =
    event.type === 'checker-decision' && event.verdict === 'deleted'
      ? event.atMs
      : event.type === 'playlist-deleted'
        ? event.deletedAtMs
        : undefined;
  if (deletedAtMs === undefined) return channel;
  const everyCopyDeleted =
    records.length > 0 && records.every((r) => playlistState(r, event.atMs) === 'deleted');
  return everyCopyDeleted ? { ...channel, state: 'down', downSinceMs: deletedAtMs } : channel;
}
