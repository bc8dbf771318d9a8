import {
  monthlyRow,
  type Deployment,
  type MonthlyRow,
  type OperatingPoint,
} from './monthly-scaling';
import { priceUsage, type CostBreakdown } from './price-usage';
import { sleepingFunctionUsage } from './sleeping-function-model';
import { scaleUsage, type Usage } from './usage';

/** What the benchmark measured that the cost report needs. */
export interface CostInputs {
  /** Event path, steady state, per upload, at each measured upload rate (dense first). */
  points: readonly OperatingPoint[];
  targetDurationS: number;
  multiple: number;
  memoryMb: number;
  reconciler: {
    /** Production schedule (infra default), minutes. */
    intervalMinutes: number;
    bucketPrefixes: number;
    /** The slowest measured sweep per playlist (a cold instance reads every key), ms. */
    sweepMsPerPlaylist: number;
  };
  /** Assumed idle pollers of the event source mapping. */
  idlePollers: number;
  deployments: readonly Deployment[];
}

export interface CostReport {
  perMillionUploads: {
    /** The guard at each measured upload rate. */
    guard: { uploadsPerSecond: number; usage: Usage; cost: CostBreakdown }[];
    /** One sleeping function per upload, at the measured TD and at 6 s. */
    sleeping: { targetDurationS: number; usage: Usage; cost: CostBreakdown }[];
  };
  monthly: MonthlyRow[];
}

const MILLION = 1_000_000;

/**
 * Prices the measured usage: per million playlist uploads next to the sleeping-function design, and per
 * month for a range of deployments.
 *
 * @example
 * const report = costReport(inputs);
 * report.perMillionUploads.guard[0].cost.total;
 */
export function costReport(inputs: CostInputs): CostReport {
  const sleepingTds = [...new Set([inputs.targetDurationS, 6])];
  return {
    perMillionUploads: {
      guard: inputs.points.map((point) => {
        const usage = scaleUsage(point.perUpload, MILLION);
        return { uploadsPerSecond: point.uploadsPerSecond, usage, cost: priceUsage(usage) };
      }),
      sleeping: sleepingTds.map((targetDurationS) => {
        const usage = sleepingFunctionUsage({
          uploads: MILLION,
          targetDurationS,
          multiple: inputs.multiple,
          memoryMb: inputs.memoryMb,
        });
        return { targetDurationS, usage, cost: priceUsage(usage) };
      }),
    },
    monthly: inputs.deployments.map((deployment) =>
      monthlyRow(deployment, {
        points: inputs.points,
        reconciler: {
          intervalMinutes: inputs.reconciler.intervalMinutes,
          bucketPrefixes: inputs.reconciler.bucketPrefixes,
          memoryMb: inputs.memoryMb,
          sweepBaseMs: 0,
          sweepMsPerPlaylist: inputs.reconciler.sweepMsPerPlaylist,
          getsPerPlaylist: 1,
        },
        idlePollers: inputs.idlePollers,
        multiple: inputs.multiple,
        memoryMb: inputs.memoryMb,
      }),
    ),
  };
}

/** The deployments of the monthly table: 1, 10, 100 channels × 4 renditions × 2 pipelines at TD 2 and 6 s. */
export const MONTHLY_DEPLOYMENTS: readonly Deployment[] = [2, 6].flatMap((targetDurationS) =>
  [1, 10, 100].map((channels) => ({ channels, renditions: 4, pipelines: 2, targetDurationS })),
);
