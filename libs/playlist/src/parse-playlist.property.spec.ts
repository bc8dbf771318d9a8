import fc from 'fast-check';
import { hlsLikeTextArb } from '../test/arbitraries';
import { numRuns } from '../test/fast-check-runs';
import { reasonToKeepText } from '../test/oracles';
import { decide } from './is-stale';
import { parsePlaylist } from './parse-playlist';
import { DEFAULT_STALENESS_POLICY } from './stale-policy';

const KINDS = ['media', 'master', 'invalid'];
const timeArb = fc.integer({ min: 0, max: 4_000_000_000_000 });

describe('parsePlaylist properties', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        expect(KINDS).toContain(parsePlaylist(text).kind);
      }),
      { numRuns: numRuns(500) },
    );
  });

  it('never throws on arbitrary byte sequences decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        expect(KINDS).toContain(parsePlaylist(Buffer.from(bytes).toString('utf8')).kind);
      }),
      { numRuns: numRuns(500) },
    );
  });

  it('never throws on playlist-like text, and an invalid result always has a reason', () => {
    fc.assert(
      fc.property(hlsLikeTextArb, (text) => {
        const parsed = parsePlaylist(text);
        expect(KINDS).toContain(parsed.kind);
        if (parsed.kind === 'invalid') expect(parsed.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: numRuns(1000) },
    );
  });

  it('master, VOD, ENDLIST and invalid text is never stale, whatever the times', () => {
    fc.assert(
      fc.property(hlsLikeTextArb, timeArb, timeArb, (text, lastUpdateMs, nowMs) => {
        const parsed = parsePlaylist(text);
        const verdict = decide({
          playlist: parsed,
          lastUpdateMs,
          nowMs,
          policy: DEFAULT_STALENESS_POLICY,
        });
        const keep = reasonToKeepText(text);
        if (keep !== undefined)
          expect({ keep, verdict: verdict.kind }).not.toEqual({ keep, verdict: 'stale' });
        if (parsed.kind !== 'media' || parsed.playlistType === 'vod' || parsed.hasEndList) {
          expect(verdict.kind).toBe('not-applicable');
        }
      }),
      { numRuns: numRuns(1000) },
    );
  });
});
