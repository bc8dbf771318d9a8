import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/ports';

/** The real clock (the only place that reads `Date.now()` and `performance.now()`). */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
