import { PLAYLIST_HEAD_BYTES, PLAYLIST_TAIL_BYTES, type PlaylistHeadTail } from '../src/index';

/**
 * What the checker gets from `Range: bytes=0-8191` and `Range: bytes=-8192`, decoded like the AWS SDK's
 * `transformToString()` (Node Buffer: a BOM is kept, a cut UTF-8 sequence becomes U+FFFD).
 */
export function headTailOf(playlist: string | Uint8Array): PlaylistHeadTail {
  const bytes =
    typeof playlist === 'string' ? Buffer.from(playlist, 'utf8') : Buffer.from(playlist);
  return {
    head: bytes.subarray(0, PLAYLIST_HEAD_BYTES).toString('utf8'),
    tail: bytes.subarray(Math.max(0, bytes.length - PLAYLIST_TAIL_BYTES)).toString('utf8'),
    totalBytes: bytes.length,
  };
}

/** Bytes the bounded path reads: the head, plus the tail only when the head was not everything. */
export function boundedBytesRead(totalBytes: number): number {
  const head = Math.min(totalBytes, PLAYLIST_HEAD_BYTES);
  return totalBytes > PLAYLIST_HEAD_BYTES ? head + Math.min(totalBytes, PLAYLIST_TAIL_BYTES) : head;
}
