import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A protocol server running in a child process on 127.0.0.1. */
export interface ChildServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  /** The child's PID (the only process `stop` ends). */
  pid: number;
  stop(): Promise<void>;
}

export class LocalAwsStartError extends Error {
  override name = 'LocalAwsStartError';
}

const STARTUP_TIMEOUT_MS = 20_000;

/**
 * Starts `script` with `node` as a child that prints `{"port":N}` once listening on 127.0.0.1 and exits
 * when its stdin closes (so it never outlives its parent). `stop` closes stdin, then kills it after 3 s.
 */
export async function startChildServer(
  name: string,
  node: string,
  script: string,
): Promise<ChildServer> {
  const child = spawn(node, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new LocalAwsStartError(`${name} did not start in ${STARTUP_TIMEOUT_MS} ms: ${stderr}`),
      );
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch (cause) {
        reject(new LocalAwsStartError(`unexpected ${name} output: ${line}`, { cause }));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new LocalAwsStartError(`${name} exited with ${code}: ${stderr}`));
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
