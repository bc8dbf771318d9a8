import { AWS_PRICES_US_EAST_1, SECONDS_PER_MONTH } from './aws-prices';
import {
  guardMonthly,
  monthlyRow,
  type Deployment,
  type FixedServices,
  type GuardMonthly,
  type InstanceStarts,
  type MonthlyModel,
  type MonthlyRow,
  type OperatingPoint,
  type ReconcilerSchedule,
} from './monthly-scaling';
import { priceUsage, type CostBreakdown } from './price-usage';
import { SLEEPING_FUNCTION_MEMORY_MB, sleepingFunctionUsage } from './sleeping-function-model';
import { scaleUsage, type Usage } from './usage';

/** A measured operating point and the origin it was measured on. */
interface MeasuredPoint extends OperatingPoint {
  playlists: number;
}

/** What the benchmark measured that the cost report needs. */
export interface CostInputs {
  /** Event path, steady state, per upload, at each measured upload rate (dense first). */
  points: readonly MeasuredPoint[];
  targetDurationS: number;
  /**
   * The same measured at other TARGETDURATIONs: the monthly rows at those bill their own; the
   * per-million table prices them too.
   */
  otherTargetDurations?: readonly {
    targetDurationS: number;
    points: readonly MeasuredPoint[];
    /** One encoder stop's usage measured at this TD (else `stops.perStop`). */
    perStop?: Usage;
  }[];
  multiple: number;
  reconciler: ReconcilerSchedule;
  /** Assumed idle pollers of the event source mapping. */
  idlePollers: number;
  fixed: FixedServices;
  instanceStarts: InstanceStarts;
  /** Encoder stops a month per playlist (assumed) and one stop's usage measured at `targetDurationS`. */
  stops?: { perPlaylistPerMonth: number; perStop: Usage };
  deployments: readonly Deployment[];
}

/** One measured point priced per million uploads. */
export interface GuardPerMillion {
  uploadsPerSecond: number;
  playlists: number;
  /** The event path's usage per million uploads and its price. */
  usage: Usage;
  cost: CostBreakdown;
  /** A month of an origin like the measured one (same playlists, same rate), all-in. */
  month: GuardMonthly;
  /** `month` per million uploads: event path + reconciler + idle polling + stops + fixed services. */
  allInUsd: number;
}

export interface CostReport {
  perMillionUploads: {
    /** The guard at each measured upload rate. */
    guard: GuardPerMillion[];
    /** The same at the other measured TARGETDURATIONs. */
    otherTargetDurations: { targetDurationS: number; guard: GuardPerMillion[] }[];
    /** One sleeping function per upload (128 MB arm64, its log lines), at the measured TD and at 6 s. */
    sleeping: { targetDurationS: number; usage: Usage; cost: CostBreakdown }[];
    /** The architecture's floor: one S3 → SQS send and one HEAD per upload. */
    floorUsd: number;
  };
  monthly: MonthlyRow[];
}

const MILLION = 1_000_000;

/**
 * The least every upload costs in this architecture: S3 sends its notification to SQS (one SendMessage)
 * and the version is looked at once at its deadline (one HEAD). Everything else can be amortized over
 * batches or avoided.
 */
export const FLOOR_PER_UPLOAD_USD =
  AWS_PRICES_US_EAST_1.sqsPerRequestUsd + AWS_PRICES_US_EAST_1.s3PerGetOrHeadUsd;

/**
 * Prices the measured usage: per million playlist uploads (the event path alone, and all-in for an origin
 * like the measured one) next to the sleeping-function design, and per month for a range of deployments.
 *
 * @example
 * const report = costReport(inputs);
 * report.perMillionUploads.guard[0].allInUsd;
 */
export function costReport(inputs: CostInputs): CostReport {
  const others = inputs.otherTargetDurations ?? [];
  const model = {
    points: inputs.points,
    targetDurationS: inputs.targetDurationS,
    pointsByTargetDuration: Object.fromEntries(
      others.map((o) => [o.targetDurationS, o.points] as const),
    ),
    reconciler: inputs.reconciler,
    idlePollers: inputs.idlePollers,
    multiple: inputs.multiple,
    fixed: inputs.fixed,
    instanceStarts: inputs.instanceStarts,
    stops: inputs.stops && {
      ...inputs.stops,
      perStopByTargetDuration: Object.fromEntries(
        others.flatMap((o) => (o.perStop ? [[o.targetDurationS, o.perStop] as const] : [])),
      ),
    },
  };
  const sleepingTds = [...new Set([inputs.targetDurationS, 6])];
  return {
    perMillionUploads: {
      guard: inputs.points.map((point) => perMillion(point, model)),
      otherTargetDurations: others.map((o) => ({
        targetDurationS: o.targetDurationS,
        guard: o.points.map((point) =>
          perMillion(point, {
            ...model,
            points: o.points,
            stops: model.stops && o.perStop ? { ...model.stops, perStop: o.perStop } : model.stops,
          }),
        ),
      })),
      sleeping: sleepingTds.map((targetDurationS) => {
        const usage = sleepingFunctionUsage({
          uploads: MILLION,
          targetDurationS,
          multiple: inputs.multiple,
          memoryMb: SLEEPING_FUNCTION_MEMORY_MB,
        });
        return { targetDurationS, usage, cost: priceUsage(usage) };
      }),
      floorUsd: FLOOR_PER_UPLOAD_USD * MILLION,
    },
    monthly: inputs.deployments.map((deployment) => monthlyRow(deployment, model)),
  };
}

/** One measured point per million uploads: its event path, and all-in for a month of an origin like it. */
function perMillion(point: MeasuredPoint, model: MonthlyModel): GuardPerMillion {
  const usage = scaleUsage(point.perUpload, MILLION);
  const month = guardMonthly(
    { playlists: point.playlists, uploadsPerSecond: point.uploadsPerSecond },
    model,
  );
  return {
    uploadsPerSecond: point.uploadsPerSecond,
    playlists: point.playlists,
    usage,
    cost: priceUsage(usage),
    month,
    allInUsd: (month.totalUsd / (point.uploadsPerSecond * SECONDS_PER_MONTH)) * MILLION,
  };
}

/** The deployments of the monthly table: 1, 10, 100 channels × 4 renditions × 2 pipelines at TD 2 and 6 s. */
export const MONTHLY_DEPLOYMENTS: readonly Deployment[] = [2, 6].flatMap((targetDurationS) =>
  [1, 10, 100].map((channels) => ({ channels, renditions: 4, pipelines: 2, targetDurationS })),
);
