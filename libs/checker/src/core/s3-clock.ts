import type { Clock } from './ports';

/** How long a clock-offset sample is trusted (clocks drift slowly; instances live for hours). */
export const CLOCK_SAMPLE_TTL_MS = 10 * 60_000;

interface Sample {
  /** An upper bound of (local clock − S3 clock), ms. */
  upperBoundMs: number;
  observedAtMs: number;
}

/**
 * A lower bound of "now on S3's clock", from the local clock and what S3 told us.
 *
 * Every S3 timestamp `t` we see was produced no later than the moment we received it, so
 * (local clock − S3 clock) ≤ receivedAtLocal − t. The smallest such bound over recent samples gives
 * `s3Now ≥ localNow − bound`. Checking against this lower bound means a checker whose clock runs fast
 * can be late, never early: a playlist is never judged stale before its deadline by S3's clock.
 *
 * Samples: an event's millisecond `eventTime` (exact) and a response's `Date` header (whole seconds,
 * truncated, so it gives `receivedAt − date` which may overstate the offset by up to 1 s).
 *
 * @example
 * const s3Clock = new S3Clock(systemClock);
 * s3Clock.observeEventTime(Date.parse(record.eventTime));
 * if (s3Clock.nowLowerBoundMs() > deadlineMs) { ... }
 */
export class S3Clock {
  private readonly samples: Sample[] = [];

  constructor(private readonly clock: Clock) {}

  /** An S3 event's `eventTime` (ms), just received. */
  observeEventTime(eventTimeMs: number): void {
    this.add(this.clock.nowMs() - eventTimeMs);
  }

  /** A response `Date` header (whole seconds), received at `receivedAtMs` on the local clock. */
  observeServerDate(serverDateMs: number, receivedAtMs = this.clock.nowMs()): void {
    this.add(receivedAtMs - serverDateMs);
  }

  /** The current upper bound of (local − S3) in ms; 0 (trust the local clock) before any sample. */
  offsetUpperBoundMs(): number {
    this.expire();
    if (this.samples.length === 0) return 0;
    return Math.min(...this.samples.map((s) => s.upperBoundMs));
  }

  /** Now on S3's clock, never later than the truth (given correct S3 timestamps). */
  nowLowerBoundMs(): number {
    return this.clock.nowMs() - this.offsetUpperBoundMs();
  }

  /** Converts a time on S3's clock to the local clock, conservatively (never earlier). */
  toLocalMs(s3TimeMs: number): number {
    return s3TimeMs + this.offsetUpperBoundMs();
  }

  private add(upperBoundMs: number): void {
    if (!Number.isFinite(upperBoundMs)) return;
    this.samples.push({ upperBoundMs, observedAtMs: this.clock.nowMs() });
    // Keep the window small: only samples that can still be the minimum matter.
    if (this.samples.length > 64) {
      this.samples.sort((a, b) => a.upperBoundMs - b.upperBoundMs);
      this.samples.length = 32;
    }
  }

  private expire(): void {
    const oldest = this.clock.nowMs() - CLOCK_SAMPLE_TTL_MS;
    for (let i = this.samples.length - 1; i >= 0; i -= 1) {
      if ((this.samples[i]?.observedAtMs ?? 0) < oldest) this.samples.splice(i, 1);
    }
  }
}
