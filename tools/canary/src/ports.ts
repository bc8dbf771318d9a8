/** What the canary core needs from the outside world; tests pass fakes, `main.ts` the real things. */

/** Milliseconds since an arbitrary origin (wall clock in production, a counter in tests). */
export interface Clock {
  now(): number;
}

/** Waits `ms` or until `signal` aborts, whichever comes first; never rejects. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The part of WHATWG `fetch` the probe uses; the global `fetch` satisfies it. */
export type FetchLike = (
  url: string,
  init: { readonly signal: AbortSignal; readonly redirect?: 'manual' | 'follow' | 'error' },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

/** Where the canary writes its playlists (an S3 bucket in production). */
export interface CanaryStore {
  put(key: string, body: string): Promise<void>;
  /** Deleting a missing key succeeds (S3 DeleteObject is idempotent). */
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Dry-run canary: reads how often the checker counted a would-delete (a CloudWatch metric in production). */
export interface WouldDeleteReader {
  /**
   * Sum of the canary key's `DryRunWouldDelete` series from the start of the run (the adapter is created
   * with it) to now; 0 when CloudWatch has no datapoint yet. Throws a typed error when the metric cannot
   * be read (credentials, permission, throttling).
   */
  sum(): Promise<number>;
}

/** One structured progress event; `main.ts` prints it, tests collect it. */
export type CanaryEvent =
  | { readonly event: 'uploaded'; readonly key: string; readonly url: string }
  | {
      readonly event: 'observed';
      readonly target: 'live' | 'ended';
      readonly atMs: number;
      readonly status: number | null;
      readonly error?: string;
    }
  | {
      readonly event: 'metric';
      readonly atMs: number;
      readonly sum: number | null;
      readonly error?: string;
    }
  | { readonly event: 'deleted'; readonly key: string }
  | { readonly event: 'cleanup-failed'; readonly key: string; readonly error: string };
