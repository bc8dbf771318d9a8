/**
 * One canary run: upload → probe the playback domain → confirm with the origin → delete what was written.
 * Cleanup runs whatever happened before it (failed upload, failed verdict, interruption).
 */
import type { CanaryPlan } from './canary-plan';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { DryRunVerdict, MetricReading } from './judge-dry-run';
import { FAIL_REASONS, type Observation, type ProbeVerdict } from './judge-probe';
import type { CanaryEvent, CanaryStore, Clock, FetchLike, Sleep, WouldDeleteReader } from './ports';
import { probeDryRun } from './probe-dry-run';
import { probePlayback } from './probe-playback';

export interface CanaryDeps {
  readonly store: CanaryStore;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly log: (event: CanaryEvent) => void;
  readonly signal?: AbortSignal;
  /** Required in dry-run mode: where the checker's would-delete count is read. */
  readonly metrics?: WouldDeleteReader;
}

export interface CanaryOutcome {
  readonly exitCode: ExitCode;
  /** Absent when the upload failed. */
  readonly verdict?: ProbeVerdict | DryRunVerdict;
  /** Dry-run: the metric readings. */
  readonly readings?: readonly MetricReading[];
  readonly setupError?: string;
  readonly observations: readonly Observation[];
  readonly cleanup: { readonly deleted: readonly string[]; readonly failed: readonly string[] };
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** After the CDN said 404, the bucket must agree: otherwise the domain does not route to this bucket. */
async function confirmWithOrigin(
  store: CanaryStore,
  plan: CanaryPlan,
): Promise<ProbeVerdict | null> {
  try {
    if (await store.exists(plan.liveKey))
      return {
        kind: 'fail',
        reason: FAIL_REASONS.liveStillInOrigin,
        detail: `the playback domain answers 404 but ${plan.liveKey} is still in the bucket: the domain does not serve this bucket/prefix, or the checker is not deleting`,
      };
    if (!(await store.exists(plan.endedKey)))
      return {
        kind: 'fail',
        reason: FAIL_REASONS.endedMissingInOrigin,
        detail: `${plan.endedKey} (with #EXT-X-ENDLIST) is gone from the bucket: finished playlists must never be deleted`,
      };
    return null;
  } catch (error) {
    return {
      kind: 'fail',
      reason: FAIL_REASONS.originCheckFailed,
      detail: `could not check the bucket: ${message(error)}`,
    };
  }
}

/** Dry-run: nothing may be gone from the bucket. */
async function confirmNothingDeleted(
  store: CanaryStore,
  plan: CanaryPlan,
): Promise<DryRunVerdict | null> {
  try {
    for (const [key, reason] of [
      [plan.liveKey, FAIL_REASONS.liveMissingInOrigin],
      [plan.endedKey, FAIL_REASONS.endedMissingInOrigin],
    ] as const)
      if (!(await store.exists(key)))
        return {
          kind: 'fail',
          reason,
          detail: `${key} is gone from the bucket, but in dry-run the checker must delete nothing`,
        };
    return null;
  } catch (error) {
    return {
      kind: 'fail',
      reason: FAIL_REASONS.originCheckFailed,
      detail: `could not check the bucket: ${message(error)}`,
    };
  }
}

async function cleanUp(deps: CanaryDeps, keys: readonly string[]) {
  const deleted: string[] = [];
  const failed: string[] = [];
  for (const key of keys) {
    try {
      await deps.store.remove(key);
      deleted.push(key);
      deps.log({ event: 'deleted', key });
    } catch (error) {
      failed.push(key);
      deps.log({ event: 'cleanup-failed', key, error: message(error) });
    }
  }
  return { deleted, failed };
}

/**
 * Runs the canary described by `plan`.
 *
 * @example
 * const outcome = await runCanary({ store, fetch, clock, sleep, log }, planCanary(options, runId));
 * process.exitCode = outcome.exitCode;
 */
export async function runCanary(deps: CanaryDeps, plan: CanaryPlan): Promise<CanaryOutcome> {
  // Both keys are cleaned up even if only the first upload went through.
  const keys = [plan.endedKey, plan.liveKey];
  let verdict: ProbeVerdict | DryRunVerdict | undefined;
  let setupError: string | undefined;
  let observations: readonly Observation[] = [];
  let readings: readonly MetricReading[] | undefined;
  let unexpected: { error: unknown } | undefined;
  try {
    try {
      await deps.store.put(plan.endedKey, plan.endedBody);
      deps.log({ event: 'uploaded', key: plan.endedKey, url: plan.endedUrl });
      await deps.store.put(plan.liveKey, plan.liveBody);
      deps.log({ event: 'uploaded', key: plan.liveKey, url: plan.liveUrl });
    } catch (error) {
      setupError = message(error);
    }
    if (setupError === undefined && plan.mode === 'dry-run') {
      if (!deps.metrics) throw new Error('a dry-run canary needs a metrics reader');
      const probe = await probeDryRun({ ...deps, metrics: deps.metrics }, plan, deps.clock.now());
      observations = probe.observations;
      readings = probe.readings;
      verdict =
        probe.verdict.kind === 'pass'
          ? ((await confirmNothingDeleted(deps.store, plan)) ?? probe.verdict)
          : probe.verdict;
    } else if (setupError === undefined) {
      const probe = await probePlayback(deps, plan, deps.clock.now());
      observations = probe.observations;
      verdict =
        probe.verdict.kind === 'pass'
          ? ((await confirmWithOrigin(deps.store, plan)) ?? probe.verdict)
          : probe.verdict;
    }
  } catch (error) {
    unexpected = { error };
  }
  const cleanup = await cleanUp(deps, keys);
  // A bug is rethrown, but only after the canary objects are gone.
  if (unexpected) throw unexpected.error;
  const exitCode: ExitCode =
    setupError !== undefined
      ? EXIT_CODES.setupFailed
      : verdict?.kind === 'fail' && verdict.reason === FAIL_REASONS.interrupted
        ? EXIT_CODES.interrupted
        : verdict?.kind !== 'pass'
          ? EXIT_CODES.failed
          : cleanup.failed.length > 0
            ? EXIT_CODES.cleanupFailed
            : EXIT_CODES.passed;
  return {
    exitCode,
    ...(verdict ? { verdict } : {}),
    ...(setupError !== undefined ? { setupError } : {}),
    ...(readings ? { readings } : {}),
    observations,
    cleanup,
  };
}
