import fc from 'fast-check';
import {
  buildMasterPlaylist,
  buildMediaPlaylist,
  type MasterPlaylistSpec,
  type MediaPlaylistSpec,
  type TextVariant,
} from './playlist-generator';

const textVariantArb: fc.Arbitrary<TextVariant> = fc.record({
  lineEnding: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.boolean(),
  trailingSpaces: fc.boolean(),
  finalNewline: fc.boolean(),
});

/** 1–20,000 segments, mostly small so a default run stays fast; every size class is reached. */
const segmentCountArb = fc.oneof(
  { weight: 14, arbitrary: fc.integer({ min: 1, max: 80 }) },
  { weight: 5, arbitrary: fc.integer({ min: 81, max: 2000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2001, max: 20_000 }) },
);

const mediaSpecArb: fc.Arbitrary<MediaPlaylistSpec> = fc
  .tuple(
    textVariantArb,
    fc.record({
      segmentCount: segmentCountArb,
      targetDurationS: fc.integer({ min: 1, max: 12 }),
      playlistType: fc.option(fc.constantFrom('EVENT' as const, 'VOD' as const), {
        nil: undefined,
      }),
      endList: fc.boolean(),
      mediaSequence: fc.nat({ max: 1_000_000_000 }),
      discontinuitySequence: fc.option(fc.nat({ max: 1000 }), { nil: undefined }),
      discontinuityEvery: fc.constantFrom(0, 0, 5, 50, 1000),
      programDateTime: fc.constantFrom(
        'none' as const,
        'every' as const,
        'first' as const,
        'after-discontinuity' as const,
      ),
      parts: fc.option(
        fc.record({
          partTarget: fc.constantFrom('0.2', '0.33334', '0.5', '1.0', '1.004', '2'),
          partsPerSegment: fc.integer({ min: 1, max: 6 }),
          segmentsWithParts: fc.integer({ min: 0, max: 4 }),
          preloadHint: fc.boolean(),
        }),
        { nil: undefined },
      ),
      serverControl: fc.boolean(),
      iFramesOnly: fc.boolean(),
      byteRanges: fc.boolean(),
      comments: fc.boolean(),
      unicodeUris: fc.boolean(),
      seed: fc.integer(),
    }),
  )
  .map(([variant, spec]) => ({ ...spec, ...variant }));

const masterSpecArb: fc.Arbitrary<MasterPlaylistSpec> = fc
  .tuple(
    textVariantArb,
    fc.record({
      variantCount: fc.integer({ min: 1, max: 120 }),
      redundant: fc.boolean(),
      audioGroup: fc.boolean(),
      iFrameVariants: fc.boolean(),
      seed: fc.integer(),
    }),
  )
  .map(([variant, spec]) => ({ ...spec, ...variant }));

export type GeneratedPlaylist =
  | { kind: 'media'; spec: MediaPlaylistSpec; text: string }
  | { kind: 'master'; spec: MasterPlaylistSpec; text: string };

/** Well-formed generated playlists: 9 media for 1 master. */
export const generatedPlaylistArb: fc.Arbitrary<GeneratedPlaylist> = fc.oneof(
  {
    weight: 9,
    arbitrary: mediaSpecArb.map((spec) => ({
      kind: 'media' as const,
      spec,
      text: buildMediaPlaylist(spec),
    })),
  },
  {
    weight: 1,
    arbitrary: masterSpecArb.map((spec) => ({
      kind: 'master' as const,
      spec,
      text: buildMasterPlaylist(spec),
    })),
  },
);

const TAG_LINES = [
  '#EXTM3U',
  '\uFEFF#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-TARGETDURATION:6',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-TARGETDURATION:0',
  '#EXT-X-TARGETDURATION:-1',
  '#EXT-X-TARGETDURATION:abc',
  '#EXT-X-TARGETDURATION',
  '#EXT-X-ENDLIST',
  '#EXT-X-ENDLIST  ',
  '#EXT-X-PLAYLIST-TYPE:VOD',
  '#EXT-X-PLAYLIST-TYPE:EVENT',
  '#EXT-X-PLAYLIST-TYPE:LIVE',
  '#EXT-X-MEDIA-SEQUENCE:5',
  '#EXT-X-DISCONTINUITY-SEQUENCE:2',
  '#EXT-X-DISCONTINUITY',
  '#EXT-X-PROGRAM-DATE-TIME:2026-11-20T10:00:00.000+0000',
  '#EXTINF:6.0,',
  '#EXTINF:2,title',
  '#EXT-X-BYTERANGE:100@0',
  'segment.ts',
  'séance-📺.ts',
  '#EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360',
  '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="i.m3u8"',
  '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en"',
  '#EXT-X-PART-INF:PART-TARGET=1.004',
  '#EXT-X-PART-INF:PART-TARGET=0',
  '#EXT-X-PART:DURATION=1.0,URI="p.mp4"',
  '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p2.mp4"',
  '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=3.0',
  '#EXT-X-I-FRAMES-ONLY',
  '#EXT-X-KEY:METHOD=NONE',
  '#EXT-X-KEY:x',
  '#EXT-X-MAP:URI="init.mp4"',
  '# a comment',
  '',
] as const;

const TAG_PREFIXES = [
  '#EXT-X-TARGETDURATION:',
  '#EXT-X-PART-INF:',
  '#EXT-X-SERVER-CONTROL:',
  '#EXT-X-PLAYLIST-TYPE:',
  '#EXT-X-MEDIA-SEQUENCE:',
  '#EXT-X-PROGRAM-DATE-TIME:',
  '#EXTINF:',
  '#EXT-X-ENDLIST',
  '#EXT-X-STREAM-INF:',
  '#EXT-X-KEY:',
  '#EXT-X-DATERANGE:',
  '#EXT-X-PRELOAD-HINT:',
] as const;

/** A line that is often a real tag, sometimes a tag with a random value, sometimes noise. */
const hlsLikeLineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TAG_LINES) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...TAG_PREFIXES), fc.string({ maxLength: 24, unit: 'binary-ascii' }))
      .map(([prefix, value]) => prefix + value),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
);

/** Text that looks like a playlist: usually `#EXTM3U` first, then tags in random order, LF or CRLF. */
export const hlsLikeTextArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant('#EXTM3U') },
      { weight: 1, arbitrary: hlsLikeLineArb },
    ),
    fc.array(hlsLikeLineArb, { maxLength: 40 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([first, rest, eol]) => [first, ...rest].join(eol));
