/** Keys remembered per instance, as many as the facts cache keeps. */
const REGISTRY_MEMORY_MAX_ENTRIES = 20_000;

/**
 * An unchanged item is written again at most this often per key per instance, which keeps its TTL
 * (`REGISTRY_TTL_HOURS`) moving while the playlist is alive: with a 6 s TARGETDURATION, one write per
 * 600 uploads.
 */
export const REGISTRY_REFRESH_MS = 60 * 60 * 1000;

interface Remembered {
  /** `state` and `reason` as last recorded by this instance. */
  what: string;
  recordedAtMs: number;
  /** The write time of the newest upload this instance saw of the key. */
  lastUploadMs?: number;
}

/**
 * What this instance last recorded per key, so the event path writes only on first sight, on a state
 * change and once per `REGISTRY_REFRESH_MS`: per upload the registry costs nothing. Least recently used
 * keys are forgotten first (their next event writes again).
 */
export class RegistryMemory {
  private readonly entries = new Map<string, Remembered>();

  constructor(private readonly maxEntries = REGISTRY_MEMORY_MAX_ENTRIES) {}

  /** Must this observation be written? */
  needsWrite(pk: string, what: string, nowMs: number): boolean {
    const entry = this.entries.get(pk);
    if (!entry) return true;
    this.entries.delete(pk);
    this.entries.set(pk, entry);
    return entry.what !== what || nowMs - entry.recordedAtMs >= REGISTRY_REFRESH_MS;
  }

  /**
   * Whether an upload written at `writtenMs` may follow a deletion this instance did not see: the key is
   * new to it, was not last recorded `live`, or the previous upload it saw is more than `staleAfterMs`
   * older (a playlist is deleted only after such a gap). Notes the upload. In memory only: the caller
   * reads the registry only when this says so, so a steady stream of uploads costs nothing.
   */
  mayFollowDeletion(
    pk: string,
    liveWhat: string,
    writtenMs: number,
    staleAfterMs: number,
  ): boolean {
    const entry = this.entries.get(pk);
    if (!entry) return true;
    const last = entry.lastUploadMs;
    entry.lastUploadMs = Math.max(last ?? writtenMs, writtenMs);
    return entry.what !== liveWhat || (last !== undefined && writtenMs - last > staleAfterMs);
  }

  remember(pk: string, what: string, nowMs: number, lastUploadMs?: number): void {
    const previous = this.entries.get(pk)?.lastUploadMs;
    const upload = lastUploadMs ?? previous;
    this.entries.delete(pk);
    this.entries.set(pk, {
      what,
      recordedAtMs: nowMs,
      ...(upload === undefined ? {} : { lastUploadMs: upload }),
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  forget(pk: string): void {
    this.entries.delete(pk);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The memory's notion of "the same thing recorded": the state and its reason. */
export function stateKey(state: string, reason: string | undefined): string {
  return `${state}:${reason ?? ''}`;
}
