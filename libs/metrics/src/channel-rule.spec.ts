import { channelOf, parseChannelRule, type ChannelRule } from './channel-rule';
import { CHANNEL_ROOT } from './dimension-values';

const firstSegment: ChannelRule = { kind: 'segment', index: 0 };
const secondSegment: ChannelRule = { kind: 'segment', index: 1 };

describe('parseChannelRule', () => {
  it('accepts segment:<n>', () => {
    expect(parseChannelRule('segment:2')).toEqual({
      ok: true,
      rule: { kind: 'segment', index: 2 },
    });
  });

  it('accepts none', () => {
    expect(parseChannelRule('none')).toEqual({ ok: true, rule: { kind: 'none' } });
  });

  it.each(['', 'segment', 'segment:', 'segment:-1', 'segment:1.5', 'segment:33', 'prefix', 'NONE'])(
    'rejects %j with a problem that quotes it',
    (text) => {
      const result = parseChannelRule(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toContain(JSON.stringify(text));
    },
  );
});

describe('channelOf', () => {
  it('takes the n-th directory segment of the key', () => {
    expect(channelOf(firstSegment, 'live-1/720p/index.m3u8')).toBe('live-1');
    expect(channelOf(secondSegment, 'live-1/720p/index.m3u8')).toBe('720p');
  });

  it('never takes the object name as a channel: a key at the bucket root is (root)', () => {
    expect(channelOf(firstSegment, 'index.m3u8')).toBe(CHANNEL_ROOT);
  });

  it('falls back to (root) when the key has fewer directory segments than the rule asks for', () => {
    expect(channelOf(secondSegment, 'live-1/index.m3u8')).toBe(CHANNEL_ROOT);
  });

  it('falls back to (root) for an empty or blank segment', () => {
    expect(channelOf(firstSegment, '/live-1/index.m3u8')).toBe(CHANNEL_ROOT);
    expect(channelOf(secondSegment, 'live-1//index.m3u8')).toBe(CHANNEL_ROOT);
    expect(channelOf(firstSegment, '   /index.m3u8')).toBe(CHANNEL_ROOT);
  });

  it('percent-encodes non-ASCII segments (CloudWatch accepts ASCII dimension values only)', () => {
    expect(channelOf(firstSegment, 'chaîne/index.m3u8')).toBe('cha%C3%AEne');
  });

  it('gives no channel without a key', () => {
    expect(channelOf(firstSegment, undefined)).toBeUndefined();
  });

  it('gives no channel under the rule none', () => {
    expect(channelOf({ kind: 'none' }, 'live-1/index.m3u8')).toBeUndefined();
  });
});
