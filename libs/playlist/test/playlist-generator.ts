/**
 * Deterministic playlist generator for tests and the benchmark: a spec (small, shrinkable by fast-check)
 * becomes playlist text. Large playlists (a 20,000-segment DVR window is ≈ 1.6 MB) are generated, never
 * committed.
 */

/** A small seeded PRNG (mulberry32) so a spec always yields the same text. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TextVariant {
  lineEnding: '\n' | '\r\n';
  bom: boolean;
  /** Trailing spaces/tabs on some lines. */
  trailingSpaces: boolean;
  finalNewline: boolean;
}

const PLAIN_TEXT: TextVariant = {
  lineEnding: '\n',
  bom: false,
  trailingSpaces: false,
  finalNewline: true,
};

export interface MediaPlaylistSpec extends TextVariant {
  segmentCount: number;
  targetDurationS: number;
  playlistType?: 'EVENT' | 'VOD';
  endList: boolean;
  mediaSequence: number;
  discontinuitySequence?: number;
  /** A discontinuity before every n-th segment; 0 for none. */
  discontinuityEvery: number;
  programDateTime: 'none' | 'every' | 'first' | 'after-discontinuity';
  /** LL-HLS: PART-INF in the header, parts on the last segments, maybe a preload hint. */
  parts?: {
    partTarget: string;
    partsPerSegment: number;
    segmentsWithParts: number;
    preloadHint: boolean;
  };
  serverControl: boolean;
  iFramesOnly: boolean;
  byteRanges: boolean;
  /** Comments and unknown tags among the segments and in the header. */
  comments: boolean;
  /** Multibyte characters in segment URIs, so range boundaries cut UTF-8 sequences. */
  unicodeUris: boolean;
  /** Seed for the order of the header tags and for segment durations. */
  seed: number;
}

/** An ffmpeg-style sliding window with PROGRAM-DATE-TIME on every segment. */
export function ffmpegStyleSpec(segmentCount: number): MediaPlaylistSpec {
  return {
    ...PLAIN_TEXT,
    segmentCount,
    targetDurationS: 2,
    endList: false,
    mediaSequence: 1000,
    discontinuityEvery: 0,
    programDateTime: 'every',
    serverControl: false,
    iFramesOnly: false,
    byteRanges: false,
    comments: false,
    unicodeUris: false,
    seed: 1,
  };
}

const PDT_START_MS = Date.UTC(2026, 10, 20, 10, 0, 0);

function finish(lines: string[], variant: TextVariant, random: () => number): string {
  if (variant.trailingSpaces) {
    for (let i = 0; i < lines.length; i++) {
      if (random() < 0.2) lines[i] += random() < 0.5 ? '  ' : '\t';
    }
  }
  const body = lines.join(variant.lineEnding) + (variant.finalNewline ? variant.lineEnding : '');
  return (variant.bom ? '\uFEFF' : '') + body;
}

export function buildMediaPlaylist(spec: MediaPlaylistSpec): string {
  const random = prng(spec.seed);
  const header: string[] = [
    '#EXT-X-VERSION:' + (spec.parts ? 9 : 6),
    `#EXT-X-TARGETDURATION:${spec.targetDurationS}`,
    `#EXT-X-MEDIA-SEQUENCE:${spec.mediaSequence}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (spec.discontinuitySequence !== undefined) {
    header.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${spec.discontinuitySequence}`);
  }
  if (spec.playlistType) header.push(`#EXT-X-PLAYLIST-TYPE:${spec.playlistType}`);
  if (spec.iFramesOnly) header.push('#EXT-X-I-FRAMES-ONLY');
  if (spec.parts) header.push(`#EXT-X-PART-INF:PART-TARGET=${spec.parts.partTarget}`);
  if (spec.serverControl) {
    header.push(
      spec.parts
        ? `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${(Number(spec.parts.partTarget) * 3).toFixed(3)}`
        : `#EXT-X-SERVER-CONTROL:HOLD-BACK=${spec.targetDurationS * 3}.0`,
    );
  }
  if (spec.comments) header.push('# packager: generated', '#EXT-X-ALLOW-CACHE:NO');
  if (spec.byteRanges || spec.iFramesOnly) header.push('#EXT-X-MAP:URI="init.mp4"');
  // Tags in any order (RFC 8216 does not fix the order of Media Playlist tags).
  for (let i = header.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [header[i], header[j]] = [header[j] as string, header[i] as string];
  }

  const lines = ['#EXTM3U', ...header];
  const ext = spec.byteRanges || spec.iFramesOnly || spec.parts ? 'mp4' : 'ts';
  const name = spec.unicodeUris ? 'séance-📺-' : 'segment-';
  let pdtMs = PDT_START_MS;
  let byteOffset = 0;
  const firstWithParts = spec.segmentCount - (spec.parts?.segmentsWithParts ?? 0);
  for (let i = 0; i < spec.segmentCount; i++) {
    const sequence = spec.mediaSequence + i;
    const discontinuity = spec.discontinuityEvery > 0 && i > 0 && i % spec.discontinuityEvery === 0;
    if (discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (
      spec.programDateTime === 'every' ||
      (spec.programDateTime === 'first' && i === 0) ||
      (spec.programDateTime === 'after-discontinuity' && (i === 0 || discontinuity))
    ) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(pdtMs).toISOString()}`);
    }
    if (spec.comments && i % 97 === 3) {
      lines.push(`# cue ${i}`, '#EXT-OATCLS-SCTE35:/DAlAAAAAAAAAP/wFAUAAAABf+/+AAAAAAAA');
    }
    const durationS = spec.targetDurationS - (random() < 0.3 ? random() : 0);
    if (spec.parts && i >= firstWithParts) {
      for (let p = 0; p < spec.parts.partsPerSegment; p++) {
        lines.push(
          `#EXT-X-PART:DURATION=${spec.parts.partTarget},${p === 0 ? 'INDEPENDENT=YES,' : ''}URI="${name}${sequence}.${p}.${ext}"`,
        );
      }
    }
    lines.push(`#EXTINF:${durationS.toFixed(3)},`);
    if (spec.byteRanges || spec.iFramesOnly) {
      const length = 1000 + Math.floor(random() * 50_000);
      lines.push(`#EXT-X-BYTERANGE:${length}@${byteOffset}`);
      byteOffset += length;
    }
    lines.push(`${name}${sequence}.${ext}`);
    pdtMs += Math.round(durationS * 1000);
  }
  if (spec.parts?.preloadHint && !spec.endList) {
    const next = spec.mediaSequence + spec.segmentCount;
    lines.push(
      `#EXT-X-PART:DURATION=${spec.parts.partTarget},INDEPENDENT=YES,URI="${name}${next}.0.${ext}"`,
      `#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${name}${next}.1.${ext}"`,
    );
  }
  if (spec.endList) lines.push('#EXT-X-ENDLIST');
  return finish(lines, spec, random);
}

export interface MasterPlaylistSpec extends TextVariant {
  variantCount: number;
  /** Every variant listed twice (pipeline A and B): hls.js fails over between them. */
  redundant: boolean;
  audioGroup: boolean;
  iFrameVariants: boolean;
  seed: number;
}

export function buildMasterPlaylist(spec: MasterPlaylistSpec): string {
  const random = prng(spec.seed);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (spec.audioGroup) {
    lines.push(
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",DEFAULT=YES,URI="audio.m3u8"',
    );
  }
  for (let v = 0; v < spec.variantCount; v++) {
    const bandwidth = 300_000 + v * 400_000;
    const inf = `#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth},RESOLUTION=${640 + v * 16}x${360 + v * 9},CODECS="avc1.64001e,mp4a.40.2"${spec.audioGroup ? ',AUDIO="aac"' : ''}`;
    for (const pipeline of spec.redundant ? ['a', 'b'] : ['a']) {
      lines.push(inf, `https://pipeline-${pipeline}.example.com/live/${bandwidth}.m3u8`);
    }
    if (spec.iFrameVariants) {
      lines.push(
        `#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=${bandwidth / 10},URI="iframe-${bandwidth}.m3u8"`,
      );
    }
  }
  return finish(lines, spec, random);
}
