import type { Clock } from '../src/clock';

/** A clock that moves only when told. */
export class FakeClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** 2026-01-01T00:00:00.000Z: a minute boundary, so aggregation periods are easy to read. */
export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
