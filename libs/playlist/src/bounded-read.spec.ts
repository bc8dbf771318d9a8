import { buildMediaPlaylist, ffmpegStyleSpec } from '../test/playlist-generator';
import { boundedReadCost, headTailOf } from './bounded-read';
import { PLAYLIST_HEAD_BYTES, PLAYLIST_TAIL_BYTES } from './read-playlist-facts';

const text = (segments: number) => buildMediaPlaylist(ffmpegStyleSpec(segments));

describe('headTailOf: the bounded read of a playlist in memory', () => {
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

describe('boundedReadCost', () => {
  it('one GET of the whole playlist up to 16 KiB, two GETs of 24 KiB beyond, whatever the length', () => {
    expect(boundedReadCost(580)).toEqual({ gets: 1, bytes: 580 });
    expect(boundedReadCost(PLAYLIST_HEAD_BYTES)).toEqual({ gets: 1, bytes: PLAYLIST_HEAD_BYTES });
    expect(boundedReadCost(PLAYLIST_HEAD_BYTES + 1)).toEqual({ gets: 2, bytes: 24_576 });
    expect(boundedReadCost(1_600_000)).toEqual(boundedReadCost(PLAYLIST_HEAD_BYTES + 1));
  });
});
