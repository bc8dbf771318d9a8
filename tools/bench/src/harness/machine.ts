import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** What the numbers were measured on. */
export interface MachineDescription {
  /** `nproc`: CPUs this process may use. */
  nproc: number;
  cpuModel: string;
  memoryGb: number;
  /** The Node running the benchmark (npm puts node_modules/.bin/node — Node 24 — first on PATH). */
  benchNode: string;
  /** `node -v` of the machine itself (PATH without node_modules/.bin). */
  systemNode?: string;
  loadAverageAtStart: number[];
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf-8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: fall back to os.cpus()
  }
  return cpus()[0]?.model ?? 'unknown';
}

function systemNode(): string | undefined {
  const path = (process.env['PATH'] ?? '')
    .split(':')
    .filter((dir) => !dir.includes('node_modules'))
    .join(':');
  try {
    return execFileSync('node', ['-v'], { env: { PATH: path }, encoding: 'utf-8' }).trim();
  } catch {
    return undefined;
  }
}

/** Describes this machine for the report (`nproc`, CPU model from /proc/cpuinfo, Node versions). */
export function describeMachine(): MachineDescription {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    benchNode: process.version,
    systemNode: systemNode(),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
