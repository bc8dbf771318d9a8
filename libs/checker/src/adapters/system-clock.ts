import { performance } from 'node:perf_hooks';
import type { Clock } from '../core/ports';

/** The real clock (the only place that reads `Date.now()` and `performance.now()`). */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  alarm: (ms) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, ms));
    });
    return { fired, cancel: () => clearTimeout(timer) };
  },
};
