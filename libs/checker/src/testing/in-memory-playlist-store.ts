import { createHash } from 'node:crypto';
import type {
  DeleteResult,
  HeadResult,
  ListPage,
  PlaylistStore,
  VersionedPlaylistStore,
  RangeReadResult,
  StoredVersion,
  VersionHistory,
} from '../core/ports';

interface StoredObject {
  body: Buffer;
  etag: string;
  /** Exact S3 time of the write (ms). */
  writtenAtMs: number;
  /**
   * Exact S3 time this content became current: an identical re-upload keeps it, any other content or a
   * delete starts anew. The truth the race simulations judge staleness by (RFC 8216 §6.2.1).
   */
  contentSinceMs: number;
}

/** One write or delete of a key, newest last: a versioned bucket's history. */
interface HistoryEntry {
  versionId: string;
  etag?: string;
  writtenAtMs: number;
  deleteMarker: boolean;
  /** The content of an object version (none on a delete marker). */
  body?: Buffer;
}

export type StoreOperation =
  'head' | 'readRange' | 'deleteIfMatch' | 'list' | 'listVersions' | 'deleteVersion';

export interface InMemoryStoreOptions {
  /**
   * `enabled` (default) keeps every version like a versioned bucket; `unversioned` keeps only the current
   * one, listed with VersionId "null" as S3 does; `cannot-tell` answers ListObjectVersions with
   * "cannot tell" (AccessDenied, not implemented).
   */
  versioning?: 'enabled' | 'unversioned' | 'cannot-tell';
  /** ListObjectVersions page size (S3: 1,000). */
  versionsPageSize?: number;
}

/**
 * An in-memory S3 (a versioned bucket by default, see {@link InMemoryStoreOptions}) that keeps the semantics the checker relies on and that no local emulator honours:
 * `If-Match` on GET and DELETE (412), whole-second `LastModified` and `Date`, ETag = quoted MD5 (the same
 * content always gets the same ETag), paginated listing. Its clock is S3's clock, injected.
 * `beforeOperation` lets a test land an upload at any point, e.g. between the HEAD and the DELETE.
 */
export class InMemoryPlaylistStore implements PlaylistStore, VersionedPlaylistStore {
  private readonly objects = new Map<string, StoredObject>();
  readonly calls: Record<StoreOperation, number> = {
    head: 0,
    readRange: 0,
    deleteIfMatch: 0,
    list: 0,
    listVersions: 0,
    deleteVersion: 0,
  };
  readonly deletions: Array<{
    bucket: string;
    key: string;
    etag: string;
    atMs: number;
    writtenAtMs: number;
    contentSinceMs: number;
  }> = [];
  /** Every `readRange` (a range GET): the range asked, the `If-Match` sent, the bytes answered. */
  readonly rangeReads: Array<{
    bucket: string;
    key: string;
    start: number;
    end: number;
    etag: string;
    bytes: number;
  }> = [];
  beforeOperation: (operation: StoreOperation, bucket: string, key: string) => void = () => {};
  private readonly history = new Map<string, HistoryEntry[]>();
  private versionCounter = 0;

  constructor(
    private readonly s3NowMs: () => number,
    private readonly options: InMemoryStoreOptions = {},
  ) {}

  /** PutObject: returns what the S3 event would carry. */
  put(
    bucket: string,
    key: string,
    body: string | Buffer,
  ): { etag: string; eventTimeMs: number; sizeBytes: number } {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf-8');
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    const writtenAtMs = this.s3NowMs();
    const previous = this.objects.get(id(bucket, key));
    const contentSinceMs = previous?.etag === etag ? previous.contentSinceMs : writtenAtMs;
    this.objects.set(id(bucket, key), { body: bytes, etag, writtenAtMs, contentSinceMs });
    this.record(bucket, key, { etag, writtenAtMs, deleteMarker: false, body: bytes });
    return { etag, eventTimeMs: writtenAtMs, sizeBytes: bytes.length };
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(id(bucket, key));
  }

  async head(bucket: string, key: string): Promise<HeadResult | undefined> {
    this.enter('head', bucket, key);
    const object = this.objects.get(id(bucket, key));
    if (!object) return undefined;
    return {
      etag: object.etag,
      lastModifiedMs: floorSecond(object.writtenAtMs),
      sizeBytes: object.body.length,
      serverDateMs: floorSecond(this.s3NowMs()),
    };
  }

  async readRange(
    bucket: string,
    key: string,
    range: { start: number; end: number },
    etag: string,
  ): Promise<RangeReadResult> {
    this.enter('readRange', bucket, key);
    const object = this.objects.get(id(bucket, key));
    const answer =
      object?.etag === etag ? object.body.subarray(range.start, range.end + 1) : undefined;
    this.rangeReads.push({ bucket, key, ...range, etag, bytes: answer?.length ?? 0 });
    if (!object) return { kind: 'gone' };
    if (!answer) return { kind: 'etag-mismatch' };
    return { kind: 'ok', body: answer.toString('utf-8'), totalBytes: object.body.length };
  }

  async deleteIfMatch(bucket: string, key: string, etag: string): Promise<DeleteResult> {
    this.enter('deleteIfMatch', bucket, key);
    const object = this.objects.get(id(bucket, key));
    if (!object) return { kind: 'gone' };
    if (object.etag !== etag) return { kind: 'etag-mismatch' };
    this.objects.delete(id(bucket, key));
    this.record(bucket, key, { writtenAtMs: this.s3NowMs(), deleteMarker: true });
    this.deletions.push({
      bucket,
      key,
      etag,
      atMs: this.s3NowMs(),
      writtenAtMs: object.writtenAtMs,
      contentSinceMs: object.contentSinceMs,
    });
    return { kind: 'deleted' };
  }

  /** ListObjectVersions with Prefix=key, newest first, one page, filtered to the key. */
  async listVersions(bucket: string, key: string): Promise<VersionHistory> {
    this.enter('listVersions', bucket, key);
    if (this.options.versioning === 'cannot-tell') {
      return { kind: 'cannot-tell', reason: 'AccessDenied' };
    }
    const entries = [...(this.history.get(id(bucket, key)) ?? [])].reverse();
    const pageSize = this.options.versionsPageSize ?? 1000;
    const page = entries.slice(0, pageSize);
    return {
      kind: 'history',
      versions: page.map((entry): StoredVersion => ({
        versionId: entry.versionId,
        etag: entry.etag,
        lastModifiedMs: floorSecond(entry.writtenAtMs),
        deleteMarker: entry.deleteMarker,
      })),
      truncated: entries.length > page.length,
    };
  }

  /**
   * DeleteObject with VersionId: removes that version or delete marker; when it was the newest, the next
   * newest becomes current again (an object version is served again, a delete marker hides the key).
   */
  async deleteVersion(
    bucket: string,
    key: string,
    versionId: string,
  ): Promise<{ kind: 'deleted' } | { kind: 'gone' }> {
    this.enter('deleteVersion', bucket, key);
    const entries = this.history.get(id(bucket, key)) ?? [];
    const index = entries.findIndex((entry) => entry.versionId === versionId);
    if (index < 0) return { kind: 'gone' };
    const wasNewest = index === entries.length - 1;
    entries.splice(index, 1);
    if (wasNewest) {
      const current = entries.at(-1);
      if (current && !current.deleteMarker && current.body && current.etag) {
        this.objects.set(id(bucket, key), {
          body: current.body,
          etag: current.etag,
          writtenAtMs: current.writtenAtMs,
          contentSinceMs: current.writtenAtMs,
        });
      } else {
        this.objects.delete(id(bucket, key));
      }
    }
    return { kind: 'deleted' };
  }

  async list(
    bucket: string,
    prefix: string,
    options: { continuationToken?: string; startAfter?: string; maxKeys?: number },
  ): Promise<ListPage> {
    this.enter('list', bucket, prefix);
    const after = options.continuationToken ?? options.startAfter ?? '';
    const keys = [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/`))
      .map((k) => k.slice(bucket.length + 1))
      .filter((k) => k.startsWith(prefix) && k > after)
      .sort();
    const page = keys.slice(0, options.maxKeys ?? 1000);
    return {
      objects: page.map((key) => {
        const object = this.objects.get(id(bucket, key)) as StoredObject;
        return {
          key,
          etag: object.etag,
          lastModifiedMs: floorSecond(object.writtenAtMs),
          sizeBytes: object.body.length,
        };
      }),
      nextContinuationToken: keys.length > page.length ? page.at(-1) : undefined,
      serverDateMs: floorSecond(this.s3NowMs()),
    };
  }

  private record(bucket: string, key: string, entry: Omit<HistoryEntry, 'versionId'>): void {
    if (this.options.versioning === 'unversioned') {
      // An unversioned bucket keeps the current object only, listed as version "null".
      this.history.set(
        id(bucket, key),
        entry.deleteMarker ? [] : [{ ...entry, versionId: 'null' }],
      );
      return;
    }
    this.versionCounter += 1;
    const entries = this.history.get(id(bucket, key)) ?? [];
    entries.push({ ...entry, versionId: `v${this.versionCounter}` });
    this.history.set(id(bucket, key), entries);
  }

  private enter(operation: StoreOperation, bucket: string, key: string): void {
    this.calls[operation] += 1;
    this.beforeOperation(operation, bucket, key);
  }
}

function id(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
