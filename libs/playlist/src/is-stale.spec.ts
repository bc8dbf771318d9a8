import { fixtureText } from '../test/fixtures';
import { DecideInputError, decide, stalenessDeadline } from './is-stale';
import { parsePlaylist } from './parse-playlist';
import { DEFAULT_STALENESS_POLICY, StalenessPolicyError } from './stale-policy';
import type { MediaPlaylistFacts, ParsedPlaylist, StalenessPolicy } from './types';

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const policy = DEFAULT_STALENESS_POLICY;

function media(fixture: string): MediaPlaylistFacts {
  const parsed = parsePlaylist(fixtureText(fixture));
  if (parsed.kind !== 'media') throw new Error(`${fixture}: ${JSON.stringify(parsed)}`);
  return parsed;
}

function at(
  playlist: ParsedPlaylist,
  nowMs: number,
  lastUpdateMs = T0,
  p: StalenessPolicy = policy,
) {
  return decide({ playlist, lastUpdateMs, nowMs, policy: p });
}

describe('RFC 8216 §6.2.1: a live playlist gets a new version within 1.5 × TARGETDURATION', () => {
  const live = media('ffmpeg-live-sliding-window.m3u8'); // TD 2 s → deadline T0 + 3 s

  it('is fresh before the deadline, with the time remaining', () => {
    expect(at(live, T0 + 1000)).toEqual({
      kind: 'fresh',
      deadlineMs: T0 + 3000,
      remainingMs: 2000,
    });
  });

  it('is still fresh exactly at the deadline (stale means strictly after)', () => {
    expect(at(live, T0 + 3000)).toEqual({ kind: 'fresh', deadlineMs: T0 + 3000, remainingMs: 0 });
  });

  it('is stale 1 ms after the deadline, with the time overdue', () => {
    expect(at(live, T0 + 3001)).toEqual({ kind: 'stale', deadlineMs: T0 + 3001 - 1, overdueMs: 1 });
  });

  it('takes the multiple from the policy', () => {
    const verdict = at(live, T0 + 3001, T0, { ...policy, targetDurationMultiple: 2 });

    expect(verdict).toEqual({ kind: 'fresh', deadlineMs: T0 + 4000, remainingMs: 999 });
  });

  it('adds graceMs to every deadline', () => {
    expect(stalenessDeadline(live, T0, { ...policy, graceMs: 500 })).toBe(T0 + 3500);
  });
});

describe('EXT-X-PLAYLIST-TYPE (RFC 8216 §4.3.3.5)', () => {
  it('EVENT without ENDLIST is live (MediaLive writes EVENT while running) and can go stale', () => {
    const event = media('medialive-event-running.m3u8'); // TD 6 s → 9 s

    expect(at(event, T0 + 9001)).toMatchObject({ kind: 'stale', deadlineMs: T0 + 9000 });
  });

  it('VOD cannot change, so it is never stale', () => {
    expect(at(media('vod-with-endlist.m3u8'), T0 + 86_400_000)).toMatchObject({
      kind: 'not-applicable',
      reason: 'vod',
    });
  });

  it('VOD without ENDLIST is still not applicable', () => {
    const vod: MediaPlaylistFacts = { ...media('vod-with-endlist.m3u8'), hasEndList: false };

    expect(at(vod, T0 + 86_400_000)).toMatchObject({ kind: 'not-applicable', reason: 'vod' });
  });
});

describe('EXT-X-ENDLIST (RFC 8216 §4.3.3.4): no more segments will be added', () => {
  it('ENDLIST appended to a live playlist makes it not applicable', () => {
    expect(at(media('live-endlist-appended.m3u8'), T0 + 86_400_000)).toMatchObject({
      kind: 'not-applicable',
      reason: 'endlist',
      detail: expect.stringContaining('EXT-X-ENDLIST'),
    });
  });

  it('an EVENT playlist that ended is not applicable', () => {
    expect(at(media('medialive-event-ended.m3u8'), T0 + 86_400_000)).toMatchObject({
      reason: 'endlist',
    });
  });
});

describe('LL-HLS (rfc8216bis §6.2.1): a new part within one PART-TARGET', () => {
  const ll = media('ll-hls-parts-preload-hint.m3u8'); // TD 4 s, PART-TARGET 1.004 s

  it('the deadline is min(1.5 × TD, 3 × PART-TARGET): 3.012 s, not 6 s', () => {
    expect(stalenessDeadline(ll, T0, policy)).toBe(T0 + 3012);
    expect(at(ll, T0 + 3013)).toEqual({ kind: 'stale', deadlineMs: T0 + 3012, overdueMs: 1 });
  });

  it('1.5 × TD bounds the deadline when the parts multiple is larger', () => {
    expect(stalenessDeadline(ll, T0, { ...policy, partTargetMultiple: 10 })).toBe(T0 + 6000);
  });
});

describe('I-frame-only playlists (RFC 8216 §4.3.3.6) follow the same rule', () => {
  it('a live I-frame playlist goes stale after 1.5 × TD', () => {
    const iframes = media('iframe-only-live.m3u8'); // TD 4 s → 6 s

    expect(at(iframes, T0 + 6000).kind).toBe('fresh');
    expect(at(iframes, T0 + 6001).kind).toBe('stale');
  });
});

describe('what is not a live media playlist is never stale', () => {
  it('a master playlist is not applicable', () => {
    const master = parsePlaylist(fixtureText('master-redundant-variants.m3u8'));

    expect(at(master, T0 + 86_400_000)).toEqual({
      kind: 'not-applicable',
      reason: 'master',
      detail: expect.stringContaining('2 variant(s)'),
    });
  });

  it('an invalid playlist is not applicable and carries the parse reason', () => {
    const invalid = parsePlaylist(fixtureText('html-error-page.m3u8'));

    expect(at(invalid, T0 + 86_400_000)).toEqual({
      kind: 'not-applicable',
      reason: 'invalid',
      detail: invalid.kind === 'invalid' ? invalid.reason : '',
    });
  });

  it('an unknown kind from a JavaScript caller is treated as invalid', () => {
    const unknown = { kind: 'segment' } as unknown as ParsedPlaylist;

    expect(at(unknown, T0)).toMatchObject({ kind: 'not-applicable', reason: 'invalid' });
  });
});

describe('inputs that cannot be reasoned about throw (nothing may be deleted on them)', () => {
  const live = media('ffmpeg-live-sliding-window.m3u8');

  it('a policy that was not validated throws StalenessPolicyError', () => {
    const bad = { targetDurationMultiple: 0.5, partTargetMultiple: Number.NaN, graceMs: 0 };

    expect(() => at(live, T0, T0, bad)).toThrow(StalenessPolicyError);
  });

  it.each([
    ['nowMs', T0, Number.NaN],
    ['lastUpdateMs', Number.POSITIVE_INFINITY, T0],
  ])('a non-finite %s throws DecideInputError', (_name, lastUpdateMs, nowMs) => {
    expect(() => at(live, nowMs, lastUpdateMs)).toThrow(DecideInputError);
  });

  it('facts with a target duration of 0 throw DecideInputError', () => {
    expect(() => stalenessDeadline({ ...live, targetDurationMs: 0 }, T0, policy)).toThrow(
      /targetDurationMs must be a finite number > 0/,
    );
  });

  it('DecideInputError is a typed error with its name', () => {
    const error = new DecideInputError('x');

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DecideInputError');
  });
});
