import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpuSeconds } from './process-cpu';
import {
  lambdaCpus,
  limitCpu,
  SYSTEM_CGROUP_MOUNTS,
  withCpuLimit,
  type CgroupMounts,
} from './cpu-limit';

describe('lambdaCpus', () => {
  it('is one vCPU at 1,769 MB and in proportion below', () => {
    expect(lambdaCpus(1769)).toBe(1);
    expect(lambdaCpus(128)).toBeCloseTo(0.0724, 4);
    expect(lambdaCpus(256)).toBeCloseTo(2 * lambdaCpus(128), 10);
  });
});

describe('limitCpu on a stand-in cgroup tree', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cpu-limit-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const mountsAt = (dir: string): CgroupMounts => ({
    v1Cpu: join(dir, 'cpu'),
    v2: join(dir, 'unified'),
    procCgroup: () => join(dir, 'proc-cgroup'),
  });

  it('writes a v1 quota of the share of a 20 ms period, then moves the process back', () => {
    mkdirSync(join(root, 'cpu', 'parent'), { recursive: true });
    writeFileSync(join(root, 'cpu', 'cpu.cfs_quota_us'), '-1');
    writeFileSync(join(root, 'proc-cgroup'), '4:memory:/x\n2:cpu,cpuacct:/parent\n0::/\n');
    const result = limitCpu(4242, 5 * lambdaCpus(128), mountsAt(root));
    if (!result.limited) throw new Error(result.reason);
    const dir = join(root, 'cpu', 'hls-stale-guard-bench-4242');
    expect(result.limit.cgroup).toBe(dir);
    expect(readFileSync(join(dir, 'cpu.cfs_period_us'), 'utf-8')).toBe('20000');
    expect(readFileSync(join(dir, 'cpu.cfs_quota_us'), 'utf-8')).toBe('7236');
    expect(readFileSync(join(dir, 'cgroup.procs'), 'utf-8')).toBe('4242');
    result.limit.release();
    expect(readFileSync(join(root, 'cpu', 'parent', 'cgroup.procs'), 'utf-8')).toBe('4242');
  });

  it('writes cpu.max on a v2 hierarchy with the cpu controller', () => {
    mkdirSync(join(root, 'unified'), { recursive: true });
    writeFileSync(join(root, 'unified', 'cgroup.controllers'), 'cpuset cpu io memory\n');
    writeFileSync(join(root, 'proc-cgroup'), '0::/user.slice\n');
    mkdirSync(join(root, 'unified', 'user.slice'));
    const result = limitCpu(7, 0.5, mountsAt(root));
    if (!result.limited) throw new Error(result.reason);
    expect(readFileSync(join(result.limit.cgroup, 'cpu.max'), 'utf-8')).toBe('10000 20000');
    result.limit.release();
    expect(readFileSync(join(root, 'unified', 'user.slice', 'cgroup.procs'), 'utf-8')).toBe('7');
  });

  it('says why and changes nothing where there is no cpu controller', () => {
    mkdirSync(join(root, 'unified'), { recursive: true });
    writeFileSync(join(root, 'unified', 'cgroup.controllers'), 'memory pids\n');
    const result = limitCpu(7, 0.5, mountsAt(root));
    expect(result).toEqual({ limited: false, reason: expect.stringContaining('no cgroup cpu') });
  });

  it('withCpuLimit runs the work held and moves the process back even when the work throws', async () => {
    mkdirSync(join(root, 'cpu'), { recursive: true });
    writeFileSync(join(root, 'cpu', 'cpu.cfs_quota_us'), '-1');
    writeFileSync(join(root, 'proc-cgroup'), '2:cpu:/\n');
    const procsInGroup = join(root, 'cpu', 'hls-stale-guard-bench-9', 'cgroup.procs');
    const ran = await withCpuLimit(
      9,
      0.5,
      async () => readFileSync(procsInGroup, 'utf-8'),
      mountsAt(root),
    );
    expect(ran).toEqual({ held: true, result: '9' });
    writeFileSync(join(root, 'cpu', 'cgroup.procs'), '');
    await expect(
      withCpuLimit(9, 0.5, async () => Promise.reject(new Error('boom')), mountsAt(root)),
    ).rejects.toThrow('boom');
    expect(readFileSync(join(root, 'cpu', 'cgroup.procs'), 'utf-8')).toBe('9');
  });

  it('withCpuLimit does not run the work where nothing can be held, and says why', async () => {
    let ran = false;
    const result = await withCpuLimit(9, 0.5, async () => (ran = true), mountsAt(root));
    expect(result).toEqual({ held: false, reason: expect.stringContaining('no cgroup cpu') });
    expect(ran).toBe(false);
  });

  it('rejects a share that is not a positive number', () => {
    expect(() => limitCpu(7, 0, mountsAt(root))).toThrow(RangeError);
    expect(() => limitCpu(7, Number.NaN, mountsAt(root))).toThrow(RangeError);
  });
});

/**
 * On this machine's kernel: a busy child held to a tenth of a core gets about that. Where the cgroup
 * controller is not writable (not root, no cgroup fs), the result must say why instead.
 */
describe('limitCpu on the running kernel', () => {
  it('holds a busy process to its share, or says why it cannot', async () => {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    try {
      const result = limitCpu(child.pid ?? -1, 0.1, SYSTEM_CGROUP_MOUNTS);
      if (!result.limited) {
        expect(result.reason).toMatch(/cgroup/);
        return;
      }
      try {
        const before = processCpuSeconds(child.pid ?? -1) ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const used = (processCpuSeconds(child.pid ?? -1) ?? 0) - before;
        // 2 s at a tenth of a core: 0.2 CPU seconds (procfs counts in 10 ms ticks); unlimited it is 2.
        expect(used).toBeGreaterThan(0.1);
        expect(used).toBeLessThan(0.35);
      } finally {
        result.limit.release();
      }
    } finally {
      child.kill();
    }
  });
});
