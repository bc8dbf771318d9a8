import { timeCalls, TimeCallsOptionsError } from './time-calls';

/** A clock that only moves when the work says so: each call of the work costs `msPerCall`. */
function fakeWork(msPerCall: (callIndex: number) => number) {
  let t = 0;
  let calls = 0;
  return {
    now: () => t,
    work: () => {
      t += msPerCall(calls);
      calls += 1;
      return calls;
    },
    calls: () => calls,
  };
}

describe('timeCalls', () => {
  it('warms up untimed, then gives one sample per round: the mean ms per call', () => {
    // Warm-up: one call, then 9 ms more of 1 ms calls (10 calls); then rounds of 4 calls costing 2, 3, 4 ms.
    const cost = (i: number) => (i < 10 ? 1 : i < 14 ? 2 : i < 18 ? 3 : 4);
    const f = fakeWork(cost);
    const timed = timeCalls(f.work, {
      warmUpMs: 9,
      rounds: 3,
      perRound: { iterations: 4 },
      now: f.now,
    });
    expect(timed.msPerCall).toEqual([2, 3, 4]);
    expect(timed.calls).toBe(12);
    expect(f.calls()).toBe(22);
    expect(timed.last).toBe(22);
  });

  it('a time budget runs each round until the budget is spent', () => {
    const f = fakeWork(() => 3);
    const timed = timeCalls(f.work, {
      warmUpMs: 0,
      rounds: 2,
      perRound: { budgetMs: 10 },
      now: f.now,
    });
    // 4 calls of 3 ms reach 12 ms ≥ 10 ms.
    expect(timed.msPerCall).toEqual([3, 3]);
    expect(timed.calls).toBe(8);
  });

  it('a round calls the work at least once, even when one call outlasts the budget', () => {
    const f = fakeWork(() => 50);
    const timed = timeCalls(f.work, {
      warmUpMs: 0,
      rounds: 3,
      perRound: { budgetMs: 1 },
      now: f.now,
    });
    expect(timed.msPerCall).toEqual([50, 50, 50]);
    expect(timed.calls).toBe(3);
  });

  it('calls the work at least once before measuring, even with no warm-up time', () => {
    const f = fakeWork(() => 1);
    timeCalls(f.work, { warmUpMs: 0, rounds: 1, perRound: { iterations: 1 }, now: f.now });
    expect(f.calls()).toBe(2);
  });

  it.each([
    { rounds: 0, perRound: { iterations: 1 }, warmUpMs: 0 },
    { rounds: 1.5, perRound: { iterations: 1 }, warmUpMs: 0 },
    { rounds: 1, perRound: { iterations: 0 }, warmUpMs: 0 },
    { rounds: 1, perRound: { budgetMs: -1 }, warmUpMs: 0 },
    { rounds: 1, perRound: { budgetMs: Number.NaN }, warmUpMs: 0 },
    { rounds: 1, perRound: { iterations: 1 }, warmUpMs: -5 },
  ])('rejects %p before calling the work', (options) => {
    const work = jest.fn();
    expect(() => timeCalls(work, options)).toThrow(TimeCallsOptionsError);
    expect(work).not.toHaveBeenCalled();
  });

  it('times real work with the real clock', () => {
    const timed = timeCalls(() => Math.sqrt(2), {
      warmUpMs: 0,
      rounds: 2,
      perRound: { iterations: 100 },
    });
    expect(timed.msPerCall).toHaveLength(2);
    for (const ms of timed.msPerCall) expect(ms).toBeGreaterThanOrEqual(0);
    expect(timed.last).toBe(Math.SQRT2);
  });
});
