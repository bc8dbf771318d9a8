import type { LabEvent } from '../lab-events';
import { Component } from '../lab-events';
import { newChannelState, nextChannelState, type ChannelState } from './channel-state';
import { applyEvent, newPlaylistRecord, type PlaylistRecord } from './playlist-status';

let id = 0;
const put = (pipeline: 'a' | 'b', atMs: number): LabEvent => ({
  id: (id += 1),
  atMs,
  component: Component.uploads,
  type: 'playlist-put',
  pipeline,
  key: 'live/180p/index.m3u8',
  rendition: '180p',
  mediaSequence: 1,
  endList: false,
  writtenAtMs: atMs,
  deadlineMs: atMs + 3_000,
});
const deleted = (pipeline: 'a' | 'b', atMs: number): LabEvent => ({
  id: (id += 1),
  atMs,
  component: Component.checker,
  type: 'checker-decision',
  bucket: `lab-origin-${pipeline}`,
  key: 'live/180p/index.m3u8',
  verdict: 'deleted',
});

const deletedByOther = (pipeline: 'a' | 'b', deletedAtMs: number): LabEvent => ({
  id: (id += 1),
  atMs: deletedAtMs + 5,
  component: Component.uploads,
  type: 'playlist-deleted',
  by: 'other',
  pipeline,
  bucket: `lab-origin-${pipeline}`,
  key: 'live/180p/index.m3u8',
  rendition: '180p',
  deletedAtMs,
});

function fold(events: LabEvent[]): ChannelState {
  const records: PlaylistRecord[] = [
    newPlaylistRecord('a', '180p'),
    newPlaylistRecord('b', '180p'),
  ];
  let channel = newChannelState();
  for (const event of events) {
    applyEvent(records, event);
    channel = nextChannelState(channel, records, event);
  }
  return channel;
}

describe('the channel state the lab page shows', () => {
  it('stays up while one pipeline’s copy is there', () => {
    expect(fold([put('a', 0), put('b', 0), deleted('a', 3_100)])).toEqual({ state: 'up' });
  });

  it('is down from the deletion of the last copy', () => {
    expect(fold([put('a', 0), put('b', 0), deleted('a', 3_100), deleted('b', 3_200)])).toEqual({
      state: 'down',
      downSinceMs: 3_200,
    });
  });

  it('recovers at the first upload after it was down, with the outage time', () => {
    const channel = fold([
      put('a', 0),
      put('b', 0),
      deleted('a', 3_100),
      deleted('b', 3_200),
      put('b', 10_200),
      put('a', 10_300),
    ]);
    expect(channel).toEqual({
      state: 'up',
      lastOutage: { downAtMs: 3_200, recoveredAtMs: 10_200, outageMs: 7_000 },
    });
  });

  it('a deletion of a copy that was uploaded again is not a channel down', () => {
    expect(
      fold([put('a', 0), put('b', 0), deleted('b', 3_200), put('a', 3_250), deleted('a', 3_100)]),
    ).toEqual({ state: 'up' });
  });

  it('is down when another client deleted the last copy, from its delete time', () => {
    expect(
      fold([put('a', 0), put('b', 0), deleted('a', 3_100), deletedByOther('b', 1_000)]),
    ).toEqual({ state: 'down', downSinceMs: 1_000 });
  });
});
