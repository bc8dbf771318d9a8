import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { billedMs, gbSeconds } from '../cost/price-usage';
import { scaleUsage, usageBeyond, type Usage } from '../cost/usage';
import { startBenchPipeline, type DetectionMode } from '../harness/bench-pipeline';
import { lambdaCpus, limitCpu, type CpuLimitResult } from '../harness/cpu-limit';
import type { DeploymentDefaults } from '../harness/deployment-defaults';
import type { InvocationRecord } from '../harness/lambda-instance';
import { ownCpuSeconds, processCpuSeconds } from '../harness/process-cpu';
import {
  emptyRequestCounts,
  EVENTUALLY_CONSISTENT_GET_ITEM,
  type RequestCounts,
} from '../harness/request-counter';
import { summarize, type Summary } from '../stats/percentiles';
import { analyseDetection, type DetectionAnalysis } from './analyse-detection';
import type { EncoderPlanOptions } from './encoder-plan';
import type { OriginDone, OriginMessage, OriginStart } from './origin-protocol';

export interface DetectionOptions {
  mode: DetectionMode;
  defaults: DeploymentDefaults;
  plan: EncoderPlanOptions;
  /** Encoders upload for this long (ms); then the run waits for the last stopped playlists. */
  runMs: number;
  /** A stopped playlist not answering 404 this long after its deadline is a miss, ms. */
  giveUpAfterDeadlineMs: number;
  reconcileIntervalMs: number;
  receiveWaitSeconds: number;
  /** The event source mapping's batching window, ms (0: none). */
  batchingWindowMs?: number;
  pollIntervalMs: number;
  pollConcurrency: number;
  /** Usage is also reported from this long after the start on (the steady state), ms. */
  warmupMs: number;
  /**
   * The steady window ends this long after the start, ms, and the encoder stops must come after it
   * (`plan.stopWindowMs`): the uploads' cost is then measured without the stops', which a real origin
   * has far fewer of, and the stops' apart. `undefined`: the window runs to the end, stops included.
   */
  steadyEndMs?: number;
  /**
   * Hold the checker process to the CPU its instances would get from Lambda at `defaults.memoryMb`
   * (`lambdaCpus` × instances) while the origin runs. Default true; where the machine cannot, the result
   * says why.
   */
  limitCpu?: boolean;
}

/** The CPU the checker process ran with. */
type CheckerCpu =
  | { limited: true; cpus: number; perInstance: number; instances: number }
  | { limited: false; reason: string };

export interface DetectionResult {
  mode: DetectionMode;
  wallMs: number;
  playlists: number;
  buckets: readonly string[];
  targetDurationS: number;
  multiple: number;
  uploads: number;
  failedPuts: number;
  /** Encoder PUT round trip (a load indicator for this machine), ms. */
  putLatencyMs?: Summary;
  analysis: Omit<DetectionAnalysis, 'lagMs' | 'deleteLagMs'>;
  lagMs?: Summary;
  deleteLagMs?: Summary;
  poll: { intervalMs: number; meanIntervalMs?: number; polls: number; errors: number };
  /** What the guard caused on the bill during the run (encoder PUTs excluded). */
  usage: Usage;
  requests: RequestCounts;
  /**
   * The same after the warm-up (most instances have read most keys once) until `untilMs` (the first
   * encoder stop) or the end: the steady state.
   */
  steady: {
    afterMs: number;
    untilMs?: number;
    uploads: number;
    uploadsPerSecond: number;
    usage: Usage;
  };
  /**
   * From the end of the steady window on, when `steadyEndMs` was set: the encoder stops and the uploads
   * of the encoders still running.
   */
  afterSteady?: { stops: number; uploads: number; usage: Usage };
  /** How loaded this machine was: CPU seconds per process, event-loop delay, load average at the end. */
  load: {
    checkerCpuS: number;
    originCpuS: number;
    fauxqsCpuS?: number;
    checkerEventLoopDelayP99Ms: number;
    originEventLoopDelayP99Ms: number;
    loadAverage: number[];
    /** The CPU the checker process was held to (Lambda's share at the memory size), or why not. */
    checkerCpu: CheckerCpu;
  };
  invocations: {
    count: number;
    messages: number;
    durationMs?: Summary;
    /** Messages per SQS batch (Lambda's batch size is the ceiling). */
    meanBatchSize?: number;
    /**
     * Share of the time the instances spent in invocations (inline waits of up to 1 s hold a batch):
     * near 1 the queue backs up and the lag grows.
     */
    busyFraction?: number;
  };
  sweeps?: { count: number; durationMs?: Summary; deleted: number };
  checkerLog: { errors: number; firstErrors: string[] };
  /** Every (metric, dimension values) pair the EMF lines created: each is one custom metric. */
  metricSeries: string[];
  /** The pairs a healthy origin creates: first seen before the first encoder stopped. */
  routineMetricSeries: string[];
}

/** DynamoDB on-demand units: a read of up to 4 KB, a write of up to 1 KB (https://aws.amazon.com/dynamodb/pricing/on-demand/). */
const READ_UNIT_BYTES = 4096;
const DYNAMODB_READS = new Set(['GetItem', 'Query', 'BatchGetItem']);
const DYNAMODB_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);

/**
 * The registry's request units from the requests sent: one per strongly consistent read and half a unit
 * per eventually consistent GetItem (items well under 4 KB), one per write (items under 1 KB); a Scan by
 * the bytes it returned, eventually consistent (half a unit per 4 KB; the JSON response is larger than the
 * stored items, so this overstates).
 */
function dynamoDbUnitsOf(counts: RequestCounts): { readUnits: number; writeUnits: number } {
  const sum = (actions: Set<string>) =>
    Object.entries(counts.dynamodb).reduce((n, [a, c]) => n + (actions.has(a) ? c : 0), 0);
  return {
    readUnits:
      sum(DYNAMODB_READS) +
      (counts.dynamodb[EVENTUALLY_CONSISTENT_GET_ITEM] ?? 0) / 2 +
      Math.ceil(counts.dynamodbScanBytes / READ_UNIT_BYTES) / 2,
    writeUnits: sum(DYNAMODB_WRITES),
  };
}

function usageOf(
  counts: RequestCounts,
  invocations: readonly InvocationRecord[],
  memoryMb: number,
): Usage {
  return {
    s3: {
      get: counts.s3.get,
      head: counts.s3.head,
      put: counts.s3.put,
      list: counts.s3.list,
      delete: counts.s3.delete,
    },
    sqs: { ...counts.sqs },
    lambdaInvocations: invocations.length,
    lambdaGbSeconds: invocations.reduce(
      (sum, i) => sum + gbSeconds(billedMs(i.durationMs), memoryMb),
      0,
    ),
    dynamoDb: dynamoDbUnitsOf(counts),
    logBytes: invocations.reduce((sum, i) => sum + i.logBytes, 0),
  };
}

const ORIGIN_SCRIPT = join(__dirname, 'origin-process.ts');

/** Runs the origin side in a child process (same tsx loader) and waits for its report. */
function runOrigin(start: OriginStart, onStarted: (startMs: number) => void): Promise<OriginDone> {
  return new Promise((resolve, reject) => {
    const child = fork(ORIGIN_SCRIPT, [], { execArgv: process.execArgv, stdio: 'inherit' });
    let answered = false;
    child.on('message', (message: OriginMessage) => {
      if (message.type === 'started') return onStarted(message.startMs);
      answered = true;
      if (message.type === 'done') resolve(message);
      else reject(new OriginProcessError(`origin process failed: ${message.error}`));
    });
    child.once('error', (cause) =>
      reject(new OriginProcessError('origin process error', { cause })),
    );
    child.once('exit', (code) => {
      if (!answered) reject(new OriginProcessError(`origin process exited with ${code}`));
    });
    child.send(start);
  });
}

class OriginProcessError extends Error {
  override name = 'OriginProcessError';
}

/**
 * One detection run: ≥ 200 live playlists on two buckets, uploads on their cadence with jitter, random
 * encoder stops; each stopped playlist is polled for its first 404 from its deadline on. The guard's
 * requests are counted as they are sent, so the same run yields the lag, the correctness (false
 * deletions, misses) and the bill.
 */
export async function runDetection(options: DetectionOptions): Promise<DetectionResult> {
  const wallStart = Date.now();
  const { plan, defaults } = options;
  const multiple = defaults.targetDurationMultiple;
  if (
    options.steadyEndMs !== undefined &&
    (options.steadyEndMs < options.warmupMs || plan.stopWindowMs[0] < options.steadyEndMs)
  ) {
    throw new RangeError(
      `the steady window [${options.warmupMs}, ${options.steadyEndMs}] ms must end before the stops ` +
        `[${plan.stopWindowMs.join(', ')}] ms begin`,
    );
  }
  const pipeline = await startBenchPipeline({
    mode: options.mode,
    buckets: plan.buckets,
    defaults,
    reconcileIntervalMs: options.reconcileIntervalMs,
    receiveWaitSeconds: options.receiveWaitSeconds,
    batchingWindowMs: options.batchingWindowMs,
  });
  const cpuAtStart = ownCpuSeconds();
  const fauxqsCpuAtStart = processCpuSeconds(pipeline.aws.pid);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let origin: OriginDone;
  let warmupTimer: NodeJS.Timeout | undefined;
  let warmupAtMs = Number.POSITIVE_INFINITY;
  let countsAtWarmup = emptyRequestCounts();
  let steadyEndTimer: NodeJS.Timeout | undefined;
  let steadyEndAtMs = Number.POSITIVE_INFINITY;
  let countsAtSteadyEnd: RequestCounts | undefined;
  let registerTimer: NodeJS.Timeout | undefined;
  let registering: Promise<unknown> | undefined;
  let cpuLimit: CpuLimitResult = { limited: false, reason: 'not asked for' };
  const instances = pipeline.instances.length;
  const perInstance = lambdaCpus(defaults.memoryMb);
  try {
    const originDone = runOrigin(
      {
        type: 'start',
        mode: options.mode,
        endpoint: pipeline.aws.endpoint,
        queueUrl: pipeline.queueUrl,
        plan,
        multiple,
        runMs: options.runMs,
        giveUpAfterDeadlineMs: options.giveUpAfterDeadlineMs,
        pollIntervalMs: options.pollIntervalMs,
        pollConcurrency: options.pollConcurrency,
        warmupMs: options.warmupMs,
        steadyEndMs: options.steadyEndMs,
      },
      (startMs) => {
        if (options.mode === 'reconciler') {
          // Once every encoder has uploaded (first uploads fall within one TARGETDURATION), the playlists
          // are registered, as their first events would have; every later event is lost.
          registerTimer = setTimeout(
            () => {
              registering = pipeline
                .registerExisting()
                .catch((error: unknown) =>
                  pipeline.logger.error('register', { error: String(error) }),
                );
            },
            startMs + plan.targetDurationS * 1000 + 1_000 - Date.now(),
          );
        }
        warmupAtMs = startMs + options.warmupMs;
        warmupTimer = setTimeout(() => {
          countsAtWarmup = pipeline.counter.counts();
        }, warmupAtMs - Date.now());
        if (options.steadyEndMs !== undefined) {
          steadyEndAtMs = startMs + options.steadyEndMs;
          steadyEndTimer = setTimeout(() => {
            countsAtSteadyEnd = pipeline.counter.counts();
          }, steadyEndAtMs - Date.now());
        }
      },
    );
    // After the origin's fork (a child inherits its parent's cgroup) and the local servers' start: only
    // this process, its instances and the event source stand-in, is held to Lambda's share.
    if (options.limitCpu ?? true) cpuLimit = limitCpu(process.pid, instances * perInstance);
    origin = await originDone;
  } catch (error) {
    if (cpuLimit.limited) cpuLimit.limit.release();
    clearTimeout(warmupTimer);
    clearTimeout(steadyEndTimer);
    clearTimeout(registerTimer);
    await registering;
    await pipeline.stop();
    throw error;
  }
  if (cpuLimit.limited) cpuLimit.limit.release();
  clearTimeout(warmupTimer);
  clearTimeout(steadyEndTimer);
  clearTimeout(registerTimer);
  await registering;
  loopDelay.disable();
  const fauxqsCpuAtEnd = processCpuSeconds(pipeline.aws.pid);
  const load = {
    checkerCpuS: ownCpuSeconds() - cpuAtStart,
    originCpuS: origin.load.cpuS,
    fauxqsCpuS:
      fauxqsCpuAtStart !== undefined && fauxqsCpuAtEnd !== undefined
        ? fauxqsCpuAtEnd - fauxqsCpuAtStart
        : undefined,
    checkerEventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    originEventLoopDelayP99Ms: origin.load.eventLoopDelayP99Ms,
    loadAverage: loadavg(),
    checkerCpu: cpuLimit.limited
      ? {
          limited: true as const,
          cpus: cpuLimit.limit.cpus,
          perInstance,
          instances,
        }
      : { limited: false as const, reason: cpuLimit.reason },
  };
  const counts = mergeCounts(pipeline.counter.counts(), origin.requests);
  const deletes = [...pipeline.counter.deletes()];
  const invocations = pipeline.instances.flatMap((i) => i.invocations);
  const sweeps = [...pipeline.sweeps];
  const checkerLog = {
    errors: pipeline.logger.counts.error,
    firstErrors: pipeline.logger.firstErrors,
  };
  const metricSeries = [...pipeline.metricSeries.keys()].sort();
  const seriesFirstSeen = [...pipeline.metricSeries];
  await pipeline.stop();

  const polls = new Map(origin.polls);
  const runs = origin.runs;
  const stopsAtMs = runs.flatMap((r) => (r.plan.stopAtMs === undefined ? [] : [r.plan.stopAtMs]));
  const firstStopAtMs = warmupAtMs - options.warmupMs + Math.min(...stopsAtMs);
  const routineMetricSeries = seriesFirstSeen
    .filter(([, firstSeenMs]) => firstSeenMs < firstStopAtMs)
    .map(([series]) => series)
    .sort();
  const analysis = analyseDetection(
    runs.map((run) => ({
      bucket: run.plan.bucket,
      key: run.plan.key,
      targetDurationS: run.plan.targetDurationS,
      uploads: run.uploads,
      stopped: run.stopped,
      firstNotFoundMs: polls.get(`${run.plan.bucket}/${run.plan.key}`)?.firstNotFoundMs,
    })),
    deletes,
    multiple,
  );
  const { lagMs, deleteLagMs, ...rest } = analysis;
  const atSteadyEnd =
    countsAtSteadyEnd && origin.requestsAtSteadyEnd
      ? mergeCounts(countsAtSteadyEnd, origin.requestsAtSteadyEnd)
      : undefined;
  const steadyCounts = subtractCounts(
    atSteadyEnd ?? counts,
    mergeCounts(countsAtWarmup, origin.requestsAtWarmup),
  );
  const steadyStarts = runs.flatMap((r) =>
    r.uploads
      .filter((u) => u.startedMs >= warmupAtMs && u.startedMs < steadyEndAtMs)
      .map((u) => u.startedMs),
  );
  const inSteadyWindow = (startedMs: number) =>
    startedMs >= warmupAtMs && startedMs < steadyEndAtMs;
  const steadySeconds = (Math.max(warmupAtMs, ...steadyStarts) - warmupAtMs) / 1000;
  const sqsInvocations = invocations.filter((i) => i.kind === 'sqs');
  const messages = sqsInvocations.reduce((sum, i) => sum + i.messages, 0);
  const sweepInvocations = invocations.filter((i) => i.kind === 'reconcile');
  return {
    mode: options.mode,
    wallMs: Date.now() - wallStart,
    playlists: runs.length,
    buckets: plan.buckets,
    targetDurationS: plan.targetDurationS,
    multiple,
    uploads: analysis.uploads,
    failedPuts: runs.reduce((sum, r) => sum + r.failedPuts, 0),
    putLatencyMs: summarize(runs.flatMap((r) => r.uploads.map((u) => u.completedMs - u.startedMs))),
    analysis: rest,
    lagMs: summarize(lagMs),
    deleteLagMs: summarize(deleteLagMs),
    poll: { intervalMs: options.pollIntervalMs, ...origin.pollStats },
    usage: usageOf(counts, invocations, defaults.memoryMb),
    requests: counts,
    steady: {
      afterMs: options.warmupMs,
      untilMs: atSteadyEnd ? options.steadyEndMs : undefined,
      uploads: steadyStarts.length,
      uploadsPerSecond: steadySeconds > 0 ? steadyStarts.length / steadySeconds : 0,
      usage: usageOf(
        steadyCounts,
        invocations.filter((i) => inSteadyWindow(i.startedMs)),
        defaults.memoryMb,
      ),
    },
    afterSteady: atSteadyEnd
      ? {
          stops: stopsAtMs.length,
          uploads: runs.reduce(
            (n, r) => n + r.uploads.filter((u) => u.startedMs >= steadyEndAtMs).length,
            0,
          ),
          usage: usageOf(
            subtractCounts(counts, atSteadyEnd),
            invocations.filter((i) => i.startedMs >= steadyEndAtMs),
            defaults.memoryMb,
          ),
        }
      : undefined,
    load,
    invocations: {
      count: invocations.length,
      messages,
      durationMs: summarize(invocations.map((i) => i.durationMs)),
      meanBatchSize: sqsInvocations.length > 0 ? messages / sqsInvocations.length : undefined,
      busyFraction: busyFraction(invocations, pipeline.instances.length),
    },
    sweeps:
      options.mode === 'reconciler'
        ? {
            count: sweeps.length,
            durationMs: summarize(sweepInvocations.map((i) => i.durationMs)),
            deleted: sweeps.reduce((sum, s) => sum + s.deleted, 0),
          }
        : undefined,
    checkerLog,
    metricSeries,
    routineMetricSeries,
  };
}

function busyFraction(
  invocations: readonly InvocationRecord[],
  instances: number,
): number | undefined {
  if (invocations.length === 0 || instances === 0) return undefined;
  const from = Math.min(...invocations.map((i) => i.startedMs));
  const to = Math.max(...invocations.map((i) => i.startedMs + i.durationMs));
  const busy = invocations.reduce((sum, i) => sum + i.durationMs, 0);
  return to > from ? busy / (instances * (to - from)) : undefined;
}

function combineCounts(a: RequestCounts, b: RequestCounts, sign: 1 | -1): RequestCounts {
  const out = emptyRequestCounts();
  for (const [counts, factor] of [
    [a, 1],
    [b, sign],
  ] as const) {
    for (const op of Object.keys(out.s3) as (keyof RequestCounts['s3'])[]) {
      out.s3[op] += factor * counts.s3[op];
    }
    for (const [action, n] of Object.entries(counts.sqs)) {
      out.sqs[action] = (out.sqs[action] ?? 0) + factor * n;
    }
    for (const [action, n] of Object.entries(counts.dynamodb ?? {})) {
      out.dynamodb[action] = (out.dynamodb[action] ?? 0) + factor * n;
    }
    out.other += factor * counts.other;
    out.s3GetBytes += factor * counts.s3GetBytes;
    out.dynamodbScanBytes += factor * counts.dynamodbScanBytes;
    out.emptyReceives += factor * counts.emptyReceives;
  }
  return out;
}

const mergeCounts = (a: RequestCounts, b: RequestCounts) => combineCounts(a, b, 1);
const subtractCounts = (a: RequestCounts, b: RequestCounts) => combineCounts(a, b, -1);

/** The steady-state usage per upload (events mode): the unit of "cost per million uploads". */
export function steadyUsagePerUpload(result: DetectionResult): Usage {
  const { uploads, usage } = result.steady;
  return scaleUsage(usage, uploads > 0 ? 1 / uploads : 0);
}

/**
 * What one encoder stop costs beyond the uploads around it: the usage after the steady window less its
 * uploads at the steady per-upload usage, per stop (`undefined` without a separate stop window). A
 * difference of two measurements, so an estimate: an item the uploads account for in full counts 0.
 */
export function usagePerStop(result: DetectionResult): Usage | undefined {
  const after = result.afterSteady;
  if (!after || after.stops === 0) return undefined;
  const uploadsOwn = scaleUsage(steadyUsagePerUpload(result), after.uploads);
  return scaleUsage(usageBeyond(after.usage, uploadsOwn), 1 / after.stops);
}
