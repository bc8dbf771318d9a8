import type { Alarm, Clock } from '../core/ports';

interface PendingAlarm {
  atMs: number;
  fire: () => void;
}

/**
 * A clock tests drive by hand: `sleep` advances time at once (and runs `onAdvance`), so a simulated minute
 * takes microseconds. `offsetMs` makes its wall clock run ahead of (or behind) the "true" time it is built
 * on, and `stepWallClock` sets the wall clock like an NTP step or an operator would; the monotonic reading
 * follows true time only.
 */
export class FakeClock implements Clock {
  onAdvance: (nowMs: number) => void = () => {};
  private readonly originMs: number;
  private alarms: PendingAlarm[] = [];

  constructor(
    private trueNowMs: number,
    private wallOffsetMs = 0,
  ) {
    this.originMs = trueNowMs;
  }

  /** How far the wall clock is ahead of true time (negative: behind). */
  get offsetMs(): number {
    return this.wallOffsetMs;
  }

  /** The checker's (possibly skewed) wall-clock reading. */
  nowMs(): number {
    return this.trueNowMs + this.wallOffsetMs;
  }

  /** True time since the clock was built: unaffected by wall-clock steps. */
  monotonicMs(): number {
    return this.trueNowMs - this.originMs;
  }

  /** The true time (S3's clock in the simulations). */
  trueMs(): number {
    return this.trueNowMs;
  }

  /** Sets the wall clock `deltaMs` forwards (or backwards, when negative); true time does not move. */
  stepWallClock(deltaMs: number): void {
    this.wallOffsetMs += deltaMs;
  }

  advanceTo(trueMs: number): void {
    if (trueMs > this.trueNowMs) this.trueNowMs = trueMs;
    const due = this.alarms.filter((a) => a.atMs <= this.trueNowMs);
    this.alarms = this.alarms.filter((a) => a.atMs > this.trueNowMs);
    for (const alarm of due) alarm.fire();
    this.onAdvance(this.trueNowMs);
  }

  async sleep(ms: number): Promise<void> {
    this.advanceTo(this.trueNowMs + Math.max(0, ms));
  }

  alarm(ms: number): Alarm {
    let fire = () => {};
    const fired = new Promise<void>((resolve) => {
      fire = resolve;
    });
    const pending = { atMs: this.trueNowMs + Math.max(0, ms), fire };
    if (ms <= 0) fire();
    else this.alarms.push(pending);
    return {
      fired,
      cancel: () => {
        this.alarms = this.alarms.filter((a) => a !== pending);
      },
    };
  }
}
