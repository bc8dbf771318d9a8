/** The valve's window: "at most N deletions per minute per function instance". */
export const DELETION_VALVE_WINDOW_MS = 60_000;

export type ValveDecision =
  | { kind: 'open' }
  /** This call crossed the limit: log loudly and count once. */
  | { kind: 'tripped'; windowEndsMs: number }
  /** Still over the limit in this window: behave as dry-run. */
  | { kind: 'closed'; windowEndsMs: number };

/**
 * A deletion valve: a bug or a mass encoder outage cannot delete more than `maxPerWindow` playlists per
 * minute from one instance. Past the limit the instance behaves as dry-run until the window ends.
 *
 * @example
 * const valve = new DeletionValve(120);
 * if (valve.acquire(now).kind === 'open') await store.deleteIfMatch(...);
 */
export class DeletionValve {
  private windowStartMs = Number.NEGATIVE_INFINITY;
  private used = 0;
  private trippedInWindow = false;

  constructor(private readonly maxPerWindow: number) {}

  acquire(nowMs: number): ValveDecision {
    if (nowMs >= this.windowStartMs + DELETION_VALVE_WINDOW_MS) {
      this.windowStartMs = nowMs;
      this.used = 0;
      this.trippedInWindow = false;
    }
    const windowEndsMs = this.windowStartMs + DELETION_VALVE_WINDOW_MS;
    if (this.used < this.maxPerWindow) {
      this.used += 1;
      return { kind: 'open' };
    }
    if (!this.trippedInWindow) {
      this.trippedInWindow = true;
      return { kind: 'tripped', windowEndsMs };
    }
    return { kind: 'closed', windowEndsMs };
  }

  /** Gives a permit back (the delete did not happen: superseded or failed). */
  release(): void {
    if (this.used > 0) this.used -= 1;
  }
}
