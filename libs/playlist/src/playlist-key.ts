/**
 * Whether an S3 key names an HLS playlist (`.m3u8`, any case). Pass the decoded key: S3 event keys are
 * URL-encoded with `+` for a space.
 *
 * @example
 * ```ts
 * isPlaylistKey('live/channel-1/720p.m3u8'); // true
 * isPlaylistKey('live/channel-1/720p_00042.ts'); // false
 * ```
 */
export function isPlaylistKey(key: string): boolean {
  return typeof key === 'string' && /\.m3u8$/i.test(key);
}
