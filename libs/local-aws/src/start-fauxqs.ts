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

/**
 * Starts fauxqs in a child process bound to 127.0.0.1 on an ephemeral port.
 *
 * @example
 * const aws = await startFauxqs();
 * const s3 = new S3Client({ endpoint: aws.endpoint, forcePathStyle: true, region: LOCAL_AWS_REGION,
 *   credentials: LOCAL_AWS_CREDENTIALS });
 * await aws.stop();
 */
export async function startFauxqs(): Promise<LocalAws> {
  return startChildServer('fauxqs', findModernNode(), join(__dirname, 'fauxqs-child.mjs'));
}
