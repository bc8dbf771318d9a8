import { describeEdgeUrl, mediaPlaylistKey, pinnedPath, PLAYBACK_PATH, segmentKey } from './layout';

describe('lab layout', () => {
  it('both pipelines write the same keys; the edge path picks the bucket', () => {
    expect(mediaPlaylistKey('180p')).toBe('live/180p/index.m3u8');
    expect(segmentKey('90p', 12)).toBe('live/90p/seg-12.ts');
    expect(pinnedPath('b', mediaPlaylistKey('180p'))).toBe('/b/live/180p/index.m3u8');
    expect(PLAYBACK_PATH).toBe('/live/master.m3u8');
  });

  it('reads pipeline, rendition and kind back from an edge URL', () => {
    expect(describeEdgeUrl('http://127.0.0.1:1/b/live/180p/seg-9.ts')).toEqual({
      kind: 'segment',
      pipeline: 'b',
      rendition: '180p',
    });
    expect(describeEdgeUrl('/live/90p/index.m3u8')).toEqual({ kind: 'playlist', rendition: '90p' });
    expect(describeEdgeUrl('/assets/hls.min.js')).toEqual({ kind: 'other' });
  });
});
