import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
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

/** ListObjectVersions returns at most 1,000 versions per page (docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html). */
const LIST_VERSIONS_MAX_KEYS = 1000;

/**
 * Answers to ListObjectVersions that mean "this history cannot be read here", not a failure: no
 * `s3:ListBucketVersions` permission, or a server without versioning.
 */
const HISTORY_UNAVAILABLE_ERRORS = new Set(['AccessDenied', 'NotImplemented', 'MethodNotAllowed']);
const HISTORY_UNAVAILABLE_STATUSES = new Set([403, 405, 501]);

/** An S3 call failed for a reason that is not an answer about the object (5xx, throttling, network, 403). */
class PlaylistStoreError extends Error {
  override name = 'PlaylistStoreError';
}

interface HttpHeadersCarrier {
  headers?: Record<string, string | undefined>;
  statusCode?: number;
}

interface CommandWithStack {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<{ response?: unknown }>,
      ) => (args: unknown) => Promise<{ response?: unknown }>,
      options: { step: 'deserialize'; name: string; priority: 'high' },
    ): void;
  };
}

/**
 * Captures the response `Date` header (S3's clock) of one command, for answers and for errors alike.
 */
function captureServerDate<C>(command: C): { command: C; serverDateMs: () => number | undefined } {
  let serverDateMs: number | undefined;
  const capture = (response: unknown) => {
    const date = (response as HttpHeadersCarrier | undefined)?.headers?.date;
    const parsed = date ? Date.parse(date) : Number.NaN;
    if (Number.isFinite(parsed)) serverDateMs = parsed;
  };
  (command as unknown as CommandWithStack).middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        capture(result.response);
        return result;
      } catch (error) {
        capture((error as { $response?: unknown }).$response);
        throw error;
      }
    },
    { step: 'deserialize', name: 'hlsStaleGuardServerDate', priority: 'high' },
  );
  return { command, serverDateMs: () => serverDateMs };
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** How many HTTP attempts the SDK made for the failed call (its retries included). */
function attemptsOf(error: unknown): number {
  return (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
}

function wrap(operation: string, bucket: string, key: string, error: unknown): PlaylistStoreError {
  const status = statusOf(error);
  const name = error instanceof Error ? error.name : 'Error';
  return new PlaylistStoreError(
    `${operation} s3://${bucket}/${key} failed: ${name}${status ? ` (${status})` : ''}`,
    {
      cause: error,
    },
  );
}

/** Parses `Content-Range: bytes 0-16383/123456` → 123456. */
function totalFromContentRange(contentRange: string | undefined): number | undefined {
  const match = /\/(\d+)$/.exec(contentRange ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * The PlaylistStore on S3 (or any S3-compatible server) through an injected SDK v3 client. Answers about
 * the object (404, 412, 409) are values; everything else throws a PlaylistStoreError with its cause.
 *
 * @example
 * const store = new S3PlaylistStore(new S3Client({}));
 */
export class S3PlaylistStore implements PlaylistStore, VersionedPlaylistStore {
  constructor(private readonly s3: S3Client) {}

  async head(bucket: string, key: string): Promise<HeadResult | undefined> {
    const { command, serverDateMs } = captureServerDate(
      new HeadObjectCommand({ Bucket: bucket, Key: key }),
    );
    try {
      const out = await this.s3.send(command);
      if (!out.ETag || !out.LastModified) {
        throw new PlaylistStoreError(
          `HEAD s3://${bucket}/${key} answered without ETag or LastModified`,
        );
      }
      return {
        etag: out.ETag,
        lastModifiedMs: out.LastModified.getTime(),
        sizeBytes: out.ContentLength ?? 0,
        serverDateMs: serverDateMs(),
      };
    } catch (error) {
      if (error instanceof PlaylistStoreError) throw error;
      if (statusOf(error) === 404) return undefined;
      throw wrap('HEAD', bucket, key, error);
    }
  }

  async readRange(
    bucket: string,
    key: string,
    range: { start: number; end: number },
    etag: string,
  ): Promise<RangeReadResult> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          IfMatch: etag,
          Range: `bytes=${range.start}-${range.end}`,
        }),
      );
      // A server that ignores If-Match (every local emulator) is caught here: never judge another version.
      if (out.ETag && out.ETag !== etag) return { kind: 'etag-mismatch' };
      const body = (await out.Body?.transformToString('utf-8')) ?? '';
      const total =
        totalFromContentRange(out.ContentRange) ?? out.ContentLength ?? Buffer.byteLength(body);
      return { kind: 'ok', body, totalBytes: total };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) return { kind: 'etag-mismatch' };
      if (status === 404) return { kind: 'gone' };
      // 416: the range starts past the end: only an empty object gets here with bytes=0-….
      if (status === 416) return { kind: 'ok', body: '', totalBytes: 0 };
      throw wrap('GET', bucket, key, error);
    }
  }

  async deleteVersion(
    bucket: string,
    key: string,
    versionId: string,
  ): Promise<{ kind: 'deleted' } | { kind: 'gone' }> {
    try {
      await this.s3.send(
        new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
      );
      return { kind: 'deleted' };
    } catch (error) {
      if (statusOf(error) === 404) return { kind: 'gone' };
      throw wrap(`DELETE (version ${versionId})`, bucket, key, error);
    }
  }

  async deleteIfMatch(bucket: string, key: string, etag: string): Promise<DeleteResult> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: etag }));
      return { kind: 'deleted' };
    } catch (error) {
      const status = statusOf(error);
      if (status === 412) return { kind: 'etag-mismatch' };
      if (status === 409) return { kind: 'conflict' };
      // A 404 on a retry: the first attempt deleted the object and its response was lost (a reset, a
      // timeout); the SDK retried (`$metadata.attempts` > 1) and found our own delete done.
      if (status === 404) return attemptsOf(error) > 1 ? { kind: 'deleted' } : { kind: 'gone' };
      throw wrap('DELETE', bucket, key, error);
    }
  }

  async listVersions(bucket: string, key: string): Promise<VersionHistory> {
    try {
      const out = await this.s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: key,
          MaxKeys: LIST_VERSIONS_MAX_KEYS,
        }),
      );
      const versions: StoredVersion[] = [
        ...(out.Versions ?? []).flatMap((v) =>
          v.Key === key && v.LastModified
            ? [
                {
                  versionId: v.VersionId ?? 'null',
                  etag: v.ETag,
                  lastModifiedMs: v.LastModified.getTime(),
                  deleteMarker: false,
                },
              ]
            : [],
        ),
        ...(out.DeleteMarkers ?? []).flatMap((m) =>
          m.Key === key && m.LastModified
            ? [
                {
                  versionId: m.VersionId ?? 'null',
                  lastModifiedMs: m.LastModified.getTime(),
                  deleteMarker: true,
                },
              ]
            : [],
        ),
      ];
      // The key sorts first under its own prefix: its history is cut only if the next page starts on it.
      const truncated =
        out.IsTruncated === true && (out.NextKeyMarker === undefined || out.NextKeyMarker === key);
      return { kind: 'history', versions, truncated };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const status = statusOf(error);
      if (
        HISTORY_UNAVAILABLE_ERRORS.has(name) ||
        (status && HISTORY_UNAVAILABLE_STATUSES.has(status))
      ) {
        return { kind: 'cannot-tell', reason: `${name || 'Error'}${status ? ` (${status})` : ''}` };
      }
      throw wrap('LIST-VERSIONS', bucket, key, error);
    }
  }

  async list(
    bucket: string,
    prefix: string,
    options: { continuationToken?: string; startAfter?: string; maxKeys?: number },
  ): Promise<ListPage> {
    const { command, serverDateMs } = captureServerDate(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix === '' ? undefined : prefix,
        ContinuationToken: options.continuationToken,
        StartAfter: options.startAfter,
        MaxKeys: options.maxKeys,
      }),
    );
    try {
      const out = await this.s3.send(command);
      return {
        objects: (out.Contents ?? []).flatMap((o) =>
          o.Key && o.ETag && o.LastModified
            ? [
                {
                  key: o.Key,
                  etag: o.ETag,
                  lastModifiedMs: o.LastModified.getTime(),
                  sizeBytes: o.Size ?? 0,
                },
              ]
            : [],
        ),
        nextContinuationToken: out.IsTruncated ? out.NextContinuationToken : undefined,
        serverDateMs: serverDateMs(),
      };
    } catch (error) {
      throw wrap('LIST', bucket, prefix, error);
    }
  }
}
