/**
 * The ports the checker's core talks to. Adapters (S3, SQS, CloudWatch, the system clock) implement them
 * with injected SDK clients; tests use in-memory implementations that keep the real semantics.
 */

/** What a HEAD (or a list entry) tells about the current version of an object. */
interface ObjectVersion {
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

/** One entry of a key's version history (ListObjectVersions): a version or a delete marker. */
export interface StoredVersion {
  /** `"null"` on a bucket that is not (or no longer) versioned: such a history is lossy. */
  versionId: string;
  /** Quoted, as S3 returns it; absent on a delete marker. */
  etag?: string;
  /** S3 `LastModified` (whole seconds on real S3). */
  lastModifiedMs: number;
  deleteMarker: boolean;
}

export type VersionHistory =
  /** The key's newest versions and delete markers (this key only, in no particular order). */
  | { kind: 'history'; versions: StoredVersion[]; truncated: boolean }
  /** The history cannot be read here (not implemented, access denied): the caller must assume the worst. */
  | { kind: 'cannot-tell'; reason: string };

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
  /**
   * The newest entries of one key's version history (ListObjectVersions with `Prefix=key`, one page),
   * filtered to exactly this key. Asked only when an identical re-upload may hide a different version.
   */
  listVersions(bucket: string, key: string): Promise<VersionHistory>;
  /** One page of ListObjectsV2. */
  list(
    bucket: string,
    prefix: string,
    options: { continuationToken?: string; startAfter?: string; maxKeys?: number },
  ): Promise<ListPage>;
}

/**
 * What undoing a deletion needs on a versioned bucket (docs.aws.amazon.com/AmazonS3/latest/userguide/ManagingDelMarkers.html):
 * the key's history, and DeleteObject with a VersionId, which removes exactly that version or delete
 * marker and never another one.
 */
export interface VersionedPlaylistStore {
  listVersions(bucket: string, key: string): Promise<VersionHistory>;
  /** DeleteObject with `VersionId`: `gone` when that version no longer exists. */
  deleteVersion(
    bucket: string,
    key: string,
    versionId: string,
  ): Promise<{ kind: 'deleted' } | { kind: 'gone' }>;
}

/** The queue the S3 notifications arrive on: a message can be hidden until its deadline. */
export interface DeadlineQueue {
  /** ChangeMessageVisibility: the message comes back after `seconds`. */
  postpone(receiptHandle: string, seconds: number): Promise<void>;
}

/** A timer that does not keep the process alive once cancelled. */
export interface Alarm {
  /** Resolves once the time has come (never rejects). */
  fired: Promise<void>;
  cancel(): void;
}

/** Time, injected: the core never reads `Date.now()` itself. */
export interface Clock {
  /** The wall clock (epoch ms): can step backwards or forwards when the system time is set. */
  nowMs(): number;
  /**
   * A monotonic reading (ms from an arbitrary origin): never steps, so the difference of two readings is
   * the time that passed. Measure durations and clock offsets with it, never with `nowMs`.
   */
  monotonicMs(): number;
  /** Waits `ms` (a fake clock advances its time by `ms`). */
  sleep(ms: number): Promise<void>;
  /** Fires after `ms` without driving time (a fake clock fires it when its time gets there). */
  alarm(ms: number): Alarm;
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
