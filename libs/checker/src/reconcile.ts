import { MetricName } from '@hls-stale-guard/metrics';
import { isPlaylistKey } from '@hls-stale-guard/playlist';
import { checkAtDeadline, type CheckOutcome, type CheckTarget } from './core/check-at-deadline';
import type { CheckerDeps } from './core/checker-deps';
import type { InvocationBudget } from './core/handle-object-created';
import { isPastDeadline, judgeVersion } from './core/judge-version';
import { logOutcome } from './core/log-outcome';
import { mapLimit } from './core/map-limit';
import type { ListedObject } from './core/ports';
import { readFacts } from './core/read-facts';
import { describeError } from './process-sqs-batch';

/** ListObjectsV2 returns at most 1,000 keys per page (docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
export const LIST_PAGE_SIZE = 1000;

/** Checks run at once during a sweep. */
export const RECONCILE_CONCURRENCY = 8;

/**
 * S3 lists `LastModified` truncated to whole seconds: the write may have happened up to 999 ms later.
 * Taking the latest possible time keeps the reconciler from judging a playlist before its deadline.
 */
export function conservativeWriteTimeMs(lastModifiedMs: number): number {
  return lastModifiedMs % 1000 === 0 ? lastModifiedMs + 999 : lastModifiedMs;
}

export interface ReconcileReport {
  complete: boolean;
  scanned: number;
  playlists: number;
  checked: number;
  deleted: number;
  wouldDelete: number;
  superseded: number;
  kept: number;
  errors: number;
  /** Where the sweep stopped when it ran out of time (`bucket/key`), to resume from on the next run. */
  stoppedAt?: string;
  durationMs: number;
}

/** Where each (bucket, prefix) sweep resumes after an incomplete run on this instance. */
export type ResumePoints = Map<string, string>;

/**
 * The reconciler: sweeps every watched (bucket, prefix) with paginated ListObjectsV2 and applies the same
 * check as the event path to every `.m3u8` whose deadline has passed. It catches lost or late events and
 * playlists that were already stale before deployment. Stops cleanly `reconcilerSafetyMarginMs` before the
 * function's timeout and reports how far it got; the next run resumes there.
 */
export async function reconcile(
  deps: CheckerDeps,
  budget: InvocationBudget,
  resumePoints: ResumePoints = new Map(),
): Promise<ReconcileReport> {
  const { config, clock, logger, metrics } = deps;
  const startedMs = clock.nowMs();
  const report: ReconcileReport = {
    complete: true,
    scanned: 0,
    playlists: 0,
    checked: 0,
    deleted: 0,
    wouldDelete: 0,
    superseded: 0,
    kept: 0,
    errors: 0,
    durationMs: 0,
  };
  const outOfTime = () => budget.remainingMs() < config.reconcilerSafetyMarginMs;

  sweep: for (const bucket of config.scope.buckets) {
    for (const prefix of config.scope.prefixes) {
      const resumeKey = `${bucket}\u0000${prefix}`;
      let startAfter = resumePoints.get(resumeKey);
      let continuationToken: string | undefined;
      let lastKey: string | undefined;
      do {
        if (outOfTime()) {
          stop(report, resumePoints, resumeKey, bucket, startAfter ?? prefix, startAfter);
          break sweep;
        }
        const page = await deps.store.list(bucket, prefix, {
          continuationToken,
          startAfter: continuationToken ? undefined : startAfter,
          maxKeys: LIST_PAGE_SIZE,
        });
        if (page.serverDateMs !== undefined) deps.s3Clock.observeServerDate(page.serverDateMs);
        metrics.record(MetricName.ReconcilerObjectsScanned, { bucket }, page.objects.length);
        // Objects are started in key order; the first one skipped for lack of time is where to resume.
        let firstSkipped = page.objects.length;
        await mapLimit(page.objects, RECONCILE_CONCURRENCY, async (object, index) => {
          if (outOfTime()) {
            firstSkipped = Math.min(firstSkipped, index);
            return;
          }
          if (!isPlaylistKey(object.key)) return;
          report.playlists += 1;
          tally(report, await reconcileObject(deps, bucket, object));
        });
        report.scanned += firstSkipped;
        if (firstSkipped < page.objects.length) {
          const resumeAfter = firstSkipped > 0 ? page.objects[firstSkipped - 1]?.key : lastKey;
          stop(report, resumePoints, resumeKey, bucket, resumeAfter ?? prefix, resumeAfter);
          break sweep;
        }
        lastKey = page.objects.at(-1)?.key ?? lastKey;
        continuationToken = page.nextContinuationToken;
        startAfter = lastKey;
      } while (continuationToken);
      resumePoints.delete(resumeKey);
    }
  }
  report.durationMs = clock.nowMs() - startedMs;
  logger.info('reconcile sweep finished', { ...report });
  return report;
}

function stop(
  report: ReconcileReport,
  resumePoints: ResumePoints,
  resumeKey: string,
  bucket: string,
  position: string,
  resumeAfter: string | undefined,
): void {
  report.complete = false;
  report.stoppedAt = `${bucket}/${position}`;
  if (resumeAfter === undefined) resumePoints.delete(resumeKey);
  else resumePoints.set(resumeKey, resumeAfter);
}

type ObjectOutcome = CheckOutcome | { kind: 'fresh' } | { kind: 'error' };

async function reconcileObject(
  deps: CheckerDeps,
  bucket: string,
  object: ListedObject,
): Promise<ObjectOutcome> {
  const { config, cache, s3Clock, logger, metrics } = deps;
  const target: CheckTarget = {
    bucket,
    key: object.key,
    etag: object.etag,
    writtenAtMs: cache.firstWrittenMs(
      bucket,
      object.key,
      object.etag,
      conservativeWriteTimeMs(object.lastModifiedMs),
    ),
    source: 'reconciler',
  };
  try {
    const version = {
      bucket,
      key: object.key,
      sizeBytes: object.sizeBytes,
      writtenAtMs: target.writtenAtMs,
    };
    const bySize = judgeVersion(version, config);
    if (bySize.kind === 'never-stale') return { kind: 'kept', reason: bySize.reason };
    // Cheap pre-check: only a playlist whose deadline has passed costs a HEAD (and maybe a read). The key's
    // live timing (TARGETDURATION must not change, RFC 8216 §4.3.3.1) stands in for unread facts.
    const known =
      cache.factsFor(bucket, object.key, object.etag) ?? cache.liveFactsFor(bucket, object.key);
    let facts = known;
    if (!facts) {
      const read = await readFacts(deps, bucket, object.key, object.etag);
      if (read.kind === 'superseded') return { kind: 'superseded', reason: read.reason };
      facts = read.facts;
    }
    const judgement = judgeVersion({ ...version, facts }, config);
    if (judgement.kind === 'never-stale') {
      if (judgement.reason === 'invalid') {
        metrics.record(MetricName.PlaylistsInvalid, { bucket, key: object.key });
      }
      return { kind: 'kept', reason: judgement.reason };
    }
    if (judgement.kind !== 'live' || !isPastDeadline(judgement, s3Clock.nowLowerBoundMs())) {
      return { kind: 'fresh' };
    }
    const outcome = await checkAtDeadline(deps, target);
    logOutcome(logger, target, outcome);
    return outcome;
  } catch (error) {
    metrics.record(MetricName.CheckErrors, { bucket, key: object.key });
    logger.error('reconcile check failed', {
      bucket,
      key: object.key,
      etag: object.etag,
      source: 'reconciler',
      verdict: 'error',
      error: describeError(error),
    });
    return { kind: 'error' };
  }
}

function tally(report: ReconcileReport, outcome: ObjectOutcome): void {
  switch (outcome.kind) {
    case 'deleted':
      report.checked += 1;
      report.deleted += 1;
      return;
    case 'would-delete':
      report.checked += 1;
      report.wouldDelete += 1;
      return;
    case 'superseded':
      report.superseded += 1;
      return;
    case 'kept':
      report.kept += 1;
      return;
    case 'not-due':
      report.checked += 1;
      return;
    case 'error':
      report.errors += 1;
      return;
    case 'fresh':
      return;
  }
}
