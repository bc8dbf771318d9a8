import {
  MAX_TOTAL_VISIBILITY_MS,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  TOTAL_VISIBILITY_MARGIN_MS,
  visibilityLeftSeconds,
  visibilityTimeoutSeconds,
  type ResumeAt,
  type VisibilityClocks,
} from './visibility-timeout';

const NOW = 1_000_000_000;
const clocks = (overrides: Partial<VisibilityClocks> = {}): VisibilityClocks => ({
  s3NowLowerBoundMs: NOW,
  localNowMs: NOW,
  firstReceivedMs: NOW,
  ...overrides,
});
const HOUR = 3_600_000;

describe('visibilityTimeoutSeconds: when a postponed message comes back', () => {
  it.each<[string, ResumeAt, VisibilityClocks, number]>([
    [
      'a deadline 2.9 s away: back 2 s from now, the rest waited inline',
      { kind: 'deadline', deadlineMs: NOW + 2_900 },
      clocks(),
      2,
    ],
    ['a deadline 3 s away: back at it', { kind: 'deadline', deadlineMs: NOW + 3_000 }, clocks(), 3],
    [
      'a deadline 2.9 s away, INLINE_WAIT_MAX_MS 250: back 3 s from now, 100 ms after it',
      { kind: 'deadline', deadlineMs: NOW + 2_900, inlineWaitMaxMs: 250 },
      clocks(),
      3,
    ],
    [
      'a deadline 3.2 s away, INLINE_WAIT_MAX_MS 250: back 3 s from now, the last 200 ms waited inline',
      { kind: 'deadline', deadlineMs: NOW + 3_200, inlineWaitMaxMs: 250 },
      clocks(),
      3,
    ],
    [
      'a deadline counted on S3’s clock, not the local one',
      { kind: 'deadline', deadlineMs: NOW + 3_000 },
      clocks({ localNowMs: NOW + 5_000 }),
      3,
    ],
    ['a deadline already past: at once', { kind: 'deadline', deadlineMs: NOW - 10 }, clocks(), 0],
    [
      'the valve’s window ending in 41.2 s: back 42 s from now, after it',
      { kind: 'valve-window', windowEndsMs: NOW + 41_200 },
      clocks(),
      42,
    ],
    [
      'the valve’s window ending now: at once',
      { kind: 'valve-window', windowEndsMs: NOW },
      clocks(),
      0,
    ],
    ['an undecided message at the end of the invocation: at once', { kind: 'now' }, clocks(), 0],
    [
      'a deadline a day away: the API’s maximum',
      { kind: 'deadline', deadlineMs: NOW + 24 * HOUR },
      clocks({ firstReceivedMs: undefined }),
      MAX_VISIBILITY_TIMEOUT_SECONDS,
    ],
    [
      'a deadline 2 h away, first received 11 h ago: within 12 h of the first receive',
      { kind: 'deadline', deadlineMs: NOW + 2 * HOUR },
      clocks({ firstReceivedMs: NOW - 11 * HOUR }),
      (HOUR - TOTAL_VISIBILITY_MARGIN_MS) / 1000,
    ],
    [
      'first received more than 12 h ago: at once',
      { kind: 'deadline', deadlineMs: NOW + 60_000 },
      clocks({ firstReceivedMs: NOW - 13 * HOUR }),
      0,
    ],
  ])('%s', (_name, resumeAt, at, expected) => {
    expect(visibilityTimeoutSeconds(resumeAt, at)).toBe(expected);
  });

  it('never reaches past 12 h after the first receive (while there is time left)', () => {
    for (let agoMs = 0; agoMs <= MAX_TOTAL_VISIBILITY_MS; agoMs += 997_000) {
      const at = clocks({ firstReceivedMs: NOW - agoMs });
      const seconds = visibilityLeftSeconds(at);
      expect(NOW + seconds * 1000).toBeLessThanOrEqual(NOW - agoMs + MAX_TOTAL_VISIBILITY_MS);
      expect(seconds).toBeLessThanOrEqual(MAX_VISIBILITY_TIMEOUT_SECONDS);
      expect(seconds).toBeGreaterThanOrEqual(0);
    }
  });
});
