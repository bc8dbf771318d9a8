import { PLAYLIST_HEAD_BYTES, PLAYLIST_TAIL_BYTES } from '@hls-stale-guard/playlist';
import { livePlaylistText } from '../harness/playlist-text';
import { boundedReadBytes, headTailOf } from './head-tail';

const text = (segments: number) =>
  livePlaylistText({
    name: 'x',
    targetDurationS: 2,
    mediaSequence: 1,
    segments,
    firstSegmentMs: 0,
  });

describe('headTailOf', () => {
  it('a playlist that fits in the head is all head, no tail', () => {
    const small = text(6);
    expect(headTailOf(small)).toEqual({
      head: small,
      tail: '',
      totalBytes: Buffer.byteLength(small),
    });
  });

  it('a long playlist gives the first 16 KiB and the last 8 KiB, as the checker reads them', () => {
    const long = text(10_000);
    const input = headTailOf(long);
    expect(Buffer.byteLength(input.head)).toBe(PLAYLIST_HEAD_BYTES);
    expect(Buffer.byteLength(input.tail)).toBe(PLAYLIST_TAIL_BYTES);
    expect(long.startsWith(input.head)).toBe(true);
    expect(long.endsWith(input.tail)).toBe(true);
  });
});

describe('boundedReadBytes', () => {
  it('one GET of the whole playlist up to 16 KiB, two GETs of 24 KiB beyond, whatever the length', () => {
    expect(boundedReadBytes(580)).toEqual({ bytes: 580, gets: 1 });
    expect(boundedReadBytes(PLAYLIST_HEAD_BYTES)).toEqual({ bytes: PLAYLIST_HEAD_BYTES, gets: 1 });
    expect(boundedReadBytes(PLAYLIST_HEAD_BYTES + 1)).toEqual({ bytes: 24_576, gets: 2 });
    expect(boundedReadBytes(1_600_000)).toEqual(boundedReadBytes(PLAYLIST_HEAD_BYTES + 1));
  });
});
