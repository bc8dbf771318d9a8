import {
  PLAYLIST_HEAD_BYTES,
  PLAYLIST_TAIL_BYTES,
  playlistTailRange,
  type PlaylistHeadTail,
} from './read-playlist-facts';

/**
 * The bounded read of a playlist held in memory, for simulations, benchmarks and tests of the checker's
 * read. What the checker gets from an S3 that honours ranges: `Range: bytes=0-16383`, then, only when that was
 * not the whole object, the range `playlistTailRange` names (the last 8 KiB), decoded like the AWS SDK's
 * `transformToString()` (Node Buffer: a BOM is kept, a cut UTF-8 sequence becomes U+FFFD). `tail` is ''
 * when there was no second GET.
 */
export function headTailOf(playlist: string | Uint8Array): PlaylistHeadTail {
  const bytes =
    typeof playlist === 'string' ? Buffer.from(playlist, 'utf8') : Buffer.from(playlist);
  const head = bytes.subarray(0, PLAYLIST_HEAD_BYTES).toString('utf8');
  const range = playlistTailRange(head, bytes.length);
  return {
    head,
    tail: range ? bytes.subarray(range.start, range.end + 1).toString('utf8') : '',
    totalBytes: bytes.length,
  };
}

/** GETs and bytes of the bounded read of a `totalBytes` object: the head, then the tail if it was not all. */
export function boundedReadCost(totalBytes: number): { gets: number; bytes: number } {
  if (totalBytes <= PLAYLIST_HEAD_BYTES) return { gets: 1, bytes: totalBytes };
  return { gets: 2, bytes: PLAYLIST_HEAD_BYTES + Math.min(totalBytes, PLAYLIST_TAIL_BYTES) };
}
