import { DEFAULT_STALENESS_POLICY, StalenessPolicyError, validatePolicy } from './stale-policy';

function problemsOf(input: unknown): string[] {
  try {
    validatePolicy(input);
  } catch (error) {
    if (error instanceof StalenessPolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected a StalenessPolicyError');
}

describe('DEFAULT_STALENESS_POLICY', () => {
  it('is the RFC 8216 §6.2.1 rule: 1.5 × TD, 3 × PART-TARGET, no grace', () => {
    expect(DEFAULT_STALENESS_POLICY).toEqual({
      targetDurationMultiple: 1.5,
      partTargetMultiple: 3,
      graceMs: 0,
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_STALENESS_POLICY)).toBe(true);
  });
});

describe('validatePolicy', () => {
  it('fills every default for undefined or {}', () => {
    expect(validatePolicy(undefined)).toEqual(DEFAULT_STALENESS_POLICY);
    expect(validatePolicy({})).toEqual(DEFAULT_STALENESS_POLICY);
  });

  it('keeps given values and fills the rest', () => {
    expect(validatePolicy({ targetDurationMultiple: 2, graceMs: 250 })).toEqual({
      targetDurationMultiple: 2,
      partTargetMultiple: 3,
      graceMs: 250,
    });
  });

  it('refuses values whose deadline could overflow: multiples above 10, grace above 10 minutes', () => {
    expect(
      problemsOf({ targetDurationMultiple: 1e308, partTargetMultiple: 11, graceMs: 1.79e308 }),
    ).toEqual([
      'targetDurationMultiple must be ≤ 10, got 1e+308',
      'partTargetMultiple must be ≤ 10, got 11',
      'graceMs must be ≤ 600000, got 1.79e+308',
    ]);
  });

  it('accepts the boundaries: multiples of exactly 1, grace of exactly 0', () => {
    expect(
      validatePolicy({ targetDurationMultiple: 1, partTargetMultiple: 1, graceMs: 0 }),
    ).toEqual({
      targetDurationMultiple: 1,
      partTargetMultiple: 1,
      graceMs: 0,
    });
  });

  it('returns a new object each time (the default cannot be mutated through it)', () => {
    const policy = validatePolicy(undefined);
    policy.graceMs = 10;

    expect(DEFAULT_STALENESS_POLICY.graceMs).toBe(0);
  });

  it('lists every problem in one error', () => {
    expect(
      problemsOf({
        targetDurationMultiple: 0.5,
        partTargetMultiple: Number.NaN,
        graceMs: -1,
        gracems: 5,
      }),
    ).toEqual([
      'unknown key "gracems"',
      'targetDurationMultiple must be ≥ 1, got 0.5',
      'partTargetMultiple must not be NaN',
      'graceMs must be ≥ 0, got -1',
    ]);
  });

  it.each([
    [{ targetDurationMultiple: '1.5' }, 'targetDurationMultiple must be a number, got string'],
    [{ partTargetMultiple: null }, 'partTargetMultiple must be a number, got null'],
    [{ graceMs: Number.POSITIVE_INFINITY }, 'graceMs must be finite, got Infinity'],
    [{ targetDurationMultiple: 1n }, 'targetDurationMultiple must be a number, got bigint'],
    [{ graceMs: [0] }, 'graceMs must be a number, got array'],
  ])('rejects %p', (input, problem) => {
    expect(problemsOf(input)).toEqual([problem]);
  });

  it.each([[null], ['1.5'], [42], [[1.5, 3, 0]]])('rejects a non-object policy %p', (input) => {
    expect(problemsOf(input)).toEqual([expect.stringMatching(/^policy must be an object, got /)]);
  });

  it('the error is typed: name, message listing the problems, problems array', () => {
    const error = new StalenessPolicyError(['a', 'b'], { cause: new Error('env') });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StalenessPolicyError');
    expect(error.message).toBe('invalid staleness policy: a; b');
    expect(error.problems).toEqual(['a', 'b']);
    expect(error.cause).toBeInstanceOf(Error);
  });
});
