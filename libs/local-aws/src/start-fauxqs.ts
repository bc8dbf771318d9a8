import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server';
import { findModernNode } from './find-modern-node';

/**
 * A running fauxqs (S3 + SQS protocol server) on 127.0.0.1: `endpoint` is the S3 and SQS endpoint (S3
 * with `forcePathStyle`).
 */
export type LocalAws = ChildServer;

/** Credentials fauxqs accepts (any); region it defaults to. */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const LOCAL_AWS_REGION = 'us-east-1';

/** Endpoint, region and credentials of an SDK client for a local server (S3 also wants `forcePathStyle`). */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS };
}

/**
 * Starts fauxqs in a child process bound to 127.0.0.1 on an ephemeral port.
 *
 * @example
 * const aws = await startFauxqs();
 * const s3 = new S3Client({ ...localClientConfig(aws.endpoint), forcePathStyle: true });
 * await aws.stop();
 */
export async function startFauxqs(): Promise<LocalAws> {
  return startChildServer('fauxqs', findModernNode(), join(__dirname, 'fauxqs-child.mjs'));
}
