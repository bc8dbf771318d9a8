import type { Clock } from '../core/ports';

/**
 * A clock tests drive by hand: `sleep` advances time at once (and runs `onAdvance`), so a simulated minute
 * takes microseconds. `offsetMs` makes it run ahead of (or behind) the "true" time it is built on.
 */
export class FakeClock implements Clock {
  onAdvance: (nowMs: number) => void = () => {};

  constructor(
    private trueNowMs: number,
    readonly offsetMs = 0,
  ) {}

  /** The checker's (possibly skewed) reading. */
  nowMs(): number {
    return this.trueNowMs + this.offsetMs;
  }

  /** The true time (S3's clock in the simulations). */
  trueMs(): number {
    return this.trueNowMs;
  }

  advanceTo(trueMs: number): void {
    if (trueMs > this.trueNowMs) this.trueNowMs = trueMs;
    this.onAdvance(this.trueNowMs);
  }

  async sleep(ms: number): Promise<void> {
    this.advanceTo(this.trueNowMs + Math.max(0, ms));
  }
}
