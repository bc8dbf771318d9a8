import type { Clock } from './ports';

/** How long a clock-offset sample is trusted (clocks drift slowly; instances live for hours). */
export const CLOCK_SAMPLE_TTL_MS = 10 * 60_000;

interface Sample {
  /** An upper bound of (monotonic clock − S3 clock), ms. */
  upperBoundMs: number;
  /** Monotonic reading when the sample was taken. */
  observedAtMs: number;
}

/**
 * A lower bound of "now on S3's clock", from the local monotonic clock and what S3 told us.
 *
 * Every S3 timestamp `t` we see was produced no later than the moment we received it, so
 * (monotonic − S3 clock) ≤ receivedAtMonotonic − t. The smallest such bound over recent samples gives
 * `s3Now ≥ monotonicNow − bound`. Checking against this lower bound means a checker whose clock runs fast
 * can be late, never early: a playlist is never judged stale before its deadline by S3's clock.
 * The offset is measured against the monotonic clock, so setting the wall clock (an NTP step, an operator)
 * between two samples moves nothing: only time that really passed does. Before any sample the wall clock
 * is all there is.
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
    this.add(this.clock.monotonicMs() - eventTimeMs);
  }

  /**
   * A response `Date` header (whole seconds), received just now, or at `receivedAtMs` on the wall clock
   * (a reading taken moments ago: it is turned into a monotonic one with the current difference).
   */
  observeServerDate(serverDateMs: number, receivedAtMs?: number): void {
    const sinceReceiptMs = receivedAtMs === undefined ? 0 : this.clock.nowMs() - receivedAtMs;
    this.add(this.clock.monotonicMs() - Math.max(0, sinceReceiptMs) - serverDateMs);
  }

  /** The current upper bound of (monotonic − S3) in ms; `undefined` before any sample. */
  private boundMs(): number | undefined {
    this.expire();
    if (this.samples.length === 0) return undefined;
    return Math.min(...this.samples.map((s) => s.upperBoundMs));
  }

  /** The current upper bound of (local wall clock − S3) in ms; 0 (trust the wall clock) before any sample. */
  offsetUpperBoundMs(): number {
    return this.clock.nowMs() - this.nowLowerBoundMs();
  }

  /** Now on S3's clock, never later than the truth (given correct S3 timestamps). */
  nowLowerBoundMs(): number {
    const bound = this.boundMs();
    return bound === undefined ? this.clock.nowMs() : this.clock.monotonicMs() - bound;
  }

  private add(upperBoundMs: number): void {
    if (!Number.isFinite(upperBoundMs)) return;
    this.samples.push({ upperBoundMs, observedAtMs: this.clock.monotonicMs() });
    // Keep the window small: only samples that can still be the minimum matter.
    if (this.samples.length > 64) {
      this.samples.sort((a, b) => a.upperBoundMs - b.upperBoundMs);
      this.samples.length = 32;
    }
  }

  private expire(): void {
    const oldest = this.clock.monotonicMs() - CLOCK_SAMPLE_TTL_MS;
    for (let i = this.samples.length - 1; i >= 0; i -= 1) {
      if ((this.samples[i]?.observedAtMs ?? 0) < oldest) this.samples.splice(i, 1);
    }
  }
}
