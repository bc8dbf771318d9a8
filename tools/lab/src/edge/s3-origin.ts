import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { OriginAnswer } from './edge-policy';

/** 502 when the origin cannot be reached: a failover status code, as CloudFront answers. */
const ORIGIN_UNREACHABLE_STATUS = 502;

function statusOf(error: unknown): number {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : ORIGIN_UNREACHABLE_STATUS;
}

/**
 * Reads one object from a bucket the way CloudFront's OAC does (a signed GET; HEAD requests are answered
 * from the GET). A missing key answers 404 because the lab's server, like a bucket whose OAC principal has
 * s3:ListBucket, says so.
 *
 * @example
 * const answer = await readOrigin(s3, 'lab-origin-a', 'live/180p/index.m3u8');
 */
export async function readOrigin(s3: S3Client, bucket: string, key: string): Promise<OriginAnswer> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
    return {
      status: 200,
      body: Buffer.from(bytes),
      etag: out.ETag,
      lastModified: out.LastModified?.toUTCString(),
    };
  } catch (error) {
    return { status: statusOf(error) };
  }
}
