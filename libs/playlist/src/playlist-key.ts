import { PLAYLIST_KEY_SUFFIX } from '@hls-stale-guard/contract';

/**
 * Whether an S3 key names an HLS playlist: it ends in lower-case `.m3u8` (the contract's
 * `PLAYLIST_KEY_SUFFIX`, which infra uses for the checker's IAM resources and the S3 notification
 * filter; both compare case-sensitively, so an `.M3U8` key never reaches the checker and could not be
 * read or deleted by it). Pass the decoded key: S3 event keys are URL-encoded with `+` for a space.
 *
 * @example
 * ```ts
 * isPlaylistKey('live/channel-1/720p.m3u8'); // true
 * isPlaylistKey('live/channel-1/720p.M3U8'); // false: IAM and the notification filter do not match it
 * isPlaylistKey('live/channel-1/720p_00042.ts'); // false
 * ```
 */
export function isPlaylistKey(key: string): boolean {
  return typeof key === 'string' && key.endsWith(PLAYLIST_KEY_SUFFIX);
}
