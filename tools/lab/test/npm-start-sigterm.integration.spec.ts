import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Every descendant of `pid` (children, grandchildren, …) from the process table. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start under a process manager', () => {
  it('SIGTERM to npm start stops the lab and every process it started', async () => {
    const npm = spawn('npm', ['start', '--', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)));
    let started: number[] = [];
    try {
      const readyBy = Date.now() + 60_000;
      while (!output.includes('hls-stale-guard lab: http://127.0.0.1:')) {
        if (Date.now() > readyBy || npm.exitCode !== null) throw new Error(`no lab:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      started = descendants(npm.pid ?? -1);
      // tsx, the lab, fauxqs and dynalite at least.
      expect(started.length).toBeGreaterThanOrEqual(4);

      npm.kill('SIGTERM');
      await exited;
      const goneBy = Date.now() + 5_000;
      while (started.some(alive) && Date.now() < goneBy) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(started.filter(alive)).toEqual([]);
      expect(output).toContain('stopping (SIGTERM)');
    } finally {
      for (const pid of [npm.pid ?? -1, ...started].filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });
});
