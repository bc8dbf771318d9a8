import type { ColdStartResult } from '../cold-start/run-cold-start';
import type { CostReport } from '../cost/cost-report';
import type { Usage } from '../cost/usage';
import type { DetectionResult } from '../detection/run-detection';
import type { DeploymentDefaults } from '../harness/deployment-defaults';
import type { MachineDescription } from '../harness/machine';
import type { RegistryMonthlyCost } from '../cost/registry-cost';
import type { SweepResult } from '../sweep/run-sweep';
import type { ThroughputResult } from '../throughput/run-throughput';

/** The event path's usage measured at one upload rate. */
interface CostPoint {
  label: string;
  playlists: number;
  uploadsPerSecond: number;
  perUpload: Usage;
  /** SQS messages handed to invocations per upload, and per invocation. */
  deliveriesPerUpload: number;
  meanBatchSize?: number;
}

/** Everything one `npm run bench` measured; written as JSON to `tmp/bench/`. */
export interface BenchResults {
  startedAt: string;
  wallMs: number;
  seed: number;
  machine: MachineDescription;
  defaults: DeploymentDefaults;
  detection?: {
    events: DetectionResult;
    reconciler: DetectionResult;
    /** A sparse origin (one channel; one pipeline stops late), for the cost and the lag at a low upload rate. */
    sparse: DetectionResult;
    reconcileIntervalMs: number;
    /**
     * The dense and sparse runs again at another TARGETDURATION, with the queue delay a deployment for it
     * should have (`minTargetDurationSeconds` set to it).
     */
    atOtherTargetDuration?: {
      targetDurationS: number;
      minTargetDurationSeconds: number;
      queueDelaySeconds: number;
      events: DetectionResult;
      sparse: DetectionResult;
    };
  };
  cost?: {
    report: CostReport;
    /** The measured operating points, dense first. */
    points: CostPoint[];
    /** The same at other TARGETDURATIONs. */
    otherTargetDurations?: { targetDurationS: number; points: CostPoint[] }[];
    /**
     * Encoder stops: billed at an assumed rate per playlist, each at the usage measured after the dense
     * runs' steady windows beyond their uploads.
     */
    stops?: {
      perPlaylistPerMonth: number;
      measured: { targetDurationS: number; stops: number; perStop: Usage }[];
    };
    perSweep: Usage;
    idlePollers: number;
    /** The custom metrics a healthy origin creates (the sparse run's EMF lines). */
    routineMetricSeries: string[];
  };
  throughput?: ThroughputResult;
  coldStart?: ColdStartResult;
  /** The reconciler's sweep of the playlist registry, with few and many segment objects. */
  sweep?: SweepResult & {
    /** A month of it for the measured playlists next to the most segments, on the default schedule. */
    monthly: RegistryMonthlyCost;
    /** The same model for an origin keeping 7 days of 6 s segments: 20 channels × 5 renditions. */
    atScale: { playlists: number; segments: number; monthly: RegistryMonthlyCost };
    intervalMinutes: number;
    writersPerKey: number;
  };
  /** Correctness gates: a false deletion, a miss or a bundle over budget fails the run. */
  failures: string[];
}
