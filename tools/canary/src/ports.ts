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
  | { readonly event: 'deleted'; readonly key: string }
  | { readonly event: 'cleanup-failed'; readonly key: string; readonly error: string };
