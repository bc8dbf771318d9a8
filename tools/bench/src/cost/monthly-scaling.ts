import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from './aws-prices';
import { billedMs, gbSeconds, priceUsage } from './price-usage';
import { sleepingFunctionConcurrency, sleepingFunctionUsage } from './sleeping-function-model';
import { addUsage, scaleUsage, ZERO_S3, type Usage } from './usage';

/** ListObjectsV2 returns at most 1,000 keys per page (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
export const LIST_PAGE_KEYS = 1000;

/** SQS long polling waits at most 20 s per ReceiveMessage (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html). */
export const MAX_LONG_POLL_SECONDS = 20;

/** One origin layout: every channel has `renditions` media playlists on each of `pipelines` buckets. */
export interface Deployment {
  channels: number;
  renditions: number;
  pipelines: number;
  targetDurationS: number;
}

export const playlistsOf = (d: Deployment): number => d.channels * d.renditions * d.pipelines;

/** A live encoder writes a new playlist version per segment, a segment lasting ≈ TARGETDURATION. */
export const uploadsPerSecondOf = (d: Deployment): number => playlistsOf(d) / d.targetDurationS;

export const uploadsPerMonthOf = (d: Deployment): number =>
  uploadsPerSecondOf(d) * SECONDS_PER_MONTH;

/** The scheduled reconciler's cost drivers. */
export interface ReconcilerSchedule {
  intervalMinutes: number;
  /** (bucket, prefix) pairs swept: one LIST page each per 1,000 keys. */
  bucketPrefixes: number;
  memoryMb: number;
  /** Sweep time: fixed part plus a per-playlist part (from the benchmark's sweeps). */
  sweepBaseMs: number;
  sweepMsPerPlaylist: number;
  /**
   * Range GETs per playlist per sweep: 1 on an instance that has not read the key before (a cold cache,
   * the worst case), ≈ 0 on a warm one.
   */
  getsPerPlaylist: number;
}

/**
 * A month of reconciler sweeps for `playlists` keys: one invocation per sweep, one LIST page per 1,000
 * keys per (bucket, prefix), the fact reads, the sweep's GB-seconds, one PutMetricData per sweep.
 */
export function reconcilerMonthlyUsage(schedule: ReconcilerSchedule, playlists: number): Usage {
  const sweeps = (HOURS_PER_MONTH * 60) / schedule.intervalMinutes;
  const keysPerPrefix = playlists / schedule.bucketPrefixes;
  const listsPerSweep =
    schedule.bucketPrefixes * Math.max(1, Math.ceil(keysPerPrefix / LIST_PAGE_KEYS));
  const sweepMs = billedMs(schedule.sweepBaseMs + schedule.sweepMsPerPlaylist * playlists);
  return {
    s3: {
      ...ZERO_S3,
      list: sweeps * listsPerSweep,
      get: sweeps * playlists * schedule.getsPerPlaylist,
    },
    sqs: {},
    lambdaInvocations: sweeps,
    lambdaGbSeconds: sweeps * gbSeconds(sweepMs, schedule.memoryMb),
    putMetricDataCalls: sweeps,
  };
}

/**
 * The event source mapping's polling of an idle queue: `pollers` long polls of 20 s each, around the
 * clock. AWS does not document the idle poller count; 5 is an assumption (stated in the report).
 */
export function idlePollingMonthlyUsage(pollers: number): Usage {
  const receives = pollers * (SECONDS_PER_MONTH / MAX_LONG_POLL_SECONDS);
  return {
    s3: ZERO_S3,
    sqs: { ReceiveMessage: receives },
    lambdaInvocations: 0,
    lambdaGbSeconds: 0,
    putMetricDataCalls: 0,
  };
}

/** Per-upload usage measured at one upload rate (batching, and so the cost per upload, depends on it). */
export interface OperatingPoint {
  uploadsPerSecond: number;
  perUpload: Usage;
}

/**
 * Per-upload usage at `uploadsPerSecond`, from the measured operating points: the nearest point outside
 * their range (a rate below the sparsest run is billed like it: batches cannot hold fewer than one
 * message; above the densest like it, which overstates: batches only fill up), interpolated linearly in
 * log(rate) between two points.
 *
 * @example
 * usageAtRate([{ uploadsPerSecond: 4, perUpload: a }, { uploadsPerSecond: 100, perUpload: b }], 20);
 */
export function usageAtRate(points: readonly OperatingPoint[], uploadsPerSecond: number): Usage {
  const sorted = [...points].sort((x, y) => x.uploadsPerSecond - y.uploadsPerSecond);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) throw new RangeError('usageAtRate needs at least one operating point');
  if (uploadsPerSecond <= first.uploadsPerSecond) return first.perUpload;
  if (uploadsPerSecond >= last.uploadsPerSecond) return last.perUpload;
  const upper = sorted.findIndex((p) => p.uploadsPerSecond >= uploadsPerSecond);
  const lo = sorted[upper - 1] as OperatingPoint;
  const hi = sorted[upper] as OperatingPoint;
  const t =
    Math.log(uploadsPerSecond / lo.uploadsPerSecond) /
    Math.log(hi.uploadsPerSecond / lo.uploadsPerSecond);
  return addUsage(scaleUsage(lo.perUpload, 1 - t), scaleUsage(hi.perUpload, t));
}

/** The inputs of a monthly estimate, all but the deployment measured by the benchmark. */
export interface MonthlyModel {
  /** Per-upload usage measured on the event path at one or more upload rates. */
  points: readonly OperatingPoint[];
  reconciler: ReconcilerSchedule;
  idlePollers: number;
  multiple: number;
  memoryMb: number;
}

export interface MonthlyRow {
  deployment: Deployment;
  playlists: number;
  uploadsPerSecond: number;
  uploadsPerMonth: number;
  /** Stale guard: per-upload usage at this rate × uploads + fixed. */
  guardUsd: number;
  /** Of which fixed (reconciler + idle polling). */
  fixedUsd: number;
  sleepingUsd: number;
  sleepingConcurrency: number;
}

/**
 * A month of one deployment: the guard (per-upload usage measured near this upload rate × uploads + the
 * reconciler schedule + idle polling) next to one sleeping function per upload.
 *
 * @example
 * monthlyRow({ channels: 10, renditions: 4, pipelines: 2, targetDurationS: 2 }, model).sleepingUsd;
 */
export function monthlyRow(deployment: Deployment, model: MonthlyModel): MonthlyRow {
  const playlists = playlistsOf(deployment);
  const uploads = uploadsPerMonthOf(deployment);
  const fixed = addUsage(
    reconcilerMonthlyUsage(model.reconciler, playlists),
    idlePollingMonthlyUsage(model.idlePollers),
  );
  const fixedUsd = priceUsage(fixed).total;
  const rate = uploadsPerSecondOf(deployment);
  const guard = addUsage(scaleUsage(usageAtRate(model.points, rate), uploads), fixed);
  const sleeping = sleepingFunctionUsage({
    uploads,
    targetDurationS: deployment.targetDurationS,
    multiple: model.multiple,
    memoryMb: model.memoryMb,
  });
  return {
    deployment,
    playlists,
    uploadsPerSecond: rate,
    uploadsPerMonth: uploads,
    guardUsd: priceUsage(guard).total,
    fixedUsd,
    sleepingUsd: priceUsage(sleeping).total,
    sleepingConcurrency: sleepingFunctionConcurrency(
      rate,
      deployment.targetDurationS,
      model.multiple,
    ),
  };
}
