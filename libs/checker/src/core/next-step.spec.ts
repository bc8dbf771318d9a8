import {
  ASK_BEFORE_WAIT_MIN_MS,
  INLINE_WAIT_HEADROOM_MS,
  INLINE_WAIT_MAX_MS,
  MAX_INLINE_CHECKS,
  nextStep,
  postponeSeconds,
  type NextStep,
  type StepInputs,
} from './next-step';

const DEADLINE = 1_000_000;
const AMPLE = 60_000;

/** S3's lower bound and the local clock `ms` before the deadline (negative: past it). */
function before(ms: number, overrides: Partial<StepInputs> = {}): StepInputs {
  return {
    deadlineMs: DEADLINE,
    s3NowLowerBoundMs: DEADLINE - ms,
    localNowMs: DEADLINE - ms,
    remainingMs: AMPLE,
    askedS3: false,
    checksDone: 0,
    ...overrides,
  };
}

describe('nextStep: wait inline, check, or postpone', () => {
  it.each<[string, StepInputs, NextStep]>([
    [
      'far: postponed to the last whole second before the deadline',
      before(5_400),
      { kind: 'postpone', delaySeconds: 5 },
    ],
    [
      'exactly whole seconds away: back at the deadline',
      before(3_000),
      { kind: 'postpone', delaySeconds: 3 },
    ],
    [
      'just over the inline limit: postponed 1 s',
      before(INLINE_WAIT_MAX_MS + 1),
      { kind: 'postpone', delaySeconds: 1 },
    ],
    [
      'at the inline limit, S3 not asked yet: a look first (a replaced version needs no wait)',
      before(INLINE_WAIT_MAX_MS),
      { kind: 'check-now' },
    ],
    [
      'at the inline limit, S3 asked: waited, landing 1 ms past the deadline',
      before(INLINE_WAIT_MAX_MS, { askedS3: true }),
      { kind: 'wait-then-check', waitMs: INLINE_WAIT_MAX_MS + 1 },
    ],
    ['sub-second, S3 not asked yet: a look first', before(600), { kind: 'check-now' }],
    [
      'sub-second, in a batch that waits anyway: no look, waited, landing 1 ms past the deadline',
      before(600, { lookBeforeWait: false }),
      { kind: 'wait-then-check', waitMs: 601 },
    ],
    [
      'past the deadline, in a batch that waits anyway: checked now',
      before(-5, { lookBeforeWait: false }),
      { kind: 'check-now' },
    ],
    [
      'far, in a batch that waits anyway: postponed as ever',
      before(5_400, { lookBeforeWait: false }),
      { kind: 'postpone', delaySeconds: 5 },
    ],
    [
      'sub-second, S3 asked: waited, landing 1 ms past the deadline',
      before(600, { askedS3: true }),
      { kind: 'wait-then-check', waitMs: 601 },
    ],
    [
      'a wait shorter than a look is worth: waited without asking S3',
      before(ASK_BEFORE_WAIT_MIN_MS - 1),
      { kind: 'wait-then-check', waitMs: ASK_BEFORE_WAIT_MIN_MS },
    ],
    ['at the deadline (still fresh): 1 ms more', before(0), { kind: 'wait-then-check', waitMs: 1 }],
    ['past the deadline: checked now', before(-250), { kind: 'check-now' }],
    [
      'far, after a batch whose 1 s window ran out: postponed a window earlier (it sits up to 1 s in the next one)',
      before(5_400, { windowLeadMs: 1_000 }),
      { kind: 'postpone', delaySeconds: 4 },
    ],
    [
      'window lead: delivered sooner than the window, S3 asked: waited up to inline limit + lead',
      before(1_500, { windowLeadMs: 1_000, askedS3: true }),
      { kind: 'wait-then-check', waitMs: 1_501 },
    ],
    [
      'the same without a window lead: postponed again',
      before(1_500, { askedS3: true }),
      { kind: 'postpone', delaySeconds: 1 },
    ],
    [
      'window lead: beyond inline limit + lead, postponed',
      before(2_001, { windowLeadMs: 1_000, askedS3: true }),
      { kind: 'postpone', delaySeconds: 1 },
    ],
    [
      'sub-second but the invocation is ending: postponed (comes back at once)',
      before(600, { remainingMs: INLINE_WAIT_HEADROOM_MS + 599, askedS3: true }),
      { kind: 'postpone', delaySeconds: 0 },
    ],
    [
      'sub-second with just enough invocation left: waited',
      before(600, { remainingMs: INLINE_WAIT_HEADROOM_MS + 600, askedS3: true }),
      { kind: 'wait-then-check', waitMs: 601 },
    ],
    [
      'loose S3 bound, local clock says due, S3 not asked yet: checked now (the HEAD’s Date tightens it)',
      before(4_000, { localNowMs: DEADLINE - 500 }),
      { kind: 'check-now' },
    ],
    [
      'loose S3 bound, local clock says due, S3 asked already: postponed by the S3 bound',
      before(4_000, { localNowMs: DEADLINE - 500, askedS3: true }),
      { kind: 'postpone', delaySeconds: 4 },
    ],
    [
      'local clock says far, S3 bound says far: postponed, S3 not asked',
      before(4_000, { localNowMs: DEADLINE - 4_000 }),
      { kind: 'postpone', delaySeconds: 4 },
    ],
    [
      'local clock fast (says past), S3 bound says sub-second: waited by the S3 bound, never earlier',
      before(700, { localNowMs: DEADLINE + 5_000, askedS3: true }),
      { kind: 'wait-then-check', waitMs: 701 },
    ],
    [
      `${MAX_INLINE_CHECKS} not-due answers already: postponed`,
      before(300, { checksDone: MAX_INLINE_CHECKS, askedS3: true }),
      { kind: 'postpone', delaySeconds: 0 },
    ],
    [
      'past the deadline, invocation ending, S3 asked already: postponed (comes back at once)',
      before(-100, { remainingMs: 1_000, askedS3: true }),
      { kind: 'postpone', delaySeconds: 0 },
    ],
  ])('%s', (_name, inputs, expected) => {
    expect(nextStep(inputs)).toEqual(expected);
  });

  it('once S3 was asked, never plans another check before the S3-clock lower bound passes the deadline', () => {
    for (let ms = -2_000; ms <= 2_000; ms += 7) {
      for (const localSkew of [-5_000, 0, 5_000]) {
        const inputs = before(ms, { localNowMs: DEADLINE - ms + localSkew, askedS3: true });
        const step = nextStep(inputs);
        if (step.kind === 'wait-then-check') {
          expect(inputs.s3NowLowerBoundMs + step.waitMs).toBeGreaterThan(DEADLINE);
        }
        if (step.kind === 'check-now') expect(inputs.s3NowLowerBoundMs).toBeGreaterThan(DEADLINE);
      }
    }
  });
});

describe('nextStep under INLINE_WAIT_MAX_MS below 1 s: waits at most that long, checks less than 1 s late', () => {
  it.each<[string, number, StepInputs, NextStep]>([
    [
      '0 ms, a deadline 2.9 s away: postponed 3 s (back 100 ms after it, no wait)',
      0,
      before(2_900, { inlineWaitMaxMs: 0 }),
      { kind: 'postpone', delaySeconds: 3 },
    ],
    [
      '0 ms, 400 ms before the deadline, S3 asked: postponed 1 s instead of waiting',
      0,
      before(400, { inlineWaitMaxMs: 0, askedS3: true }),
      { kind: 'postpone', delaySeconds: 1 },
    ],
    [
      '0 ms, past the deadline: checked now',
      0,
      before(-5, { inlineWaitMaxMs: 0 }),
      { kind: 'check-now' },
    ],
    [
      '250 ms, 200 ms before the deadline: waited inline',
      250,
      before(200, { inlineWaitMaxMs: 250, askedS3: true }),
      { kind: 'wait-then-check', waitMs: 201 },
    ],
    [
      '250 ms, 600 ms before the deadline, S3 asked: postponed 1 s (back 400 ms after it)',
      250,
      before(600, { inlineWaitMaxMs: 250, askedS3: true }),
      { kind: 'postpone', delaySeconds: 1 },
    ],
  ])('%s', (_name, _max, inputs, expected) => {
    expect(nextStep(inputs)).toEqual(expected);
  });

  it.each([0, 1, 250, 999])(
    'postponeSeconds(·, %d) brings a message back at most that long before its deadline and less than 1 s after it',
    (inlineWaitMaxMs) => {
      for (let waitMs = 1; waitMs <= 10_000; waitMs += 13) {
        const backAtMs = postponeSeconds(waitMs, inlineWaitMaxMs) * 1000;
        expect(waitMs - backAtMs).toBeLessThanOrEqual(inlineWaitMaxMs);
        expect(backAtMs - waitMs).toBeLessThan(1000 - inlineWaitMaxMs);
      }
    },
  );

  it.each([0, 250, 500, 1_000])(
    'postponeSeconds(·, %d, 1 s lead): the same bounds, around a point one window before the deadline',
    (inlineWaitMaxMs) => {
      const leadMs = 1_000;
      for (let waitMs = leadMs + 1; waitMs <= 10_000; waitMs += 13) {
        const backAtMs = postponeSeconds(waitMs, inlineWaitMaxMs, leadMs) * 1000;
        expect(waitMs - leadMs - backAtMs).toBeLessThanOrEqual(inlineWaitMaxMs);
        expect(backAtMs - (waitMs - leadMs)).toBeLessThan(Math.max(1000 - inlineWaitMaxMs, 1));
      }
    },
  );

  it('postponeSeconds at 1,000 ms is the last whole second before the deadline', () => {
    expect(postponeSeconds(2_900, 1_000)).toBe(2);
    expect(postponeSeconds(3_000, 1_000)).toBe(3);
    expect(postponeSeconds(2_900)).toBe(2);
  });
});
