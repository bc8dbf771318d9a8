import * as api from './index';

describe('@hls-stale-guard/playlist public API', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'DEFAULT_STALENESS_POLICY',
        'DecideInputError',
        'PLAYLIST_HEAD_BYTES',
        'PLAYLIST_HEAD_RANGE',
        'PLAYLIST_TAIL_BYTES',
        'PLAYLIST_TAIL_RANGE',
        'PlaylistType',
        'StalenessPolicyError',
        'boundedReadCost',
        'headTailOf',
        'decide',
        'isPlaylistKey',
        'parsePlaylist',
        'playlistTailRange',
        'readPlaylistFacts',
        'stalenessDeadline',
        'validatePolicy',
      ].sort(),
    );
  });
});
