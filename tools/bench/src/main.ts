/**
 * `npm run bench` (Nx: `nx run bench:bench`, after `nx build stale-checker`): detection lag at scale,
 * cost per million uploads, core throughput, cold start and the reconciler's registry sweep. Prints a markdown report, writes it and the
 * full JSON to `tmp/bench/`. Timing never fails the run; a false deletion, a miss or a bundle over
 * 650 KB does (exit 1).
 *
 *   npx tsx --tsconfig tsconfig.base.json tools/bench/src/main.ts --help
 *
 * `--update-doc` also writes the report into the generated block of docs/performance.md.
 */
import { notificationDelaySeconds } from '@hls-stale-guard/contract';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runColdStart } from './cold-start/run-cold-start';
import { HOURS_PER_MONTH } from './cost/aws-prices';
import { costReport, MONTHLY_DEPLOYMENTS } from './cost/cost-report';
import { firstSightPerKey } from './cost/monthly-scaling';
import { scaleUsage } from './cost/usage';
import { DEFAULT_ENCODER_PLAN } from './detection/encoder-plan';
import {
  runDetection,
  steadyUsagePerUpload,
  usagePerStop,
  type DetectionOptions,
  type DetectionResult,
} from './detection/run-detection';
import { loadDeploymentDefaults } from './harness/deployment-defaults';
import { describeMachine } from './harness/machine';
import type { BenchResults } from './report/bench-results';
import { renderReport } from './report/render-report';
import { updateDoc } from './report/write-doc';
import { registryMonthlyCost } from './cost/registry-cost';
import { runSweep } from './sweep/run-sweep';
import { runThroughput } from './throughput/run-throughput';

const SECTIONS = ['detection', 'throughput', 'cold-start', 'sweep'] as const;
type Section = (typeof SECTIONS)[number];

/** The reconciler's production schedule is minutes; the short run sweeps every few seconds. */
const RECONCILE_INTERVAL_MS = 5_000;
/** Where `--update-doc` writes the report (between its markers). */
const DOC_PATH = 'docs/performance.md';

/** The sweep benchmark: registered playlists, and the segment objects beside them in each case. */
const SWEEP_PLAYLISTS = 1_000;
const SWEEP_SEGMENT_CASES = [10, 100_000];
/** 20 channels × 5 renditions keeping 7 days of 6 s segments: the origin the registry is priced for. */
const AT_SCALE = { playlists: 100, segments: 100 * ((7 * 86_400) / 6) };

/**
 * The timeline of a cost run, ms after the start: a warm-up, the steady window (usage per upload), then
 * the encoder stops (usage per stop, and the lag), then a tail for the last deadlines. A real origin
 * stops far less often than a run must to measure the lag, so the stops are kept out of the uploads'
 * window and priced apart (`STOPS_PER_PLAYLIST_PER_MONTH`).
 */
interface CostRunTimeline {
  warmupMs: number;
  steadyEndMs: number;
  stopsForMs: number;
  tailMs: number;
}

/**
 * Usage per upload is counted once every instance has seen every key, as long-lived Lambda instances have:
 * a fresh instance reads each key's facts and registry item once (first sight), which a short run would
 * otherwise spread over its few uploads. The dense run's 5 instances see 200 keys at about 28 deliveries a
 * second each: about 1,200 deliveries (the coupon collector's n·Hₙ) or 40 s until each has seen all.
 */
const DENSE: CostRunTimeline = {
  warmupMs: 45_000,
  steadyEndMs: 80_000,
  stopsForMs: 12_000,
  tailMs: 8_000,
};
/** The sparse run: one channel (8 keys, ≈ 1.5 deliveries a second per instance: all seen within ≈ 20 s). */
const SPARSE: CostRunTimeline = {
  warmupMs: 25_000,
  steadyEndMs: 60_000,
  stopsForMs: 12_000,
  tailMs: 8_000,
};

/**
 * The TARGETDURATION 6 s runs, with the deployment a TD 6 origin should have (`minTargetDurationSeconds`
 * 6: the queue delays notifications 8 s). Uploads come a third as often, so the instances take three
 * times as long to see every key: the dense run's 5 instances see 200 keys at ≈ 6.7 deliveries a second
 * each, ≈ 98 % seen by 120 s (a first run with 70 s left ≈ 6 % of its steady uploads first sights); the
 * sparse run's 8 keys at ≈ 0.27 a second each, ≈ 98 % by 100 s.
 */
const TD6 = {
  targetDurationS: 6,
  minTargetDurationSeconds: 6,
  dense: { warmupMs: 120_000, steadyEndMs: 170_000, stopsForMs: 18_000, tailMs: 12_000 },
  sparse: { warmupMs: 100_000, steadyEndMs: 160_000, stopsForMs: 10_000, tailMs: 10_000 },
} as const;

const runMsOf = (t: CostRunTimeline) => t.steadyEndMs + t.stopsForMs + t.tailMs;

/** A cost run's options from its timeline: the stops come after the steady window. */
function onTimeline(
  plan: DetectionOptions['plan'],
  t: CostRunTimeline,
): Pick<DetectionOptions, 'plan' | 'runMs' | 'warmupMs' | 'steadyEndMs'> {
  return {
    plan: { ...plan, stopWindowMs: [t.steadyEndMs, t.steadyEndMs + t.stopsForMs] },
    runMs: runMsOf(t),
    warmupMs: t.warmupMs,
    steadyEndMs: t.steadyEndMs,
  };
}

/**
 * Assumed: every media playlist stops once a day (an encoder restart, a schedule change, a failure). The
 * runs stop far more often than that to measure the lag; each stop's usage is measured apart and billed
 * at this rate.
 */
const STOPS_PER_PLAYLIST_PER_MONTH = 30;

/** Assumed idle pollers of the SQS event source mapping (not documented by AWS). */
const IDLE_POLLERS = 5;

/**
 * What the deployment holds whatever the traffic, as infra synthesizes it (`infra/src/constructs/alarms.ts`):
 * 11 alarms (6 on the guard's metrics, 2 on the function, 2 on the dead-letter queues, 1 on the queue's
 * oldest message; the deletions alarm at 10 s periods when `highResolutionMetrics`, the others standard),
 * one dashboard, one customer managed key (the registry table's and the alarm topic's). X-Ray follows the
 * `tracing` setting.
 */
const GUARD_ALARMS = { total: 11, highResolution: 1 };
const GUARD_DASHBOARDS = 1;
const GUARD_KMS_KEYS = 1;
/**
 * Assumed: every instance on the SQS path is replaced by a fresh one every hour (AWS does not document how
 * long an execution environment lives), each then seeing every key once for the first time.
 */
const INSTANCE_STARTS_PER_MONTH = HOURS_PER_MONTH;
/**
 * DynamoDB caches the decrypted table key per caller and asks KMS again after 5 minutes
 * (https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html): at most 12 requests an
 * hour for the function's role.
 */
const KMS_REQUESTS_PER_MONTH = 12 * 730;
/** Registry item size when the sweep section did not run (its measured value otherwise). */
const DEFAULT_REGISTRY_ITEM_BYTES = 224;

const USAGE = `Usage: npm run bench -- [options]
   or: npx tsx --tsconfig tsconfig.base.json tools/bench/src/main.ts [options]

Measures detection lag, cost per million uploads, core throughput, cold start and the reconciler sweep on
local S3/SQS/DynamoDB servers; prints a markdown report and writes it with the raw numbers to --out.
Deployment settings come from infra/config/default.json; the options below measure other values.

Options:
  --only SECTIONS              comma-separated: ${SECTIONS.join(', ')} (default: all)
  --seed N                     encoder plan seed (default 1, or BENCH_SEED)
  --mode-ms MS                 length of the reconciler run, ≥ 20000 (default 45000)
  --out DIR                    where latest.md and latest.json go (default tmp/bench)
  --update-doc                 also rewrite the generated block of docs/performance.md
  --inline-wait-max-ms 0..1000 INLINE_WAIT_MAX_MS instead of infra's default
  --batching-window-s 0..300   event source batching window instead of infra's default
  --min-target-duration-s N|none  shortest TARGETDURATION (sets the queue delay) instead of infra's default
  --memory-mb 128..10240       Lambda memory instead of infra's: billed GB-seconds and the CPU share
  --unlimited-cpu              do not hold the checker to Lambda's CPU share (memory / 1,769 MB per instance)
  -h, --help                   this text

Exit status: 0 done, 1 a false deletion, a miss or the bundle over budget, 2 bad options.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      seed: { type: 'string', default: process.env['BENCH_SEED'] ?? '1' },
      'mode-ms': { type: 'string', default: '45000' },
      out: { type: 'string', default: 'tmp/bench' },
      'update-doc': { type: 'boolean', default: false },
      'inline-wait-max-ms': { type: 'string' },
      'batching-window-s': { type: 'string' },
      'min-target-duration-s': { type: 'string' },
      'memory-mb': { type: 'string' },
      'unlimited-cpu': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const only = (values.only?.split(',') ?? [...SECTIONS]).map((s) => s.trim());
  for (const section of only) {
    if (!(SECTIONS as readonly string[]).includes(section)) {
      throw new UsageError(`--only: unknown section "${section}" (${SECTIONS.join(', ')})`);
    }
  }
  const seed = Number(values.seed);
  const modeMs = Number(values['mode-ms']);
  if (!Number.isInteger(seed))
    throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  if (!(modeMs >= 20_000))
    throw new UsageError(`--mode-ms must be ≥ 20000, got ${values['mode-ms']}`);
  const inlineWait =
    values['inline-wait-max-ms'] === undefined ? undefined : Number(values['inline-wait-max-ms']);
  if (
    inlineWait !== undefined &&
    !(Number.isInteger(inlineWait) && inlineWait >= 0 && inlineWait <= 1000)
  ) {
    throw new UsageError(
      `--inline-wait-max-ms must be an integer 0–1000, got ${values['inline-wait-max-ms']}`,
    );
  }
  const batchingWindowS =
    values['batching-window-s'] === undefined ? undefined : Number(values['batching-window-s']);
  if (
    batchingWindowS !== undefined &&
    !(Number.isInteger(batchingWindowS) && batchingWindowS >= 0 && batchingWindowS <= 300)
  ) {
    throw new UsageError(
      `--batching-window-s must be an integer 0–300, got ${values['batching-window-s']}`,
    );
  }
  const minTdRaw = values['min-target-duration-s'];
  const minTargetDurationS =
    minTdRaw === undefined ? undefined : minTdRaw === 'none' ? null : Number(minTdRaw);
  if (
    typeof minTargetDurationS === 'number' &&
    !(Number.isInteger(minTargetDurationS) && minTargetDurationS >= 1 && minTargetDurationS <= 3600)
  ) {
    throw new UsageError(
      `--min-target-duration-s must be an integer 1–3600 or none, got ${minTdRaw}`,
    );
  }
  const memoryMb = values['memory-mb'] === undefined ? undefined : Number(values['memory-mb']);
  if (
    memoryMb !== undefined &&
    !(Number.isInteger(memoryMb) && memoryMb >= 128 && memoryMb <= 10_240)
  ) {
    throw new UsageError(
      `--memory-mb must be an integer 128–10240 (Lambda's range), got ${values['memory-mb']}`,
    );
  }
  return {
    help: values.help ?? false,
    memoryMb,
    unlimitedCpu: values['unlimited-cpu'] ?? false,
    batchingWindowS,
    minTargetDurationS,
    inlineWaitMaxMs: inlineWait,
    only: new Set(only as Section[]),
    seed,
    modeMs,
    out: values.out ?? 'tmp/bench',
    updateDoc: values['update-doc'] ?? false,
  };
}

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function main(): Promise<number> {
  // Nx forwards a flag as `--flag=true`.
  const argv = process.argv.slice(2).map((arg) => arg.replace(/^(--update-doc)=true$/, '$1'));
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = process.cwd();
  const started = Date.now();
  const loaded = loadDeploymentDefaults(root);
  // `--inline-wait-max-ms` measures another INLINE_WAIT_MAX_MS than the infra default (the report says so).
  const withWindow =
    options.batchingWindowS !== undefined
      ? {
          ...loaded,
          batchingWindowSeconds: options.batchingWindowS,
          source: `${loaded.source}, event source batching window ${options.batchingWindowS} s from --batching-window-s`,
        }
      : loaded;
  const withDelay =
    options.minTargetDurationS !== undefined
      ? {
          ...withWindow,
          minTargetDurationSeconds: options.minTargetDurationS,
          source: `${withWindow.source}, shortest TARGETDURATION ${options.minTargetDurationS ?? 'none'} from --min-target-duration-s`,
        }
      : withWindow;
  const withWait =
    options.inlineWaitMaxMs === undefined
      ? withDelay
      : {
          ...withDelay,
          inlineWaitMaxMs: options.inlineWaitMaxMs,
          source: `${withDelay.source}, INLINE_WAIT_MAX_MS from --inline-wait-max-ms`,
        };
  const defaults =
    options.memoryMb === undefined
      ? withWait
      : {
          ...withWait,
          memoryMb: options.memoryMb,
          source: `${withWait.source}, ${options.memoryMb} MB from --memory-mb`,
        };
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    wallMs: 0,
    seed: options.seed,
    machine: describeMachine(),
    defaults,
    failures: [],
  };

  if (options.only.has('throughput')) {
    progress('core throughput (6 / 100 / 10,000 segments)…');
    results.throughput = await runThroughput(1000);
  }
  if (options.only.has('cold-start')) {
    progress('cold start (bundle size, 10 loads, 5 first invocations)…');
    results.coldStart = await runColdStart({
      workspaceRoot: root,
      loadRuns: 10,
      invokeRuns: 5,
      memoryMb: defaults.memoryMb,
      unlimitedCpu: options.unlimitedCpu,
    });
    if (!results.coldStart.withinBudget) {
      results.failures.push(
        `bundle ${results.coldStart.bundleBytes} B > ${results.coldStart.budgetBytes} B`,
      );
    }
    if (
      !results.coldStart.firstInvocation.allDeleted ||
      (results.coldStart.atLambdaCpu.limited && !results.coldStart.atLambdaCpu.allDeleted)
    ) {
      results.failures.push('cold start: the bundle handler did not delete the stale playlists');
    }
  }
  if (options.only.has('sweep')) {
    progress('reconciler sweep: 1,000 registered playlists beside 10 and 100,000 segments…');
    const sweep = await runSweep({
      playlists: SWEEP_PLAYLISTS,
      segmentCases: SWEEP_SEGMENT_CASES,
      sweepsPerCase: 3,
      memoryMb: defaults.memoryMb,
      unlimitedCpu: options.unlimitedCpu,
    });
    const most = sweep.cases.at(-1);
    const writersPerKey = defaults.maxConcurrency;
    const perPlaylist = (most?.requests.head ?? 0) / sweep.playlists;
    results.sweep = {
      ...sweep,
      atScale: {
        playlists: AT_SCALE.playlists,
        segments: AT_SCALE.segments,
        monthly: registryMonthlyCost({
          playlists: AT_SCALE.playlists,
          otherObjects: AT_SCALE.segments,
          intervalMinutes: defaults.reconcileIntervalMinutes,
          headsPerSweep: perPlaylist * AT_SCALE.playlists,
          cursorRequestsPerSweep: 1,
          itemBytes: sweep.itemBytes,
          writersPerKey,
        }),
      },
      intervalMinutes: defaults.reconcileIntervalMinutes,
      writersPerKey,
      monthly: registryMonthlyCost({
        playlists: sweep.playlists,
        otherObjects: most?.segments ?? 0,
        intervalMinutes: defaults.reconcileIntervalMinutes,
        headsPerSweep: most?.requests.head ?? 0,
        cursorRequestsPerSweep: most?.requests.otherDynamoDb ?? 0,
        itemBytes: sweep.itemBytes,
        writersPerKey,
      }),
    };
    if (!sweep.independentOfSegments) {
      results.failures.push(
        `sweep: requests per sweep depend on the segment count: ${JSON.stringify(sweep.cases.map((c) => c.requests))}`,
      );
    }
    for (const c of sweep.cases) {
      if (!c.report.complete || c.report.deleted > 0 || c.report.errors > 0) {
        results.failures.push(`sweep beside ${c.segments} segments: ${JSON.stringify(c.report)}`);
      }
    }
  }
  if (options.only.has('detection')) {
    const base: Omit<DetectionOptions, 'mode' | 'giveUpAfterDeadlineMs'> = {
      defaults,
      plan: {
        ...DEFAULT_ENCODER_PLAN,
        seed: options.seed,
        buckets: ['origin-a', 'origin-b'],
        multiple: defaults.targetDurationMultiple,
        stopWindowMs: [6_000, options.modeMs - 8_000],
        prefix: defaults.watchedPrefixes[0] ?? 'live/',
      },
      runMs: options.modeMs,
      reconcileIntervalMs: RECONCILE_INTERVAL_MS,
      receiveWaitSeconds: 20,
      batchingWindowMs: defaults.batchingWindowSeconds * 1000,
      pollIntervalMs: 25,
      pollConcurrency: 8,
      warmupMs: 10_000,
      limitCpu: !options.unlimitedCpu,
    };
    progress(`detection, events mode (${runMsOf(DENSE) / 1000} s)…`);
    const events = await runDetection({
      ...base,
      ...onTimeline(base.plan, DENSE),
      mode: 'events',
      giveUpAfterDeadlineMs: 20_000,
    });
    progress(`detection, reconciler alone (${options.modeMs / 1000} s)…`);
    const reconciler = await runDetection({
      ...base,
      mode: 'reconciler',
      giveUpAfterDeadlineMs: RECONCILE_INTERVAL_MS + 20_000,
    });
    progress(`detection, sparse origin: cost and lag at a low rate (${runMsOf(SPARSE) / 1000} s)…`);
    // One pipeline of the channel stops after the steady window: the lag at a low rate.
    const sparse = await runDetection({
      ...base,
      ...onTimeline({ ...base.plan, channels: 1, stopFraction: 0.5 }, SPARSE),
      mode: 'events',
      giveUpAfterDeadlineMs: 20_000,
    });
    const defaults6 = { ...defaults, minTargetDurationSeconds: TD6.minTargetDurationSeconds };
    const base6 = {
      ...base,
      defaults: defaults6,
      plan: { ...base.plan, targetDurationS: TD6.targetDurationS },
    };
    progress(
      `detection at TARGETDURATION ${TD6.targetDurationS} s (queue delay ${notificationDelaySeconds(defaults6)} s), ` +
        `dense (${runMsOf(TD6.dense) / 1000} s)…`,
    );
    const events6 = await runDetection({
      ...base6,
      ...onTimeline(base6.plan, TD6.dense),
      mode: 'events',
      giveUpAfterDeadlineMs: 20_000,
    });
    progress(
      `detection at TARGETDURATION ${TD6.targetDurationS} s, sparse (${runMsOf(TD6.sparse) / 1000} s)…`,
    );
    const sparse6 = await runDetection({
      ...base6,
      ...onTimeline({ ...base6.plan, channels: 1, stopFraction: 0.5 }, TD6.sparse),
      mode: 'events',
      giveUpAfterDeadlineMs: 20_000,
    });
    results.detection = {
      events,
      reconciler,
      sparse,
      reconcileIntervalMs: RECONCILE_INTERVAL_MS,
      atOtherTargetDuration: {
        targetDurationS: TD6.targetDurationS,
        minTargetDurationSeconds: TD6.minTargetDurationSeconds,
        queueDelaySeconds: notificationDelaySeconds(defaults6),
        events: events6,
        sparse: sparse6,
      },
    };
    for (const run of [events, reconciler, sparse, events6, sparse6]) {
      const a = run.analysis;
      if (a.falseDeletions.length > 0) {
        results.failures.push(
          `${run.mode}: ${a.falseDeletions.length} false deletion(s): ${JSON.stringify(a.falseDeletions.slice(0, 3))}`,
        );
      }
      if (a.misses.length > 0) {
        results.failures.push(
          `${run.mode}: ${a.misses.length} miss(es): ${JSON.stringify(a.misses.slice(0, 3))}`,
        );
      }
    }

    const sweepCount = reconciler.sweeps?.count ?? 0;
    const perPlaylistPerSweep = scaleUsage(
      { ...reconciler.usage, lambdaInvocations: 0, lambdaGbSeconds: 0 },
      sweepCount > 0 && reconciler.playlists > 0 ? 1 / (sweepCount * reconciler.playlists) : 0,
    );
    const pointsOf = (runs: DetectionResult[]) =>
      runs.map((run) => ({
        label: `${run.playlists} playlists`,
        playlists: run.playlists,
        uploadsPerSecond: run.steady.uploadsPerSecond,
        perUpload: steadyUsagePerUpload(run),
        deliveriesPerUpload: run.uploads > 0 ? run.invocations.messages / run.uploads : 0,
        meanBatchSize: run.invocations.meanBatchSize,
      }));
    const points = pointsOf([events, sparse]);
    const points6 = pointsOf([events6, sparse6]);
    // Per stop from the dense runs (100 stops each; the sparse runs' 4 are too few to subtract from).
    const perStop = usagePerStop(events);
    const perStop6 = usagePerStop(events6);
    const sweeps = reconciler.sweeps?.count ?? 0;
    const slowestSweepMs = reconciler.sweeps?.durationMs?.max ?? 0;
    results.cost = {
      points,
      otherTargetDurations: [{ targetDurationS: TD6.targetDurationS, points: points6 }],
      stops: {
        perPlaylistPerMonth: STOPS_PER_PLAYLIST_PER_MONTH,
        measured: [
          { targetDurationS: events.targetDurationS, run: events, perStop },
          { targetDurationS: TD6.targetDurationS, run: events6, perStop: perStop6 },
        ].flatMap(({ targetDurationS, run, perStop: usage }) =>
          usage ? [{ targetDurationS, stops: run.afterSteady?.stops ?? 0, perStop: usage }] : [],
        ),
      },
      perSweep: scaleUsage(reconciler.usage, sweeps > 0 ? 1 / sweeps : 0),
      idlePollers: IDLE_POLLERS,
      routineMetricSeries: sparse.routineMetricSeries,
      report: costReport({
        points,
        otherTargetDurations: [
          { targetDurationS: TD6.targetDurationS, points: points6, perStop: perStop6 },
        ],
        stops: perStop && { perPlaylistPerMonth: STOPS_PER_PLAYLIST_PER_MONTH, perStop },
        targetDurationS: events.targetDurationS,
        multiple: events.multiple,
        reconciler: {
          intervalMinutes: defaults.reconcileIntervalMinutes,
          memoryMb: defaults.memoryMb,
          sweepMsPerPlaylist: reconciler.playlists > 0 ? slowestSweepMs / reconciler.playlists : 0,
          perPlaylistPerSweep,
        },
        idlePollers: IDLE_POLLERS,
        fixed: {
          // A healthy origin's metrics (before the first stop): they get data every hour.
          customMetrics: sparse.routineMetricSeries.length,
          standardAlarms: GUARD_ALARMS.total - GUARD_ALARMS.highResolution,
          highResolutionAlarms: GUARD_ALARMS.highResolution,
          dashboards: GUARD_DASHBOARDS,
          kmsKeys: GUARD_KMS_KEYS,
          kmsRequestsPerMonth: KMS_REQUESTS_PER_MONTH,
          xrayTracing: defaults.tracing === 'active',
          logRetentionDays: defaults.logRetentionDays,
          registryItemBytes: results.sweep?.itemBytes ?? DEFAULT_REGISTRY_ITEM_BYTES,
        },
        instanceStarts: {
          instances: defaults.maxConcurrency,
          startsPerInstancePerMonth: INSTANCE_STARTS_PER_MONTH,
          perKey: firstSightPerKey(notificationDelaySeconds(defaults)),
        },
        deployments: MONTHLY_DEPLOYMENTS,
      }),
    };
  }

  results.wallMs = Date.now() - started;
  const report = renderReport(results);
  process.stdout.write(report);
  const out = resolve(root, options.out);
  mkdirSync(out, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(join(out, `bench-${stamp}.json`), json);
  writeFileSync(join(out, 'latest.json'), json);
  writeFileSync(join(out, 'latest.md'), report);
  progress(
    `wrote ${join(options.out, 'latest.json')} and latest.md (${(results.wallMs / 1000).toFixed(0)} s)`,
  );
  if (options.updateDoc) {
    await updateDoc(join(root, DOC_PATH), report);
    progress(`updated ${DOC_PATH}`);
  }
  return results.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text =
      error instanceof UsageError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`bench failed: ${text}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
