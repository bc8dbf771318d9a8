import { parsePlaylist } from '@hls-stale-guard/playlist';
import { livePlaylistText } from './playlist-text';

describe('livePlaylistText', () => {
  it('is a live media playlist the checker parses: TARGETDURATION, segments, no ENDLIST', () => {
    const facts = parsePlaylist(
      livePlaylistText({
        name: 'ch',
        targetDurationS: 2,
        mediaSequence: 42,
        segments: 6,
        firstSegmentMs: 0,
      }),
    );
    expect(facts).toMatchObject({
      kind: 'media',
      targetDurationMs: 2000,
      mediaSequence: 42,
      segmentCount: 6,
      hasEndList: false,
    });
  });

  it('ends with ENDLIST when asked', () => {
    const facts = parsePlaylist(
      livePlaylistText({
        name: 'ch',
        targetDurationS: 6,
        mediaSequence: 1,
        segments: 3,
        firstSegmentMs: 0,
        endList: true,
      }),
    );
    expect(facts).toMatchObject({ kind: 'media', hasEndList: true });
  });

  it('every version differs (the window slides), so every upload has a new ETag', () => {
    const at = (mediaSequence: number) =>
      livePlaylistText({
        name: 'ch',
        targetDurationS: 2,
        mediaSequence,
        segments: 6,
        firstSegmentMs: 0,
      });
    expect(at(1)).not.toBe(at(2));
  });

  it('grows by ≈ 80 bytes per segment (a 10,000-segment DVR window is ≈ 860 KiB)', () => {
    const bytes = Buffer.byteLength(
      livePlaylistText({
        name: 'bench_10000',
        targetDurationS: 2,
        mediaSequence: 1000,
        segments: 10_000,
        firstSegmentMs: 0,
      }),
    );
    expect(bytes / 10_000).toBeGreaterThan(70);
    expect(bytes / 10_000).toBeLessThan(100);
  });
});
