import {
  PLAYLIST_HEAD_BYTES,
  PLAYLIST_TAIL_BYTES,
  type PlaylistHeadTail,
} from '@hls-stale-guard/playlist';

/**
 * The bytes the checker's bounded read gets from a playlist, as `readFacts` asks for them: the first
 * PLAYLIST_HEAD_BYTES and, when the playlist is longer, the last PLAYLIST_TAIL_BYTES (they may overlap).
 *
 * @example headTailOf('#EXTM3U\n...').tail; // '' for a playlist that fits in the head
 */
export function headTailOf(text: string): PlaylistHeadTail {
  const bytes = Buffer.from(text, 'utf-8');
  const head = bytes.subarray(0, PLAYLIST_HEAD_BYTES).toString('utf-8');
  const tail =
    bytes.length > PLAYLIST_HEAD_BYTES
      ? bytes.subarray(bytes.length - PLAYLIST_TAIL_BYTES).toString('utf-8')
      : '';
  return { head, tail, totalBytes: bytes.length };
}

/** Bytes the bounded read transfers for a playlist of `totalBytes` (one or two range GETs). */
export function boundedReadBytes(totalBytes: number): { bytes: number; gets: number } {
  if (totalBytes <= PLAYLIST_HEAD_BYTES) return { bytes: totalBytes, gets: 1 };
  return { bytes: PLAYLIST_HEAD_BYTES + PLAYLIST_TAIL_BYTES, gets: 2 };
}
