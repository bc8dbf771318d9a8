import { isPlaylistKey } from './playlist-key';

describe('isPlaylistKey', () => {
  it.each(['live/channel-1/720p.m3u8', 'LIVE/INDEX.m3u8', 'a b/with space.m3u8', 'x.m3u8'])(
    '%s is a playlist',
    (key) => {
      expect(isPlaylistKey(key)).toBe(true);
    },
  );

  it.each([
    'live/seg_001.ts',
    'live/720p.m3u8.tmp',
    'live/720p.m3u',
    'live/m3u8',
    'live/720p.m3u8/',
    '',
  ])('%p is not a playlist', (key) => {
    expect(isPlaylistKey(key)).toBe(false);
  });

  it.each(['LIVE/INDEX.M3U8', 'a b/with space.M3u8', 'live/720p.m3U8'])(
    '%s is not a playlist: only lower-case .m3u8, like the IAM resources and the notification filter',
    (key) => {
      expect(isPlaylistKey(key)).toBe(false);
    },
  );

  it('a non-string is not a playlist key', () => {
    expect(isPlaylistKey(undefined as unknown as string)).toBe(false);
  });
});
