import { Parser, type Manifest } from 'm3u8-parser';
import { scanLines } from './scan-lines';
import { invalid, toParsedPlaylist } from './to-parsed-playlist';
import type { MediaPlaylistFacts, ParsedPlaylist } from './types';

/**
 * Parses a whole playlist into the facts the staleness rule needs. Never throws: text that is not a
 * playlist this library fully understands is `{ kind: 'invalid', reason }`, and the reason quotes the
 * offending line (truncated).
 *
 * Two readers must agree before a media playlist is returned: the line scanner shared with
 * {@link readPlaylistFacts} (which also validates what m3u8-parser accepts silently: the `#EXTM3U` first
 * line, a positive decimal-integer TARGETDURATION, Master and Media tags mixed) and m3u8-parser. If
 * m3u8-parser throws (it does on some malformed attribute lists) or reads a different kind, target
 * duration, part target, playlist type or ENDLIST, the playlist is `invalid`.
 *
 * Tolerates CRLF line endings, a UTF-8 BOM, leading/trailing whitespace on a line and tags in any order.
 *
 * @example
 * ```ts
 * const facts = parsePlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nseg1.ts\n');
 * // { kind: 'media', playlistType: 'live', targetDurationMs: 6000, segmentCount: 1, hasEndList: false, … }
 * parsePlaylist('<!DOCTYPE html>…');
 * // { kind: 'invalid', reason: 'first line is not #EXTM3U (RFC 8216 §4.3.1.1): "<!DOCTYPE html>…"' }
 * ```
 */
export function parsePlaylist(text: string): ParsedPlaylist {
  if (typeof text !== 'string') return invalid('playlist text is not a string');
  if (text.length === 0) return invalid('empty playlist (0 bytes)');
  const lines = text.split('\n');
  const firstLine = (lines[0] ?? '').trim();
  const facts = toParsedPlaylist(firstLine, scanLines(lines, 1, lines.length), { kind: 'full' });
  return facts.kind === 'media' ? crossCheckWithM3u8Parser(text, facts) : facts;
}

/** Tolerance for comparing m3u8-parser's float seconds with our whole (rounded-up) milliseconds. */
const PART_TARGET_TOLERANCE_MS = 1;

function crossCheckWithM3u8Parser(text: string, facts: MediaPlaylistFacts): ParsedPlaylist {
  let manifest: Manifest;
  try {
    const parser = new Parser();
    parser.push(text);
    parser.end();
    manifest = parser.manifest;
  } catch (error) {
    // m3u8-parser 7.2.0 throws a TypeError on e.g. `#EXT-X-KEY:x` (an attribute-list without `=`).
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return invalid(`m3u8-parser failed on this playlist (${message.slice(0, 120)})`);
  }
  const disagreements: string[] = [];
  if (manifest.playlists !== undefined) disagreements.push('kind (m3u8-parser: master)');
  const targetDurationMs =
    manifest.targetDuration === undefined ? undefined : manifest.targetDuration * 1000;
  if (targetDurationMs !== facts.targetDurationMs) {
    disagreements.push(`targetDurationMs (${targetDurationMs} vs ${facts.targetDurationMs})`);
  }
  const partTargetMs =
    manifest.partTargetDuration === undefined ? undefined : manifest.partTargetDuration * 1000;
  if (
    (partTargetMs === undefined) !== (facts.partTargetMs === undefined) ||
    Math.abs((partTargetMs ?? 0) - (facts.partTargetMs ?? 0)) >= PART_TARGET_TOLERANCE_MS
  ) {
    disagreements.push(`partTargetMs (${partTargetMs} vs ${facts.partTargetMs})`);
  }
  const playlistType = manifest.playlistType?.toLowerCase() ?? 'live';
  if (playlistType !== facts.playlistType) {
    disagreements.push(`playlistType (${playlistType} vs ${facts.playlistType})`);
  }
  if ((manifest.endList === true) !== facts.hasEndList) {
    disagreements.push(`hasEndList (${manifest.endList === true} vs ${facts.hasEndList})`);
  }
  return disagreements.length === 0
    ? facts
    : invalid(`m3u8-parser and the line scanner disagree on ${disagreements.join(', ')}`);
}
