import { parsePlaylist } from './parse-playlist';
import { mergeHeadTail, scanLines } from './scan-lines';
import { invalid, toParsedPlaylist } from './to-parsed-playlist';
import type { ParsedPlaylist } from './types';

/**
 * Bytes read from the start of a playlist: the checker's S3 GET `Range: bytes=0-8191`. Every header tag
 * the verdict needs (TARGETDURATION, PART-INF, PLAYLIST-TYPE, STREAM-INF, …) must be in here.
 */
export const PLAYLIST_HEAD_BYTES = 8192;

/** Bytes read from the end of a playlist: the checker's S3 GET `Range: bytes=-8192` (ENDLIST, last PDT). */
export const PLAYLIST_TAIL_BYTES = 8192;

/** The HTTP `Range` header value that reads {@link PLAYLIST_HEAD_BYTES} (RFC 9110 §14.1.2). */
export const PLAYLIST_HEAD_RANGE = `bytes=0-${PLAYLIST_HEAD_BYTES - 1}`;

/** The HTTP suffix `Range` header value that reads {@link PLAYLIST_TAIL_BYTES} (RFC 9110 §14.1.2). */
export const PLAYLIST_TAIL_RANGE = `bytes=-${PLAYLIST_TAIL_BYTES}`;

/** The first and last bytes of a playlist, decoded as UTF-8 by the caller (replacement characters allowed). */
export interface PlaylistHeadTail {
  /** The first {@link PLAYLIST_HEAD_BYTES} bytes (or the whole playlist when it is smaller). */
  head: string;
  /** The last {@link PLAYLIST_TAIL_BYTES} bytes; ignored when `head` is the whole playlist. */
  tail: string;
  /** Size of the whole object in bytes (from `Content-Range: bytes 0-8191/<total>`). */
  totalBytes: number;
}

/** How many leading characters of the head a misplaced tail is compared with. */
const TAIL_START_PROBE_CHARS = 64;

/**
 * Reads the facts of a playlist from its head and tail only, at a bounded cost per check (two range GETs,
 * at most {@link PLAYLIST_HEAD_BYTES} + {@link PLAYLIST_TAIL_BYTES} bytes, a line scan of both). It agrees
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
 * // head = GET Range: bytes=0-8191, tail = GET Range: bytes=-8192, both decoded as UTF-8
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
  // A server that ignored the tail's range would return the start of the object again (s3rver does so
  // for suffix ranges, see docs/facts.md): the real end, and its ENDLIST, would be missed.
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
  return totalBytes <= PLAYLIST_HEAD_BYTES && utf8ByteLength(head) >= totalBytes;
}

/** UTF-8 length of a string as Node's encoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
