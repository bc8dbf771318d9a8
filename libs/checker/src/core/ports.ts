/**
 * The ports the checker's core talks to. Adapters (S3, SQS, CloudWatch, the system clock) implement them
 * with injected SDK clients; tests use in-memory implementations that keep the real semantics.
 */

/** What a HEAD (or a list entry) tells about the current version of an object. */
export interface ObjectVersion {
  etag: string;
  /** S3 `LastModified` (whole seconds on real S3). */
  lastModifiedMs: number;
  sizeBytes: number;
}

export interface HeadResult extends ObjectVersion {
  /** S3's own clock: the response `Date` header (whole seconds), when the server sent one. */
  serverDateMs?: number;
}

export type RangeReadResult =
  | { kind: 'ok'; body: string; totalBytes: number }
  /** `If-Match` failed: a newer version replaced the one we asked for. */
  | { kind: 'etag-mismatch' }
  | { kind: 'gone' };

export type DeleteResult =
  | { kind: 'deleted' }
  /** 412: the ETag no longer matches (a fresh upload won). */
  | { kind: 'etag-mismatch' }
  /** 409: a concurrent write was in progress (a fresh upload won). */
  | { kind: 'conflict' }
  /** 404: already gone. */
  | { kind: 'gone' };

export interface ListedObject extends ObjectVersion {
  key: string;
}

export interface ListPage {
  objects: ListedObject[];
  nextContinuationToken?: string;
  serverDateMs?: number;
}

/** The S3 operations the checker needs, on one or more buckets. */
export interface PlaylistStore {
  /** HEAD: `undefined` when the key does not exist. */
  head(bucket: string, key: string): Promise<HeadResult | undefined>;
  /** GET an inclusive byte range of the version with `etag` (`If-Match`). */
  readRange(
    bucket: string,
    key: string,
    range: { start: number; end: number },
    etag: string,
  ): Promise<RangeReadResult>;
  /** DeleteObject with `If-Match: etag`: deletes only the version that was judged stale. */
  deleteIfMatch(bucket: string, key: string, etag: string): Promise<DeleteResult>;
  /** One page of ListObjectsV2. */
  list(
    bucket: string,
    prefix: string,
    options: { continuationToken?: string; startAfter?: string; maxKeys?: number },
  ): Promise<ListPage>;
}

/** The queue the S3 notifications arrive on: a message can be hidden until its deadline. */
export interface DeadlineQueue {
  /** ChangeMessageVisibility: the message comes back after `seconds`. */
  postpone(receiptHandle: string, seconds: number): Promise<void>;
}

/** Time, injected: the core never reads `Date.now()` itself. */
export interface Clock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Structured logging: one JSON line per call. Never pass playlist bodies or credentials. `debug` is for
 * routine outcomes (counted by metrics), written only under `LOG_LEVEL=debug`; a logger without it
 * drops them.
 */
export interface Logger {
  debug?(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
