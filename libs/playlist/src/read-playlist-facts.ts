import { parsePlaylist } from './parse-playlist';
import { mergeHeadTail, scanLines } from './scan-lines';
import { invalid, toParsedPlaylist } from './to-parsed-playlist';
import type { ParsedPlaylist } from './types';

/**
 * Bytes read from the start of a playlist: the checker's first S3 GET, `Range: bytes=0-16383`. A
 * playlist up to this size is read whole by that one GET. Every header tag the verdict needs
 * (TARGETDURATION, PART-INF, PLAYLIST-TYPE, STREAM-INF, MEDIA-SEQUENCE, …) must be in here.
 */
export const PLAYLIST_HEAD_BYTES = 16_384;

/**
 * Bytes read from the end of a playlist larger than the head: the checker's second S3 GET, the last
 * 8 KiB (ENDLIST, the last segments and their PROGRAM-DATE-TIME). A check reads at most
 * {@link PLAYLIST_HEAD_BYTES} + {@link PLAYLIST_TAIL_BYTES} = 24 KiB, in at most two GETs.
 */
export const PLAYLIST_TAIL_BYTES = 8192;

/** The HTTP `Range` header value that reads {@link PLAYLIST_HEAD_BYTES} (RFC 9110 §14.1.2). */
export const PLAYLIST_HEAD_RANGE = `bytes=0-${PLAYLIST_HEAD_BYTES - 1}`;

/** The HTTP suffix `Range` header value that reads {@link PLAYLIST_TAIL_BYTES} (RFC 9110 §14.1.2). */
export const PLAYLIST_TAIL_RANGE = `bytes=-${PLAYLIST_TAIL_BYTES}`;

/** The first and last bytes of a playlist, decoded as UTF-8 by the caller (replacement characters allowed). */
export interface PlaylistHeadTail {
  /** The first {@link PLAYLIST_HEAD_BYTES} bytes (or the whole playlist when it is smaller). */
  head: string;
  /**
   * The last {@link PLAYLIST_TAIL_BYTES} bytes, read only when {@link playlistTailRange} asks for them
   * (`''` otherwise); ignored when `head` is the whole playlist.
   */
  tail: string;
  /** Size of the whole object in bytes (from `Content-Range: bytes 0-16383/<total>`). */
  totalBytes: number;
}

/**
 * The byte range of the second GET (the last {@link PLAYLIST_TAIL_BYTES}, inclusive `start`–`end`, an
 * explicit range rather than a suffix), or `undefined` when the first GET's answer is all there is to
 * read: the object fits in {@link PLAYLIST_HEAD_BYTES} (S3's `Content-Range` total), or the answer holds
 * at least `totalBytes` characters (a server that ignored the Range and sent the whole object, whose
 * length is then the total). The tail may overlap the head: a tag cut by the head's end is then whole in
 * the tail.
 *
 * @example
 * ```ts
 * playlistTailRange(head, 8_704); // undefined: one GET read it whole
 * playlistTailRange(head, 881_000); // { start: 872_808, end: 880_999 }
 * ```
 */
export function playlistTailRange(
  head: string,
  totalBytes: number,
): { start: number; end: number } | undefined {
  if (totalBytes <= PLAYLIST_HEAD_BYTES || totalBytes <= head.length) return undefined;
  return { start: totalBytes - PLAYLIST_TAIL_BYTES, end: totalBytes - 1 };
}

/** How many leading characters of the head a misplaced tail is compared with. */
const TAIL_START_PROBE_CHARS = 64;

/**
 * Reads the facts of a playlist from its head and tail only, at a bounded cost per check (one range GET
 * up to {@link PLAYLIST_HEAD_BYTES}, two beyond: at most {@link PLAYLIST_HEAD_BYTES} +
 * {@link PLAYLIST_TAIL_BYTES} bytes, a line scan of both). It agrees
 * with {@link parsePlaylist} on every field the verdict uses (kind, playlistType, targetDurationMs,
 * partTargetMs, hasEndList) whenever the header tags are in the head and ENDLIST is in the tail, which is
 * where every packager writes them. When they are not, the result is `invalid` (kept), never a guess.
 *
 * - `totalBytes <= head.length`, or `totalBytes <= PLAYLIST_HEAD_BYTES` and the head re-encodes to at
 *   least `totalBytes` bytes (a BOM or any non-ASCII character makes `head.length` smaller than its byte
 *   count): the head is the whole playlist and is parsed in full.
 * - The last line of the head and the first line of the tail are cut by the range: both are ignored.
 * - A UTF-8 character cut by a range boundary decodes to U+FFFD; it only ever sits in an ignored line.
 * - `segmentCount` is `undefined`, `lastProgramDateTimeMs` comes from the tail and a master's
 *   `variantCount` counts the head only.
 * - Never throws.
 *
 * @example
 * ```ts
 * // head = GET Range: bytes=0-16383; tail = '' or, when playlistTailRange(head, totalBytes) names a
 * // range, GET that range; both decoded as UTF-8
 * const playlist = readPlaylistFacts({ head, tail, totalBytes: 812_345 });
 * const verdict = decide({ playlist, lastUpdateMs, nowMs, policy });
 * ```
 */
export function readPlaylistFacts({ head, tail, totalBytes }: PlaylistHeadTail): ParsedPlaylist {
  if (typeof head !== 'string' || typeof tail !== 'string') {
    return invalid('head and tail must be strings');
  }
  if (!Number.isSafeInteger(totalBytes) || totalBytes < 0) {
    return invalid(`totalBytes is not a byte count: ${String(totalBytes)}`);
  }
  // A UTF-8 decode never yields more UTF-16 code units than it read bytes.
  if (head.length > totalBytes || tail.length > totalBytes) {
    return invalid(
      `head (${head.length} chars) or tail (${tail.length} chars) longer than totalBytes (${totalBytes})`,
    );
  }
  if (headIsWholePlaylist(head, totalBytes)) return parsePlaylist(head);

  const headLines = head.split('\n');
  headLines.pop(); // cut by the range (or empty after the last newline)
  if (headLines.length === 0) {
    return invalid(`no complete line in the first ${PLAYLIST_HEAD_BYTES} bytes`);
  }
  // A server that ignored the tail's range would return the start of the object again (some S3
  // emulators answer a range they do not support so): the real end, and its ENDLIST, would be missed.
  const probe = head.slice(0, Math.min(TAIL_START_PROBE_CHARS, head.length));
  if (probe.length > 0 && tail.startsWith(probe)) {
    return invalid(
      `the tail starts like the head: the suffix range (${PLAYLIST_TAIL_RANGE}) was not honoured`,
    );
  }
  const tailLines = tail.split('\n');
  tailLines.shift(); // cut by the range
  if (tailLines.every((line) => line.trim().length === 0)) {
    return invalid(`no complete line in the last ${PLAYLIST_TAIL_BYTES} bytes`);
  }

  const evidence = mergeHeadTail(
    scanLines(headLines, 1, headLines.length),
    scanLines(tailLines, 0, tailLines.length),
  );
  return toParsedPlaylist((headLines[0] ?? '').trim(), evidence, {
    kind: 'head-tail',
    headBytes: PLAYLIST_HEAD_BYTES,
  });
}

/**
 * Whether the head holds the whole object. `head.length` counts UTF-16 code units, fewer than the bytes
 * they were decoded from as soon as one character is not ASCII (a BOM is 3 bytes, 1 unit).
 */
function headIsWholePlaylist(head: string, totalBytes: number): boolean {
  if (totalBytes <= head.length) return true;
  return totalBytes <= PLAYLIST_HEAD_BYTES && Buffer.byteLength(head, 'utf8') >= totalBytes;
}
