import {
  AWS_PRICES_US_EAST_1,
  BYTES_PER_GB,
  HOURS_PER_MONTH,
  SECONDS_PER_MONTH,
} from './aws-prices';
import { billedMs, gbSeconds, priceUsage, type CostBreakdown } from './price-usage';
import {
  SLEEPING_FUNCTION_MEMORY_MB,
  sleepingFunctionConcurrency,
  sleepingFunctionUsage,
} from './sleeping-function-model';
import { addUsage, scaleUsage, ZERO_USAGE, type Usage } from './usage';

/** ListObjectsV2 returns at most 1,000 keys per page (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
export const LIST_PAGE_KEYS = 1000;

/** SQS long polling waits at most 20 s per ReceiveMessage (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html). */
const MAX_LONG_POLL_SECONDS = 20;

/**
 * Lambda's default X-Ray sampling under active tracing: the first request each second and 5 % of the
 * others (https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html).
 */
const XRAY_RESERVOIR_PER_SECOND = 1;
const XRAY_SAMPLED_FRACTION = 0.05;

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

/** The scheduled reconciler's cost drivers, measured per playlist per sweep. */
export interface ReconcilerSchedule {
  intervalMinutes: number;
  memoryMb: number;
  /** Sweep time per registered playlist (the slowest measured sweep), ms. */
  sweepMsPerPlaylist: number;
  /** What one sweep caused per registered playlist (S3, DynamoDB, log bytes), invocations excluded. */
  perPlaylistPerSweep: Usage;
}

/** A month of reconciler sweeps over `playlists` registered keys: one invocation per sweep. */
export function reconcilerMonthlyUsage(schedule: ReconcilerSchedule, playlists: number): Usage {
  const sweeps = (HOURS_PER_MONTH * 60) / schedule.intervalMinutes;
  const sweepMs = billedMs(schedule.sweepMsPerPlaylist * playlists);
  return addUsage(scaleUsage(schedule.perPlaylistPerSweep, sweeps * playlists), {
    ...ZERO_USAGE,
    lambdaInvocations: sweeps,
    lambdaGbSeconds: sweeps * gbSeconds(sweepMs, schedule.memoryMb),
  });
}

/**
 * The event source mapping's polling of an idle queue: `pollers` long polls of 20 s each, around the
 * clock (an upper bound: a busy queue's receives are counted per upload). AWS does not document the idle
 * poller count; 5 is an assumption (stated in the report).
 */
export function idlePollingMonthlyUsage(pollers: number): Usage {
  return {
    ...ZERO_USAGE,
    sqs: { ReceiveMessage: pollers * (SECONDS_PER_MONTH / MAX_LONG_POLL_SECONDS) },
  };
}

/**
 * Fresh Lambda instances on the SQS path. A fresh instance knows no key: the first message of each key it
 * handles reads the version's facts (one bounded GET) and the key's registry item (one eventually
 * consistent `GetItem`: has the playlist been deleted meanwhile?) and writes the item once (`UpdateItem`).
 * Later messages of the key cost none of that, so the event path's per-upload usage is measured once every
 * instance has seen every key, and the first sights are priced here.
 */
export interface InstanceStarts {
  /** Instances on the SQS path: the event source's maximum concurrency. */
  instances: number;
  /**
   * How often each instance is replaced by a fresh one, a month. AWS does not document how long an
   * execution environment lives; the report states the assumption.
   */
  startsPerInstancePerMonth: number;
  /** What one fresh instance causes per key on first sight. */
  perKey: Usage;
}

/** One first sight: one GET, one eventually consistent read of ≤ 4 KB (0.5 unit), one write of ≤ 1 KB (1 unit). */
export const FIRST_SIGHT_PER_KEY: Usage = {
  ...ZERO_USAGE,
  s3: { ...ZERO_USAGE.s3, get: 1 },
  dynamoDb: { readUnits: 0.5, writeUnits: 1 },
};

/**
 * One first sight when the queue delays notifications (`notificationDelaySeconds` > 0): the event names a
 * version usually replaced by then, so the `If-Match` GET fails and the current version is read (HEAD +
 * GET) to learn the key's timing; the registry read and write as above.
 */
const FIRST_SIGHT_PER_KEY_DELAYED: Usage = {
  ...FIRST_SIGHT_PER_KEY,
  s3: { ...FIRST_SIGHT_PER_KEY.s3, get: 2, head: 1 },
};

/** What a fresh instance's first sight of a key costs with this queue delay. */
export function firstSightPerKey(notificationDelaySeconds: number): Usage {
  return notificationDelaySeconds > 0 ? FIRST_SIGHT_PER_KEY_DELAYED : FIRST_SIGHT_PER_KEY;
}

/** A month of first sights: every instance, on each start, sees every key once. */
function instanceStartsMonthlyUsage(starts: InstanceStarts, playlists: number): Usage {
  return scaleUsage(starts.perKey, starts.instances * starts.startsPerInstancePerMonth * playlists);
}

/** X-Ray traces a month at a mean invocation rate, with Lambda's default sampling. */
export function xrayTracesPerMonth(invocationsPerSecond: number): number {
  const r = Math.max(0, invocationsPerSecond);
  const perSecond =
    Math.min(r, XRAY_RESERVOIR_PER_SECOND) +
    XRAY_SAMPLED_FRACTION * Math.max(0, r - XRAY_RESERVOIR_PER_SECOND);
  return perSecond * SECONDS_PER_MONTH;
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

/** What the guard's deployment holds whatever the traffic (from infra), and its tracing. */
export interface FixedServices {
  /**
   * Custom metrics receiving data every hour: each (metric, dimension values) pair is billed per
   * metric-month, prorated by the hour (`countCustomMetrics` in @hls-stale-guard/metrics gives the
   * worst case, every pair every hour).
   */
  customMetrics: number;
  standardAlarms: number;
  highResolutionAlarms: number;
  dashboards: number;
  /** Customer managed keys (the registry table's, shared with the alarm topic). */
  kmsKeys: number;
  /** KMS requests a month (DynamoDB's table-key decrypts; it caches the key per caller). */
  kmsRequestsPerMonth: number;
  /** Lambda active tracing (infra: `tracingConfig.mode = Active`). */
  xrayTracing: boolean;
  /** Log group retention: storage is one month of ingestion × retention / 30 days. */
  logRetentionDays: number;
  /** One registry item, bytes (DynamoDB storage, $0.25 per GB-month). */
  registryItemBytes: number;
}

/** The inputs of a monthly estimate, all but the deployment measured by the benchmark. */
export interface MonthlyModel {
  /** Per-upload usage measured on the event path at one or more upload rates. */
  points: readonly OperatingPoint[];
  /** The TARGETDURATION `points` were measured at, s. */
  targetDurationS?: number;
  /**
   * Points measured at other TARGETDURATIONs (s → points): a deployment at one of them is billed with its
   * own; any other with `points`.
   */
  pointsByTargetDuration?: Readonly<Record<number, readonly OperatingPoint[]>>;
  reconciler: ReconcilerSchedule;
  idlePollers: number;
  multiple: number;
  fixed: FixedServices;
  instanceStarts: InstanceStarts;
  /** Encoder stops: each costs a stale check, a deletion and its records beyond the uploads. */
  stops?: EncoderStops;
}

/** How often playlists stop and what one stop costs, measured apart from the uploads. */
interface EncoderStops {
  /** Assumed (an operating choice, not a measurement): the report states it. */
  perPlaylistPerMonth: number;
  /** Measured per stop at the model's `targetDurationS`. */
  perStop: Usage;
  /** The same measured at other TARGETDURATIONs (s → usage); a deployment at one of them is billed with its own. */
  perStopByTargetDuration?: Readonly<Record<number, Usage>>;
}

/** A month of the guard for one origin, by line item, USD. */
export interface GuardMonthly {
  uploadsPerMonth: number;
  /**
   * Everything billed per request, byte or GB-second: event path + reconciler + idle polling + first
   * sights + stops.
   */
  usage: Usage;
  usageUsd: CostBreakdown;
  /** Of `usageUsd.total`, the event path's share (per-upload usage × uploads). */
  eventPathUsd: number;
  /** Of `usageUsd.total`, fresh instances' first sights of each key. */
  firstSightsUsd: number;
  /** Of `usageUsd.total`, the encoder stops (`MonthlyModel.stops`). */
  stopsUsd: number;
  xrayUsd: number;
  customMetricsUsd: number;
  alarmsUsd: number;
  dashboardUsd: number;
  kmsUsd: number;
  logStorageUsd: number;
  registryStorageUsd: number;
  /** Everything but the event path: reconciler, idle polling, first sights, stops, and the items above. */
  fixedUsd: number;
  totalUsd: number;
}

/**
 * A month of the guard for `playlists` live playlists uploading `uploadsPerSecond` in all: the event
 * path (per-upload usage measured near this rate), the reconciler, idle polling, fresh instances' first
 * sights, encoder stops, X-Ray at the resulting invocation rate (when tracing is on), and the deployment's
 * fixed services.
 * Pure.
 *
 * @example guardMonthly({ playlists: 8, uploadsPerSecond: 4 }, model).totalUsd;
 */
export function guardMonthly(
  origin: { playlists: number; uploadsPerSecond: number },
  model: MonthlyModel,
  prices = AWS_PRICES_US_EAST_1,
): GuardMonthly {
  const uploads = origin.uploadsPerSecond * SECONDS_PER_MONTH;
  const eventPath = scaleUsage(usageAtRate(model.points, origin.uploadsPerSecond), uploads);
  const firstSights = instanceStartsMonthlyUsage(model.instanceStarts, origin.playlists);
  const stops = model.stops
    ? scaleUsage(model.stops.perStop, model.stops.perPlaylistPerMonth * origin.playlists)
    : ZERO_USAGE;
  const usage = [
    reconcilerMonthlyUsage(model.reconciler, origin.playlists),
    idlePollingMonthlyUsage(model.idlePollers),
    firstSights,
    stops,
  ].reduce(addUsage, eventPath);
  const usageUsd = priceUsage(usage, prices);
  const f = model.fixed;
  const items = {
    xrayUsd: f.xrayTracing
      ? xrayTracesPerMonth(usage.lambdaInvocations / SECONDS_PER_MONTH) * prices.xrayPerTraceUsd
      : 0,
    customMetricsUsd: f.customMetrics * prices.customMetricMonthUsd,
    alarmsUsd:
      f.standardAlarms * prices.standardAlarmMonthUsd +
      f.highResolutionAlarms * prices.highResolutionAlarmMonthUsd,
    dashboardUsd: f.dashboards * prices.dashboardMonthUsd,
    kmsUsd: f.kmsKeys * prices.kmsKeyMonthUsd + f.kmsRequestsPerMonth * prices.kmsPerRequestUsd,
    logStorageUsd:
      (usage.logBytes / BYTES_PER_GB) * (f.logRetentionDays / 30) * prices.logsStoragePerGbMonthUsd,
    registryStorageUsd:
      ((origin.playlists * f.registryItemBytes) / BYTES_PER_GB) * prices.dynamoDbPerGbMonthUsd,
  };
  const eventPathUsd = priceUsage(eventPath, prices).total;
  const totalUsd = usageUsd.total + Object.values(items).reduce((sum, v) => sum + v, 0);
  return {
    uploadsPerMonth: uploads,
    usage,
    usageUsd,
    eventPathUsd,
    firstSightsUsd: priceUsage(firstSights, prices).total,
    stopsUsd: priceUsage(stops, prices).total,
    ...items,
    fixedUsd: totalUsd - eventPathUsd,
    totalUsd,
  };
}

export interface MonthlyRow {
  deployment: Deployment;
  playlists: number;
  uploadsPerSecond: number;
  uploadsPerMonth: number;
  guard: GuardMonthly;
  /** Stale guard, all-in. */
  guardUsd: number;
  /** Of which not proportional to uploads (reconciler, idle polling, metrics, alarms, …). */
  fixedUsd: number;
  /** One sleeping function per upload at 128 MB arm64, with its log lines. */
  sleepingUsd: number;
  sleepingConcurrency: number;
  /** sleepingUsd ÷ guardUsd: how many times cheaper the guard is. */
  ratio: number;
  /** The TARGETDURATION whose measured per-upload usage billed the event path, s. */
  usageMeasuredAtTargetDurationS?: number;
}

/**
 * A month of one deployment: the guard all-in next to one sleeping function per upload.
 *
 * @example
 * monthlyRow({ channels: 10, renditions: 4, pipelines: 2, targetDurationS: 2 }, model).ratio;
 */
export function monthlyRow(deployment: Deployment, model: MonthlyModel): MonthlyRow {
  const playlists = playlistsOf(deployment);
  const rate = uploadsPerSecondOf(deployment);
  const own = model.pointsByTargetDuration?.[deployment.targetDurationS];
  const ownPerStop = model.stops?.perStopByTargetDuration?.[deployment.targetDurationS];
  const guard = guardMonthly(
    { playlists, uploadsPerSecond: rate },
    {
      ...model,
      points: own ?? model.points,
      stops: model.stops && ownPerStop ? { ...model.stops, perStop: ownPerStop } : model.stops,
    },
  );
  const sleepingUsd = priceUsage(
    sleepingFunctionUsage({
      uploads: guard.uploadsPerMonth,
      targetDurationS: deployment.targetDurationS,
      multiple: model.multiple,
      memoryMb: SLEEPING_FUNCTION_MEMORY_MB,
    }),
  ).total;
  return {
    deployment,
    playlists,
    uploadsPerSecond: rate,
    uploadsPerMonth: guard.uploadsPerMonth,
    guard,
    guardUsd: guard.totalUsd,
    fixedUsd: guard.fixedUsd,
    sleepingUsd,
    sleepingConcurrency: sleepingFunctionConcurrency(
      rate,
      deployment.targetDurationS,
      model.multiple,
    ),
    ratio: sleepingUsd / guard.totalUsd,
    usageMeasuredAtTargetDurationS: own ? deployment.targetDurationS : model.targetDurationS,
  };
}
