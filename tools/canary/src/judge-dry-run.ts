/**
 * The dry-run canary's verdict. With DRY_RUN the checker decides and counts but deletes nothing, so
 * "the stale live playlist answers 404" cannot hold; instead the canary proves that the checker judged
 * the playlist stale (its `DryRunWouldDelete` series moved) and that nothing was deleted (the playlist
 * still answers 200 after its deadline). Pure: a function of the observations, the metric readings and
 * the plan, no clock.
 */
import type { CanaryPlan } from './canary-plan';
import {
  FAIL_REASONS,
  isGone,
  judgeEnded,
  seconds,
  type FailReason,
  type Observation,
} from './judge-probe';

/** One GetMetricData answer: the sum since the upload, or the error that prevented reading it. */
export interface MetricReading {
  /** When the read started, ms after the upload finished. */
  readonly atMs: number;
  /** `null` when the read failed. */
  readonly sum: number | null;
  readonly error?: string;
}

export type DryRunVerdict =
  | {
      readonly kind: 'pass';
      /** First reading with a would-delete, ms after the upload. */
      readonly wouldDeleteSeenAtMs: number;
      readonly wouldDeleteCount: number;
      /** 200s of the live playlist (this run's body) at or after its stale deadline. */
      readonly liveServedAfterDeadline: number;
    }
  | { readonly kind: 'fail'; readonly reason: FailReason; readonly detail: string };

/**
 * Decides the dry-run verdict.
 *
 * @example
 * judgeDryRun(
 *   [{ target: 'live', atMs: 4000, status: 200, bodyMatches: true }],
 *   [{ atMs: 60000, sum: 1 }],
 *   { staleDeadlineMs: 3000, metricBudgetMs: 364000 },
 *   { interrupted: false },
 * ) // { kind: 'pass', wouldDeleteSeenAtMs: 60000, wouldDeleteCount: 1, liveServedAfterDeadline: 1 }
 */
export function judgeDryRun(
  observations: readonly Observation[],
  readings: readonly MetricReading[],
  plan: Pick<CanaryPlan, 'staleDeadlineMs' | 'metricBudgetMs'>,
  run: { readonly interrupted: boolean },
): DryRunVerdict {
  const live = observations.filter((o) => o.target === 'live');
  const ended = observations.filter((o) => o.target === 'ended');

  const deleted = live.find((o) => isGone(o.status));
  if (deleted)
    return {
      kind: 'fail',
      reason: FAIL_REASONS.dryRunDeleted,
      detail: `the live playlist answered HTTP ${deleted.status} at +${seconds(deleted.atMs)}, but in dry-run the checker must delete nothing: is DRY_RUN really on (infra config dryRun, the function's environment)?`,
    };
  const endedProblem = judgeEnded(ended);
  if (endedProblem) return endedProblem;
  if (run.interrupted)
    return {
      kind: 'fail',
      reason: FAIL_REASONS.interrupted,
      detail: 'interrupted before a verdict',
    };

  const servedAfterDeadline = live.filter(
    (o) => o.atMs >= plan.staleDeadlineMs && o.status === 200 && o.bodyMatches === true,
  );
  if (servedAfterDeadline.length === 0) {
    const last = live[live.length - 1];
    return {
      kind: 'fail',
      reason: FAIL_REASONS.liveNotServedAfterDeadline,
      detail: `the live playlist was never served with this run's body after its deadline (+${seconds(plan.staleDeadlineMs)}); last answer ${last ? `${last.status === null ? `error (${last.error ?? 'unknown'})` : `HTTP ${last.status}`} at +${seconds(last.atMs)}` : 'none'}: check the domain, the prefix and the origin access`,
    };
  }

  const counted = readings.find((r) => r.sum !== null && r.sum >= 1);
  if (!counted) {
    const failures = readings.filter((r) => r.sum === null);
    if (readings.length > 0 && failures.length === readings.length)
      return {
        kind: 'fail',
        reason: FAIL_REASONS.metricReadFailed,
        detail: `could not read the DryRunWouldDelete metric (${failures[failures.length - 1]?.error ?? 'unknown error'}): the caller needs cloudwatch:GetMetricData`,
      };
    return {
      kind: 'fail',
      reason: FAIL_REASONS.wouldDeleteNotCounted,
      detail: `DryRunWouldDelete of the canary's key did not move within ${seconds(plan.metricBudgetMs)} of the upload (${readings.length} reading(s)): the checker did not judge the stale playlist (not subscribed to the bucket, prefix not watched, failing: see its logs and the dead-letter queue), or publishes to another namespace or channel rule`,
    };
  }
  return {
    kind: 'pass',
    wouldDeleteSeenAtMs: counted.atMs,
    wouldDeleteCount: counted.sum ?? 0,
    liveServedAfterDeadline: servedAfterDeadline.length,
  };
}
