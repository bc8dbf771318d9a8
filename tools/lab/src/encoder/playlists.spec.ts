import { parsePlaylist } from '@hls-stale-guard/playlist';
import { renderMasterPlaylist, renderMediaPlaylist, type VariantInfo } from './playlists';

const variants: VariantInfo[] = [
  {
    rendition: '180p',
    bandwidth: 106_032,
    averageBandwidth: 95_630,
    width: 320,
    height: 180,
    frameRate: 10,
    codecs: 'avc1.42c015,mp4a.40.2',
  },
  {
    rendition: '90p',
    bandwidth: 59_408,
    averageBandwidth: 55_147,
    width: 160,
    height: 90,
    frameRate: 10,
    codecs: 'avc1.42c00c,mp4a.40.2',
  },
];

describe('the master playlist (origin-group topology, what infra deploys)', () => {
  it('lists every rendition once, at its origin-group URL, the same on both pipelines', () => {
    const [fromA, fromB] = (['a', 'b'] as const).map((writer) =>
      renderMasterPlaylist({ variants, pipelines: ['a', 'b'], writer, topology: 'origin-group' }),
    );
    expect(fromA).toBe(fromB);
    const uris = (fromA ?? '')
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(uris).toEqual(['/live/180p/index.m3u8', '/live/90p/index.m3u8']);
  });
});

describe('the master playlist (MediaLive redundant manifests)', () => {
  it('lists every rendition once per pipeline with the same EXT-X-STREAM-INF, the writer first', () => {
    const text = renderMasterPlaylist({
      variants,
      pipelines: ['a', 'b'],
      writer: 'b',
      topology: 'redundant-manifests',
    });
    const lines = text.trim().split('\n');
    const uris = lines.filter((l) => !l.startsWith('#'));
    expect(uris).toEqual([
      '/b/live/180p/index.m3u8',
      '/a/live/180p/index.m3u8',
      '/b/live/90p/index.m3u8',
      '/a/live/90p/index.m3u8',
    ]);
    const infos = lines.filter((l) => l.startsWith('#EXT-X-STREAM-INF'));
    expect(infos[0]).toBe(infos[1]);
    expect(infos[0]).toContain('CODECS="avc1.42c015,mp4a.40.2"');
  });

  it('is a master playlist to the checker (never deleted)', () => {
    const facts = parsePlaylist(
      renderMasterPlaylist({ variants, pipelines: ['a'], writer: 'a', topology: 'origin-group' }),
    );
    expect(facts).toMatchObject({ kind: 'master', variantCount: 2 });
  });
});

describe('the live media playlist', () => {
  const segments = [40, 41, 42].map((n) => ({
    uri: `seg-${n}.ts`,
    durationS: 2,
    programDateTimeMs: Date.UTC(2026, 10, 26, 0, 0, n * 2),
  }));

  it('is a live media playlist with its media sequence and target duration', () => {
    const text = renderMediaPlaylist({
      targetDurationS: 2,
      mediaSequence: 40,
      segments,
      endList: false,
    });
    expect(parsePlaylist(text)).toMatchObject({
      kind: 'media',
      playlistType: 'live',
      targetDurationMs: 2_000,
      mediaSequence: 40,
      segmentCount: 3,
      hasEndList: false,
    });
  });

  it('has a PROGRAM-DATE-TIME on every segment', () => {
    const text = renderMediaPlaylist({
      targetDurationS: 2,
      mediaSequence: 40,
      segments,
      endList: false,
    });
    expect(text.match(/#EXT-X-PROGRAM-DATE-TIME:/g)).toHaveLength(3);
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-26T00:01:20.000Z');
  });

  it('ends with #EXT-X-ENDLIST only when the stream ended gracefully', () => {
    const ended = renderMediaPlaylist({
      targetDurationS: 2,
      mediaSequence: 40,
      segments,
      endList: true,
    });
    expect(ended.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(parsePlaylist(ended)).toMatchObject({ kind: 'media', hasEndList: true });
  });
});
