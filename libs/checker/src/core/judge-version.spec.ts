import { DEFAULT_STALENESS_POLICY, parsePlaylist } from '@hls-stale-guard/playlist';
import { livePlaylist, MASTER_PLAYLIST } from '../testing/simulated-origin';
import { isPastDeadline, judgeVersion, type JudgeRules } from './judge-version';

const rules: JudgeRules = {
  scope: { buckets: ['origin-a'], prefixes: ['live/'] },
  policy: DEFAULT_STALENESS_POLICY,
  maxPlaylistBytes: 1000,
};
const base = { bucket: 'origin-a', key: 'live/ch1/720p.m3u8', writtenAtMs: 10_000 };

describe('judgeVersion: the one rule for "may this version be deleted, and when"', () => {
  it('never judges a key that is not .m3u8', () => {
    expect(judgeVersion({ ...base, key: 'live/ch1/seg_1.ts' }, rules)).toMatchObject({
      kind: 'never-stale',
      reason: 'not-a-playlist',
    });
  });

  it('never judges a key outside the watched buckets or prefixes', () => {
    expect(judgeVersion({ ...base, bucket: 'other' }, rules)).toMatchObject({
      reason: 'outside-scope',
    });
    expect(judgeVersion({ ...base, key: 'vod/ch1/720p.m3u8' }, rules)).toMatchObject({
      reason: 'outside-scope',
    });
  });

  it('keeps a playlist larger than maxPlaylistBytes, before reading it', () => {
    expect(judgeVersion({ ...base, sizeBytes: 1001 }, rules)).toEqual({
      kind: 'never-stale',
      reason: 'too-large',
      detail: '1001 B > 1000 B',
    });
  });

  it('asks for the facts when key, scope and size allow a check', () => {
    expect(judgeVersion({ ...base, sizeBytes: 1000 }, rules)).toEqual({ kind: 'needs-facts' });
  });

  it.each([
    ['master', MASTER_PLAYLIST],
    ['endlist', livePlaylist({ targetDuration: 2, mediaSequence: 1, endList: true })],
    ['vod', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2,\na.ts\n'],
    ['invalid', '<html>502 Bad Gateway</html>'],
  ])('never judges a %s playlist stale (RFC 8216 §4.3.3.4, §4.3.3.5)', (reason, text) => {
    expect(judgeVersion({ ...base, facts: parsePlaylist(text) }, rules)).toMatchObject({
      kind: 'never-stale',
      reason,
    });
  });

  it('gives a live playlist its deadline: written + 1.5 × TARGETDURATION (RFC 8216 §6.2.1)', () => {
    const facts = parsePlaylist(livePlaylist({ targetDuration: 2, mediaSequence: 1 }));
    const judgement = judgeVersion({ ...base, facts }, rules);
    expect(judgement).toMatchObject({ kind: 'live', deadlineMs: 13_000 });
    if (judgement.kind !== 'live') throw new Error('expected live');
    expect(isPastDeadline(judgement, 13_000)).toBe(false);
    expect(isPastDeadline(judgement, 13_001)).toBe(true);
  });
});
