/**
 * The line scanner both parse paths share: it turns complete playlist lines into evidence (which tags were
 * seen, their raw lines, counts). It interprets nothing; `to-parsed-playlist.ts` judges the evidence. One
 * scanner for the full text and for the head/tail windows is what keeps the two paths in agreement.
 */

/**
 * Media Playlist tags that MUST NOT appear more than once (RFC 8216 §4.3.3; rfc8216bis §4.4.3) and that
 * the facts depend on. A second occurrence with a different text is a conflict.
 */
const SINGLE_USE_TAGS = [
  'EXT-X-TARGETDURATION',
  'EXT-X-PLAYLIST-TYPE',
  'EXT-X-PART-INF',
  'EXT-X-SERVER-CONTROL',
  'EXT-X-MEDIA-SEQUENCE',
  'EXT-X-DISCONTINUITY-SEQUENCE',
] as const;
export type SingleUseTag = (typeof SINGLE_USE_TAGS)[number];

/** Master Playlist tags (RFC 8216 §4.3.4; rfc8216bis §4.4.6). */
const MASTER_TAGS: ReadonlySet<string> = new Set([
  'EXT-X-MEDIA',
  'EXT-X-STREAM-INF',
  'EXT-X-I-FRAME-STREAM-INF',
  'EXT-X-SESSION-DATA',
  'EXT-X-SESSION-KEY',
  'EXT-X-CONTENT-STEERING',
]);

/** Media Playlist, Media Segment and Media Metadata tags (RFC 8216 §4.3.2–4.3.3; rfc8216bis §4.4.3–4.4.5). */
const MEDIA_TAGS: ReadonlySet<string> = new Set([
  ...SINGLE_USE_TAGS,
  'EXTINF',
  'EXT-X-BYTERANGE',
  'EXT-X-DISCONTINUITY',
  'EXT-X-KEY',
  'EXT-X-MAP',
  'EXT-X-PROGRAM-DATE-TIME',
  'EXT-X-DATERANGE',
  'EXT-X-GAP',
  'EXT-X-BITRATE',
  'EXT-X-PART',
  'EXT-X-I-FRAMES-ONLY',
  'EXT-X-SKIP',
  'EXT-X-PRELOAD-HINT',
  'EXT-X-RENDITION-REPORT',
]);

export interface LineEvidence {
  /** The first trimmed line of each single-use tag. */
  single: Partial<Record<SingleUseTag, string>>;
  /** The first pair of differing lines of one single-use tag. */
  conflict?: { first: string; second: string };
  /** A line starting with `#EXT-X-ENDLIST` (a prefix match, like m3u8-parser: more ENDLIST is safer). */
  hasEndList: boolean;
  iFramesOnly: boolean;
  firstMasterLine?: string;
  firstMediaLine?: string;
  /** `EXT-X-STREAM-INF` lines. */
  variantCount: number;
  /** `EXTINF` lines. */
  segmentCount: number;
  /** An `EXTINF` or `EXT-X-PART` was seen: the header (the tags before the first segment) is over. */
  sawSegment: boolean;
  /** The value of the last `EXT-X-PROGRAM-DATE-TIME` line. */
  lastProgramDateTime?: string;
}

/**
 * Scans `lines[start..end)`. Lines are trimmed like m3u8-parser does (`String.prototype.trim`: spaces,
 * tabs, CR of CRLF, a BOM); blank lines and comments (`#` not followed by `EXT`) are skipped; tag names
 * are case-sensitive (RFC 8216 §4.1).
 */
export function scanLines(lines: readonly string[], start: number, end: number): LineEvidence {
  const evidence: LineEvidence = {
    single: {},
    hasEndList: false,
    iFramesOnly: false,
    variantCount: 0,
    segmentCount: 0,
    sawSegment: false,
  };
  for (let i = start; i < end; i++) {
    const line = (lines[i] ?? '').trim();
    // '#EXT': anything else is blank, a URI or a comment.
    if (!line.startsWith('#EXT')) continue;
    // Fast paths for the lines every segment repeats (a 20,000-segment window has 60,000 of them).
    if (line.startsWith('#EXTINF:')) {
      evidence.segmentCount++;
      evidence.sawSegment = true;
      evidence.firstMediaLine ??= line;
      continue;
    }
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      evidence.lastProgramDateTime = line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length);
      evidence.firstMediaLine ??= line;
      continue;
    }
    if (line.startsWith('#EXT-X-BYTERANGE:')) {
      evidence.firstMediaLine ??= line;
      continue;
    }
    if (line.startsWith('#EXT-X-PART:')) {
      evidence.sawSegment = true;
      evidence.firstMediaLine ??= line;
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? line.slice(1) : line.slice(1, colon);
    switch (name) {
      case 'EXTINF':
        evidence.segmentCount++;
        evidence.sawSegment = true;
        break;
      case 'EXT-X-PART':
        evidence.sawSegment = true;
        break;
      case 'EXT-X-PROGRAM-DATE-TIME':
        evidence.lastProgramDateTime = '';
        break;
      case 'EXT-X-I-FRAMES-ONLY':
        evidence.iFramesOnly = true;
        break;
      case 'EXT-X-STREAM-INF':
        evidence.variantCount++;
        break;
      case 'EXT-X-TARGETDURATION':
      case 'EXT-X-PLAYLIST-TYPE':
      case 'EXT-X-PART-INF':
      case 'EXT-X-SERVER-CONTROL':
      case 'EXT-X-MEDIA-SEQUENCE':
      case 'EXT-X-DISCONTINUITY-SEQUENCE':
        recordSingleUse(evidence, name, line);
        break;
      default:
        if (name.startsWith('EXT-X-ENDLIST')) {
          evidence.hasEndList = true;
          evidence.firstMediaLine ??= line;
        }
    }
    if (MASTER_TAGS.has(name)) evidence.firstMasterLine ??= line;
    else if (MEDIA_TAGS.has(name)) evidence.firstMediaLine ??= line;
  }
  return evidence;
}

function recordSingleUse(evidence: LineEvidence, tag: SingleUseTag, line: string): void {
  const seen = evidence.single[tag];
  if (seen === undefined) evidence.single[tag] = line;
  else if (seen !== line) evidence.conflict ??= { first: seen, second: line };
}

/**
 * Combines the evidence of the head and the tail of a playlist (which may overlap: the same line seen
 * twice is not a conflict). Counts and the header state come from the head; the last PROGRAM-DATE-TIME
 * from the tail.
 */
export function mergeHeadTail(head: LineEvidence, tail: LineEvidence): LineEvidence {
  const merged: LineEvidence = {
    ...head,
    single: { ...head.single },
    hasEndList: head.hasEndList || tail.hasEndList,
    iFramesOnly: head.iFramesOnly || tail.iFramesOnly,
    firstMasterLine: head.firstMasterLine ?? tail.firstMasterLine,
    firstMediaLine: head.firstMediaLine ?? tail.firstMediaLine,
    lastProgramDateTime: tail.lastProgramDateTime,
  };
  if (tail.conflict) merged.conflict ??= tail.conflict;
  for (const tag of SINGLE_USE_TAGS) {
    const line = tail.single[tag];
    if (line !== undefined) recordSingleUse(merged, tag, line);
  }
  return merged;
}

/** A line as it may appear in a reason: JSON-quoted (control characters escaped), at most 80 characters. */
export function quoteLine(line: string): string {
  const MAX_QUOTED_CHARS = 80;
  return JSON.stringify(
    line.length > MAX_QUOTED_CHARS ? `${line.slice(0, MAX_QUOTED_CHARS)}…` : line,
  );
}
