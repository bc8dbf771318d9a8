import { createHash } from 'node:crypto';
import type {
  DeleteResult,
  HeadResult,
  ListPage,
  PlaylistStore,
  RangeReadResult,
} from '../core/ports';

interface StoredObject {
  body: Buffer;
  etag: string;
  /** Exact S3 time of the write (ms). */
  writtenAtMs: number;
}

export type StoreOperation = 'head' | 'readRange' | 'deleteIfMatch' | 'list';

/**
 * An in-memory S3 that keeps the semantics the checker relies on and that no local emulator honours:
 * `If-Match` on GET and DELETE (412), whole-second `LastModified` and `Date`, ETag = quoted MD5 (the same
 * content always gets the same ETag), paginated listing. Its clock is S3's clock, injected.
 * `beforeOperation` lets a test land an upload at any point, e.g. between the HEAD and the DELETE.
 */
export class InMemoryPlaylistStore implements PlaylistStore {
  private readonly objects = new Map<string, StoredObject>();
  readonly calls: Record<StoreOperation, number> = {
    head: 0,
    readRange: 0,
    deleteIfMatch: 0,
    list: 0,
  };
  readonly deletions: Array<{
    bucket: string;
    key: string;
    etag: string;
    atMs: number;
    writtenAtMs: number;
  }> = [];
  beforeOperation: (operation: StoreOperation, bucket: string, key: string) => void = () => {};

  constructor(private readonly s3NowMs: () => number) {}

  /** PutObject: returns what the S3 event would carry. */
  put(
    bucket: string,
    key: string,
    body: string | Buffer,
  ): { etag: string; eventTimeMs: number; sizeBytes: number } {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf-8');
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    const writtenAtMs = this.s3NowMs();
    this.objects.set(id(bucket, key), { body: bytes, etag, writtenAtMs });
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
    if (!object) return { kind: 'gone' };
    if (object.etag !== etag) return { kind: 'etag-mismatch' };
    return {
      kind: 'ok',
      body: object.body.subarray(range.start, range.end + 1).toString('utf-8'),
      totalBytes: object.body.length,
    };
  }

  async deleteIfMatch(bucket: string, key: string, etag: string): Promise<DeleteResult> {
    this.enter('deleteIfMatch', bucket, key);
    const object = this.objects.get(id(bucket, key));
    if (!object) return { kind: 'gone' };
    if (object.etag !== etag) return { kind: 'etag-mismatch' };
    this.objects.delete(id(bucket, key));
    this.deletions.push({
      bucket,
      key,
      etag,
      atMs: this.s3NowMs(),
      writtenAtMs: object.writtenAtMs,
    });
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
