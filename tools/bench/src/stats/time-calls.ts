/** How {@link timeCalls} measures: a warm-up, then `rounds` timed rounds of a fixed size or duration. */
export interface TimeCallsOptions {
  /** Calls the work for this long (at least once) before the first round, untimed, so the JIT has compiled it. */
  readonly warmUpMs: number;
  /** Timed rounds; each gives one sample. */
  readonly rounds: number;
  /**
   * One round: `{ budgetMs }` calls the work until that long has passed (at least once), `{ iterations }`
   * calls it exactly that many times.
   */
  readonly perRound: { readonly budgetMs: number } | { readonly iterations: number };
  /** A monotonic clock in ms; `performance.now` unless a test injects one. */
  readonly now?: () => number;
}

/** What {@link timeCalls} measured. */
export interface TimedCalls<T> {
  /** Mean time of one call in each round, ms, in round order. */
  readonly msPerCall: readonly number[];
  /** Timed calls over all rounds (the warm-up not included). */
  readonly calls: number;
  /** The last call's result: handed back so that no call's work is unobservable to the optimiser. */
  readonly last: T;
}

export class TimeCallsOptionsError extends Error {
  override name = 'TimeCallsOptionsError';
}

/**
 * The benchmarks' one micro-benchmark loop: warm `work` up, then time it in rounds and return one sample
 * (mean ms per call) per round. The caller picks the statistic: the fastest round is the usual one on a
 * shared machine, where other processes only ever slow a round down.
 *
 * @example
 * const { msPerCall } = timeCalls(() => decide(input), { warmUpMs: 200, rounds: 5, perRound: { budgetMs: 200 } });
 * const best = Math.min(...msPerCall);
 */
export function timeCalls<T>(work: () => T, options: TimeCallsOptions): TimedCalls<T> {
  const now = options.now ?? (() => performance.now());
  const { rounds, perRound, warmUpMs } = options;
  if (!(Number.isInteger(rounds) && rounds >= 1)) {
    throw new TimeCallsOptionsError(`rounds must be a whole number ≥ 1, got ${rounds}`);
  }
  if (!(warmUpMs >= 0)) throw new TimeCallsOptionsError(`warmUpMs must be ≥ 0, got ${warmUpMs}`);
  if ('iterations' in perRound) {
    if (!(Number.isInteger(perRound.iterations) && perRound.iterations >= 1)) {
      throw new TimeCallsOptionsError(
        `iterations must be a whole number ≥ 1, got ${perRound.iterations}`,
      );
    }
  } else if (!(perRound.budgetMs >= 0)) {
    throw new TimeCallsOptionsError(`budgetMs must be ≥ 0, got ${perRound.budgetMs}`);
  }

  let last = work();
  const warmUntil = now() + warmUpMs;
  while (now() < warmUntil) last = work();

  const msPerCall: number[] = [];
  let calls = 0;
  for (let round = 0; round < rounds; round += 1) {
    let n = 0;
    const start = now();
    if ('iterations' in perRound) {
      for (; n < perRound.iterations; n += 1) last = work();
    } else {
      const end = start + perRound.budgetMs;
      do {
        last = work();
        n += 1;
      } while (now() < end);
    }
    msPerCall.push((now() - start) / n);
    calls += n;
  }
  return { msPerCall, calls, last };
}
