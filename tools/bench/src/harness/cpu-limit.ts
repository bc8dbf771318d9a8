import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lambda's CPU for a memory size: "At 1,769 MB, a function has the equivalent of one vCPU (one
 * vCPU-second of credits per second)", in proportion below that
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
 */
const LAMBDA_MB_PER_VCPU = 1769;

/**
 * The CPUs (vCPU-seconds per second) Lambda gives an instance of `memoryMb`.
 *
 * @example lambdaCpus(128); // 0.0724
 */
export function lambdaCpus(memoryMb: number): number {
  return memoryMb / LAMBDA_MB_PER_VCPU;
}

/**
 * The period the quota is granted per: 20 ms, so that a burst of work is not stretched to whole 100 ms
 * periods (the kernel's default; it showed as times in steps of 100 ms). Lambda's own period is not
 * documented.
 */
const CPU_PERIOD_US = 20_000;

/** A process held to a share of the CPU until `release()`. */
interface CpuLimit {
  /** CPUs allowed (1 = one core). */
  cpus: number;
  /** The cgroup it runs in, for the report. */
  cgroup: string;
  /** Moves the process back to where it was and removes the cgroup. Never throws. */
  release(): void;
}

export type CpuLimitResult =
  { limited: true; limit: CpuLimit } | { limited: false; reason: string };

/** Where the cgroup file systems are mounted; a parameter so that tests can point it elsewhere. */
export interface CgroupMounts {
  /** cgroup v1 `cpu` controller (`cpu.cfs_quota_us`). */
  v1Cpu: string;
  /** cgroup v2 unified hierarchy (`cpu.max`). */
  v2: string;
  /** `/proc/<pid>/cgroup`-like file of the process, to move it back on release. */
  procCgroup: (pid: number) => string;
}

export const SYSTEM_CGROUP_MOUNTS: CgroupMounts = {
  v1Cpu: '/sys/fs/cgroup/cpu',
  v2: '/sys/fs/cgroup',
  procCgroup: (pid) => `/proc/${pid}/cgroup`,
};

/**
 * Holds process `pid` (all its threads; children it starts later inherit the limit) to `cpus` of a core
 * with a CFS quota in a cgroup of its own, the way Lambda meters an instance's CPU. Needs a writable
 * cgroup `cpu` controller (root on Linux, v1 or v2); where there is none, says why and changes nothing,
 * so the benchmark can report that its times are unthrottled.
 *
 * @example
 * const result = limitCpu(process.pid, 5 * lambdaCpus(256));
 * try { ... } finally { if (result.limited) result.limit.release(); }
 */
export function limitCpu(
  pid: number,
  cpus: number,
  mounts: CgroupMounts = SYSTEM_CGROUP_MOUNTS,
): CpuLimitResult {
  if (!(cpus > 0) || !Number.isFinite(cpus)) {
    throw new RangeError(`cpus must be a positive number, got ${cpus}`);
  }
  // The kernel refuses a quota under 1 ms: at 20 ms periods, shares below 0.05 of a core are raised to it.
  const quotaUs = Math.max(1000, Math.round(cpus * CPU_PERIOD_US));
  const name = `hls-stale-guard-bench-${pid}`;
  const v1 = join(mounts.v1Cpu, 'cpu.cfs_quota_us');
  if (existsSync(v1)) {
    const origin = originalGroup(mounts.procCgroup(pid), (controllers) =>
      controllers.split(',').includes('cpu'),
    );
    return attach(join(mounts.v1Cpu, name), join(mounts.v1Cpu, origin ?? '/'), pid, cpus, (dir) => {
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quotaUs));
    });
  }
  const controllers = readOrUndefined(join(mounts.v2, 'cgroup.controllers'));
  if (controllers?.split(/\s+/).includes('cpu')) {
    const origin = originalGroup(mounts.procCgroup(pid), (c) => c === '');
    return attach(join(mounts.v2, name), join(mounts.v2, origin ?? '/'), pid, cpus, (dir) => {
      writeFileSync(join(dir, 'cpu.max'), `${quotaUs} ${CPU_PERIOD_US}`);
    });
  }
  return {
    limited: false,
    reason: `no cgroup cpu controller at ${mounts.v1Cpu} (v1) or ${mounts.v2} (v2)`,
  };
}

/**
 * Runs `work` with process `pid` held to `cpus` of a core and releases it afterwards, even when `work`
 * throws; where it cannot be held, does not run `work` and says why.
 *
 * @example
 * const run = await withCpuLimit(process.pid, lambdaCpus(128), () => sweep());
 * if (!run.held) report(run.reason);
 */
export async function withCpuLimit<T>(
  pid: number,
  cpus: number,
  work: () => Promise<T>,
  mounts: CgroupMounts = SYSTEM_CGROUP_MOUNTS,
): Promise<{ held: true; result: T } | { held: false; reason: string }> {
  const hold = limitCpu(pid, cpus, mounts);
  if (!hold.limited) return { held: false, reason: hold.reason };
  try {
    return { held: true, result: await work() };
  } finally {
    hold.limit.release();
  }
}

function attach(
  dir: string,
  originDir: string,
  pid: number,
  cpus: number,
  setQuota: (dir: string) => void,
): CpuLimitResult {
  try {
    mkdirSync(dir, { recursive: true });
    setQuota(dir);
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  } catch (error) {
    removeQuietly(dir);
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { limited: false, reason: `cannot use the cgroup ${dir} (${code}; needs root)` };
  }
  let released = false;
  return {
    limited: true,
    limit: {
      cpus,
      cgroup: dir,
      release: () => {
        if (released) return;
        released = true;
        try {
          writeFileSync(join(originDir, 'cgroup.procs'), String(pid));
        } catch {
          // The process has exited (nothing to move) or the origin is gone: removing is all that is left.
        }
        removeQuietly(dir);
      },
    },
  };
}

/**
 * The process's cgroup path for the controller `matches` picks, from `/proc/<pid>/cgroup` lines
 * `id:controllers:path` (v2: `0::path`).
 */
function originalGroup(
  procFile: string,
  matches: (controllers: string) => boolean,
): string | undefined {
  const text = readOrUndefined(procFile);
  for (const line of text?.split('\n') ?? []) {
    const [, controllers, ...path] = line.split(':');
    if (controllers !== undefined && matches(controllers)) return path.join(':') || '/';
  }
  return undefined;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf-8').trim();
  } catch {
    return undefined;
  }
}

function removeQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Still has a process in it, or never created: leave it.
  }
}
