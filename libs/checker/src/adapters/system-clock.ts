import type { Clock } from '../core/ports';

/** The real clock (the only place that reads `Date.now()`). */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
