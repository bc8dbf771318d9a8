/**
 * The canary's verdict from what it observed on the playback domain. Pure: a function of the
 * observations and the plan, no clock.
 */
import type { CanaryPlan } from './canary-plan';

/**
 * What "gone" looks like: RFC 8216 §6.2.1 (rfc8216bis §6.2.1) says a server removing a presentation
 * SHOULD answer 404 or 410; CloudFront passes S3's 404 through (and caches it for the error TTL).
 */
export const GONE_STATUSES = [404, 410] as const;

export interface Observation {
  readonly target: 'live' | 'ended';
  /** When the request started, ms after the upload finished. */
  readonly atMs: number;
  /** HTTP status, `null` when the request failed (timeout, DNS, TLS…). */
  readonly status: number | null;
  /** For 200s: whether the body is this run's playlist (its run id is in the segment names). */
  readonly bodyMatches?: boolean;
  readonly error?: string;
}

export const FAIL_REASONS = {
  /** The live playlist still answered non-404 when the budget ran out. */
  liveNotRemoved: 'live-not-removed',
  /** It answered 403: a missing key looks like 403 unless the origin principal has s3:ListBucket. */
  liveForbidden: 'live-forbidden',
  /** The ENDLIST playlist answered 404/410: something deleted a finished playlist. */
  endedRemoved: 'ended-removed',
  /** The ENDLIST playlist did not answer 200 after the live one was gone. */
  endedNotServed: 'ended-not-served',
  /** A 200 for the ENDLIST playlist with another body: not this run's object (wrong domain/cache). */
  endedBodyMismatch: 'ended-body-mismatch',
  /** The origin disagrees with the CDN (set by run-canary after the probe). */
  liveStillInOrigin: 'live-still-in-origin',
  endedMissingInOrigin: 'ended-missing-in-origin',
  originCheckFailed: 'origin-check-failed',
  interrupted: 'interrupted',
  /** Dry-run: the live playlist answered 404/410 although the checker must delete nothing. */
  dryRunDeleted: 'dry-run-deleted',
  /** Dry-run: the live playlist was not served (200, this run's body) after its deadline. */
  liveNotServedAfterDeadline: 'live-not-served-after-deadline',
  /** Dry-run: `DryRunWouldDelete` of the canary's key did not move within the metric budget. */
  wouldDeleteNotCounted: 'would-delete-not-counted',
  /** Dry-run: the metric could not be read at all (credentials, cloudwatch:GetMetricData). */
  metricReadFailed: 'metric-read-failed',
  /** Dry-run: the live playlist is gone from the bucket. */
  liveMissingInOrigin: 'live-missing-in-origin',
} as const;
export type FailReason = (typeof FAIL_REASONS)[keyof typeof FAIL_REASONS];

export type ProbeVerdict =
  | {
      readonly kind: 'pass';
      /** When the first 404/410 was requested, ms after the upload. */
      readonly liveGoneAtMs: number;
      /** False when the live playlist answered 404 from the first request (never seen served). */
      readonly liveServedFirst: boolean;
      readonly endedChecksAfterGone: number;
    }
  | { readonly kind: 'fail'; readonly reason: FailReason; readonly detail: string };

export function isGone(status: number | null): boolean {
  return status !== null && (GONE_STATUSES as readonly number[]).includes(status);
}

function describe(o: Observation | undefined): string {
  if (!o) return 'no response';
  return o.status === null ? `error (${o.error ?? 'unknown'})` : `HTTP ${o.status}`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The rules for the ENDLIST playlist, in either mode: it must never be gone, refused or another object.
 * `undefined` when nothing is wrong with it (so far).
 *
 * @example
 * judgeEnded([{ target: 'ended', atMs: 0, status: 404 }])?.reason // 'ended-removed'
 */
export function judgeEnded(
  ended: readonly Observation[],
): (ProbeVerdict & { kind: 'fail' }) | undefined {
  const endedGone = ended.find((o) => isGone(o.status));
  if (endedGone) {
    const servedBefore = ended.some((o) => o.status === 200 && o.atMs < endedGone.atMs);
    return {
      kind: 'fail',
      reason: FAIL_REASONS.endedRemoved,
      detail: servedBefore
        ? `the playlist with #EXT-X-ENDLIST was served, then answered HTTP ${endedGone.status} at +${seconds(endedGone.atMs)}: something deleted a finished playlist`
        : `the playlist with #EXT-X-ENDLIST was never served (HTTP ${endedGone.status} at +${seconds(endedGone.atMs)}): the domain does not serve this bucket and prefix, or it was deleted at once`,
    };
  }
  const refused = ended.find(
    (o) => o.status !== null && o.status !== 200 && o.status < 500 && !isGone(o.status),
  );
  if (refused)
    return {
      kind: 'fail',
      reason: FAIL_REASONS.endedNotServed,
      detail: `the ENDLIST playlist answered HTTP ${refused.status} at +${seconds(refused.atMs)} (expected 200): check the domain, the prefix and the origin access`,
    };
  const mismatch = ended.find((o) => o.status === 200 && o.bodyMatches === false);
  if (mismatch)
    return {
      kind: 'fail',
      reason: FAIL_REASONS.endedBodyMismatch,
      detail: `the ENDLIST playlist URL answered 200 with another body at +${seconds(mismatch.atMs)}: the domain does not serve this bucket/prefix`,
    };

  return undefined;
}

/**
 * Decides the probe's verdict.
 *
 * @example
 * judgeProbe([
 *   { target: 'live', atMs: 0, status: 200 }, { target: 'ended', atMs: 0, status: 200, bodyMatches: true },
 *   { target: 'live', atMs: 4000, status: 404 }, { target: 'ended', atMs: 4000, status: 200, bodyMatches: true },
 * ], plan, { interrupted: false }) // { kind: 'pass', liveGoneAtMs: 4000, … }
 */
export function judgeProbe(
  observations: readonly Observation[],
  plan: Pick<CanaryPlan, 'budgetMs' | 'staleDeadlineMs'>,
  run: { readonly interrupted: boolean },
): ProbeVerdict {
  const live = observations.filter((o) => o.target === 'live');
  const ended = observations.filter((o) => o.target === 'ended');

  const endedProblem = judgeEnded(ended);
  if (endedProblem) return endedProblem;

  if (run.interrupted)
    return {
      kind: 'fail',
      reason: FAIL_REASONS.interrupted,
      detail: 'interrupted before a verdict',
    };

  const gone = live.find((o) => isGone(o.status) && o.atMs <= plan.budgetMs);
  if (!gone) {
    const last = live[live.length - 1];
    return last?.status === 403
      ? {
          kind: 'fail',
          reason: FAIL_REASONS.liveForbidden,
          detail: `the live playlist answered 403 after ${seconds(plan.budgetMs)}: if it was deleted, grant s3:ListBucket to the CloudFront origin access principal so a missing key is a cacheable 404 and failover can happen`,
        }
      : {
          kind: 'fail',
          reason: FAIL_REASONS.liveNotRemoved,
          detail: `the live playlist still answered ${describe(last)} at +${seconds(last?.atMs ?? 0)}; it is stale after ${seconds(plan.staleDeadlineMs)} and had to be gone within ${seconds(plan.budgetMs)}: the checker did not delete it in time`,
        };
  }

  const after = ended.filter((o) => o.atMs >= gone.atMs);
  const lastEnded = after[after.length - 1];
  if (lastEnded?.status !== 200) {
    return {
      kind: 'fail',
      reason: FAIL_REASONS.endedNotServed,
      detail: `after the live playlist was gone, the ENDLIST playlist answered ${describe(lastEnded)}`,
    };
  }
  return {
    kind: 'pass',
    liveGoneAtMs: gone.atMs,
    liveServedFirst: live.some((o) => o.status === 200 && o.atMs < gone.atMs),
    endedChecksAfterGone: after.filter((o) => o.status === 200).length,
  };
}
