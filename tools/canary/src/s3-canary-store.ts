/** {@link CanaryStore} on an S3 bucket, with an injected client (real S3 in CI, fauxqs in tests). */
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PLAYLIST_CONTENT_TYPE } from './canary-plan';
import type { CanaryStore } from './ports';

class CanaryStoreError extends Error {
  override readonly name = 'CanaryStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Creates the store.
 *
 * @example
 * const store = createS3CanaryStore(new S3Client({ region: 'eu-west-1' }), 'hsg-origin-a');
 * await store.put('hls-stale-guard-canary/run/live.m3u8', body);
 */
export function createS3CanaryStore(client: S3Client, bucket: string): CanaryStore {
  const where = (key: string) => `s3://${bucket}/${key}`;
  return {
    async put(key, body) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: PLAYLIST_CONTENT_TYPE,
          }),
        );
      } catch (error) {
        throw new CanaryStoreError(`PutObject ${where(key)} failed`, { cause: error });
      }
    },
    async remove(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        throw new CanaryStoreError(`DeleteObject ${where(key)} failed`, { cause: error });
      }
    },
    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        // Without s3:ListBucket, S3 answers 403 for a missing key: the canary cannot tell.
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html#API_HeadObject_RequestSyntax
        throw new CanaryStoreError(
          `HeadObject ${where(key)} failed${statusOf(error) === 403 ? ' (403: the caller needs s3:ListBucket to see a missing key as 404)' : ''}`,
          { cause: error },
        );
      }
    },
  };
}
