import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/ports';

/** setTimeout fires at once past this delay (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The real clock (the only place that reads `Date.now()` and `performance.now()`). */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  alarm: (ms) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fired = new Promise<void>((resolve) => {
      // A delay that is not a number or too far away never fires (rather than at once).
      if (ms <= MAX_TIMER_DELAY_MS) timer = setTimeout(resolve, Math.max(0, ms));
    });
    return { fired, cancel: () => clearTimeout(timer) };
  },
};
