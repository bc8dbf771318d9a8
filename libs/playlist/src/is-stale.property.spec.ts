import fc from 'fast-check';
import { hlsLikeTextArb } from '../test/arbitraries';
import { numRuns } from '../test/fast-check-runs';
import { decide, stalenessDeadline } from './is-stale';
import { parsePlaylist } from './parse-playlist';
import { StalenessPolicyError, validatePolicy } from './stale-policy';
import type { MediaPlaylistFacts, ParsedPlaylist, StalenessPolicy } from './types';

const timeArb = fc.integer({ min: 0, max: 4_000_000_000_000 });

const mediaFactsArb: fc.Arbitrary<MediaPlaylistFacts> = fc.record(
  {
    kind: fc.constant('media' as const),
    playlistType: fc.constantFrom('live' as const, 'event' as const, 'vod' as const),
    targetDurationMs: fc.integer({ min: 1, max: 120 }).map((s) => s * 1000),
    partTargetMs: fc.integer({ min: 1, max: 10_000 }),
    mediaSequence: fc.nat(),
    discontinuitySequence: fc.nat(),
    hasEndList: fc.boolean(),
    iFramesOnly: fc.boolean(),
  },
  {
    requiredKeys: [
      'kind',
      'playlistType',
      'targetDurationMs',
      'mediaSequence',
      'discontinuitySequence',
      'hasEndList',
      'iFramesOnly',
    ],
  },
);

const parsedArb: fc.Arbitrary<ParsedPlaylist> = fc.oneof(
  { weight: 6, arbitrary: mediaFactsArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('master' as const),
      variantCount: fc.nat({ max: 50 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('invalid' as const), reason: fc.string() }),
  },
  { weight: 2, arbitrary: hlsLikeTextArb.map(parsePlaylist) },
);

const policyArb: fc.Arbitrary<StalenessPolicy> = fc.record({
  targetDurationMultiple: fc.double({ min: 1, max: 10, noNaN: true }),
  partTargetMultiple: fc.double({ min: 1, max: 10, noNaN: true }),
  graceMs: fc.double({ min: 0, max: 60_000, noNaN: true }),
});

describe('decide properties', () => {
  it('is monotonic in nowMs: once stale, stale for any later now; fresh now means fresh before', () => {
    fc.assert(
      fc.property(
        parsedArb,
        policyArb,
        timeArb,
        timeArb,
        fc.nat({ max: 1_000_000 }),
        (playlist, policy, lastUpdateMs, nowMs, laterBy) => {
          const earlier = decide({ playlist, lastUpdateMs, nowMs, policy });
          const later = decide({ playlist, lastUpdateMs, nowMs: nowMs + laterBy, policy });
          if (earlier.kind === 'stale') expect(later.kind).toBe('stale');
          if (later.kind === 'fresh') expect(earlier.kind).toBe('fresh');
          expect(later.kind === 'not-applicable').toBe(earlier.kind === 'not-applicable');
          if (earlier.kind !== 'not-applicable' && later.kind !== 'not-applicable') {
            expect(later.deadlineMs).toBe(earlier.deadlineMs);
          }
        },
      ),
      { numRuns: numRuns(1000) },
    );
  });

  it('stale exactly when now > deadline, and the deadline is never earlier than 1 × the tightest interval', () => {
    fc.assert(
      fc.property(
        mediaFactsArb,
        policyArb,
        timeArb,
        timeArb,
        (playlist, policy, lastUpdateMs, nowMs) => {
          const live: MediaPlaylistFacts = { ...playlist, playlistType: 'live', hasEndList: false };
          const deadline = stalenessDeadline(live, lastUpdateMs, policy);
          const verdict = decide({ playlist: live, lastUpdateMs, nowMs, policy });
          expect(verdict.kind).toBe(nowMs > deadline ? 'stale' : 'fresh');
          const tightest = Math.min(
            live.targetDurationMs,
            live.partTargetMs ?? Number.POSITIVE_INFINITY,
          );
          expect(deadline).toBeGreaterThanOrEqual(lastUpdateMs + tightest);
        },
      ),
      { numRuns: numRuns(1000) },
    );
  });
});

describe('validatePolicy properties', () => {
  it('on any input returns a usable policy or throws StalenessPolicyError, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              targetDurationMultiple: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
              partTargetMultiple: fc.oneof(fc.double(), fc.integer()),
              graceMs: fc.oneof(fc.double(), fc.boolean()),
            },
            { requiredKeys: [] },
          ),
        ),
        (input) => {
          let policy: StalenessPolicy;
          try {
            policy = validatePolicy(input);
          } catch (error) {
            expect(error).toBeInstanceOf(StalenessPolicyError);
            expect((error as StalenessPolicyError).problems.length).toBeGreaterThan(0);
            return;
          }
          expect(policy.targetDurationMultiple).toBeGreaterThanOrEqual(1);
          expect(policy.partTargetMultiple).toBeGreaterThanOrEqual(1);
          expect(policy.graceMs).toBeGreaterThanOrEqual(0);
          expect(
            Number.isFinite(
              policy.targetDurationMultiple + policy.partTargetMultiple + policy.graceMs,
            ),
          ).toBe(true);
        },
      ),
      { numRuns: numRuns(1000) },
    );
  });
});
