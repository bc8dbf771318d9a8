import { MetricName } from '@hls-stale-guard/metrics';
import { checkAtDeadline, type CheckOutcome, type CheckTarget } from './core/check-at-deadline';
import type { CheckerDeps } from './core/checker-deps';
import type { InvocationBudget } from './core/handle-object-created';
import { isPastDeadline, judgeVersion } from './core/judge-version';
import { logOutcome } from './core/log-outcome';
import { mapLimit } from './core/map-limit';
import { describeError } from './process-sqs-batch';
import { REGISTRY_SCAN_PAGE_SIZE } from './registry/dynamodb-playlist-registry';
import {
  RegistryState,
  timingFacts,
  timingOf,
  type RegistryEntry,
  type ScannedItem,
} from './registry/playlist-registry';
import { recordObservation, type ObservationInput } from './registry/record-observation';

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
  /** The sweep reached the end of the registry. */
  complete: boolean;
  /** Another instance's sweep moved the shared cursor first: this one left the rest to it. */
  yielded: boolean;
  /** Registry Scan pages read. */
  pages: number;
  /** Registry items handled (the resume point lies after them). */
  scanned: number;
  /** Items in state `live`. */
  live: number;
  /** Live items skipped with no S3 request: their deadline cannot have passed yet. */
  notDue: number;
  /** Live items whose HEAD showed a version not yet past its deadline. */
  fresh: number;
  checked: number;
  deleted: number;
  wouldDelete: number;
  superseded: number;
  kept: number;
  /** Live items whose playlist no longer exists. */
  gone: number;
  /** State changes written to the registry. */
  transitions: number;
  /** Items that could not be read (counted, skipped). */
  malformed: number;
  errors: number;
  /** The registry `pk` after which the next sweep resumes, when this one stopped early. */
  stoppedAt?: string;
  durationMs: number;
}

function emptyReport(): ReconcileReport {
  return {
    complete: false,
    yielded: false,
    pages: 0,
    scanned: 0,
    live: 0,
    notDue: 0,
    fresh: 0,
    checked: 0,
    deleted: 0,
    wouldDelete: 0,
    superseded: 0,
    kept: 0,
    gone: 0,
    transitions: 0,
    malformed: 0,
    errors: 0,
    durationMs: 0,
  };
}

/**
 * The reconciler: sweeps the playlist registry (paginated Scan), never the objects beside the playlists,
 * so its cost follows the number of playlists, not of segments. A live item whose deadline cannot have
 * passed (registered version's write time + its stored timing) costs nothing; the others cost a HEAD, and
 * a version past its deadline gets the event path's own check (`checkAtDeadline`). State changes (deleted,
 * gone, kept) are written back, so later sweeps skip them. It catches lost or late events.
 *
 * Resumable across instances: where it stopped is an item of the table (compare-and-set per page), so the
 * next run, on any instance, resumes there; a sweep that finds the cursor moved by another one stops.
 * Stops `reconcilerSafetyMarginMs` before the function's timeout. A failing item is counted and the sweep
 * goes on; a failing Scan stops it where it is, to resume there. An incomplete sweep emits
 * `ReconcilerSweepIncomplete`.
 */
export async function reconcile(
  deps: CheckerDeps,
  budget: InvocationBudget,
): Promise<ReconcileReport> {
  const { config, clock, logger, metrics, registry } = deps;
  const startedMs = clock.nowMs();
  const report = emptyReport();
  const outOfTime = () => budget.remainingMs() < config.reconcilerSafetyMarginMs;
  const failed = (operation: string, error: unknown) => {
    report.errors += 1;
    metrics.record(MetricName.RegistryErrors, {});
    logger.error(`reconcile: registry ${operation} failed`, {
      source: 'reconciler',
      error: describeError(error),
    });
  };

  let position: string | undefined;
  let readable = true;
  try {
    position = await registry.readCursor();
  } catch (error) {
    failed('cursor read', error);
    readable = false;
  }
  while (readable) {
    if (outOfTime()) {
      report.stoppedAt = position;
      break;
    }
    let page;
    try {
      page = await registry.scan({ after: position, limit: REGISTRY_SCAN_PAGE_SIZE });
    } catch (error) {
      failed('scan', error);
      report.stoppedAt = position;
      break;
    }
    report.pages += 1;
    // Items are started in scan order; the first one skipped for lack of time is where to resume.
    let firstSkipped = page.items.length;
    await mapLimit(page.items, RECONCILE_CONCURRENCY, async (item, index) => {
      if (index >= firstSkipped || outOfTime()) {
        firstSkipped = Math.min(firstSkipped, index);
        return;
      }
      tally(report, await sweepItem(deps, item, report));
    });
    report.scanned += firstSkipped;
    const pageDone = firstSkipped === page.items.length;
    // Not done: resume after the last item handled, or where this page started when none was.
    const to = pageDone ? page.next : (page.items[firstSkipped - 1]?.pk ?? position);
    if (to !== position) {
      let moved = false;
      try {
        moved = await registry.moveCursor(position, to, clock.nowMs());
      } catch (error) {
        failed('cursor write', error);
        report.stoppedAt = position;
        break;
      }
      if (!moved) {
        report.yielded = true;
        logger.info('reconcile: another sweep moved the cursor; leaving the rest to it', {
          source: 'reconciler',
          position,
        });
        break;
      }
      position = to;
    }
    if (!pageDone) {
      report.stoppedAt = position;
      break;
    }
    if (page.next === undefined) {
      report.complete = true;
      break;
    }
  }
  report.durationMs = clock.nowMs() - startedMs;
  if (!report.complete && !report.yielded) {
    metrics.record(MetricName.ReconcilerSweepIncomplete, {});
    logger.warn('reconcile sweep incomplete: the next run resumes where it stopped', {
      ...report,
    });
  } else {
    logger.info('reconcile sweep finished', { ...report });
  }
  return report;
}

type ItemOutcome =
  | CheckOutcome
  /** Deleted or kept, or no longer watched: not looked at. */
  | { kind: 'not-live' }
  /** Live, skipped without a request: the deadline cannot have passed. */
  | { kind: 'cannot-be-due' }
  /** Live, the HEAD shows a version not past its deadline. */
  | { kind: 'fresh' }
  | { kind: 'gone' }
  | { kind: 'malformed' }
  | { kind: 'error' };

type Counters = Pick<ReconcileReport, 'transitions' | 'errors'>;

async function sweepItem(
  deps: CheckerDeps,
  item: ScannedItem,
  counters: Counters,
): Promise<ItemOutcome> {
  const { config, cache, s3Clock, clock, logger, metrics, store } = deps;
  if (!('entry' in item)) {
    logger.warn('reconcile: registry item skipped', { pk: item.pk, reason: item.problem });
    return { kind: 'malformed' };
  }
  const entry = item.entry;
  const { bucket, key } = entry;
  metrics.record(MetricName.ReconcilerPlaylistsScanned, { bucket });
  if (entry.state !== RegistryState.Live) return { kind: 'not-live' };
  try {
    const liveFacts = cache.liveFactsFor(bucket, key);
    const timing = entry.timing ?? (liveFacts ? timingOf(liveFacts) : undefined);
    if (timing) {
      // The current version was written no earlier than the registered one: its deadline is no earlier.
      const earliest = judgeVersion(
        { bucket, key, writtenAtMs: entry.firstWrittenMs, facts: timingFacts(timing) },
        config,
      );
      if (earliest.kind !== 'live') return { kind: 'not-live' }; // no longer watched (configuration)
      if (!isPastDeadline(earliest, s3Clock.nowLowerBoundMs())) return { kind: 'cannot-be-due' };
    }

    const head = await store.head(bucket, key);
    if (head?.serverDateMs !== undefined)
      s3Clock.observeServerDate(head.serverDateMs, clock.nowMs());
    if (!head) {
      await transition(deps, counters, entry, {
        etag: entry.etag,
        firstWrittenMs: entry.firstWrittenMs,
        state: RegistryState.Deleted,
        reason: 'gone',
      });
      return { kind: 'gone' };
    }
    const writtenAtMs = Math.min(
      cache.firstWrittenMs(bucket, key, head.etag, conservativeWriteTimeMs(head.lastModifiedMs)),
      head.etag === entry.etag ? entry.firstWrittenMs : Number.POSITIVE_INFINITY,
    );
    const version = { bucket, key, sizeBytes: head.sizeBytes, writtenAtMs };
    if (timing) {
      const judgement = judgeVersion({ ...version, facts: timingFacts(timing) }, config);
      if (judgement.kind === 'never-stale') {
        await transition(deps, counters, entry, {
          etag: head.etag,
          firstWrittenMs: writtenAtMs,
          state: RegistryState.Kept,
          reason: judgement.reason,
        });
        return { kind: 'kept', reason: judgement.reason, detail: judgement.detail };
      }
      if (judgement.kind === 'live' && !isPastDeadline(judgement, s3Clock.nowLowerBoundMs())) {
        return { kind: 'fresh' };
      }
    }

    const target: CheckTarget = { bucket, key, etag: head.etag, writtenAtMs, source: 'reconciler' };
    const outcome = await checkAtDeadline(deps, target);
    logOutcome(logger, target, outcome);
    const changed = { etag: head.etag, firstWrittenMs: writtenAtMs };
    if (outcome.kind === 'deleted') {
      await transition(deps, counters, entry, {
        ...changed,
        state: RegistryState.Deleted,
        reason: 'stale',
      });
    } else if (outcome.kind === 'kept' && outcome.reason !== 'last-copy') {
      // (The last copy kept under `keep-last` stays live: later sweeps check it again.)
      await transition(deps, counters, entry, {
        ...changed,
        state: RegistryState.Kept,
        reason: outcome.reason,
      });
    } else if (!entry.timing && outcome.kind === 'not-due') {
      // An item registered without timing: store it once, so later sweeps skip it without a request.
      const learned = cache.liveFactsFor(bucket, key);
      if (learned) {
        await transition(deps, counters, entry, {
          ...changed,
          state: RegistryState.Live,
          timing: timingOf(learned),
        });
      }
    }
    return outcome;
  } catch (error) {
    metrics.record(MetricName.CheckErrors, { bucket, key });
    logger.error('reconcile check failed', {
      bucket,
      key,
      etag: entry.etag,
      source: 'reconciler',
      verdict: 'error',
      error: describeError(error),
    });
    return { kind: 'error' };
  }
}

/**
 * Writes what the sweep found. Observed at S3's time of the HEAD: after the observation the item was read
 * with, before any upload that follows (whose own observation then wins).
 */
async function transition(
  deps: CheckerDeps,
  counters: Counters,
  entry: RegistryEntry,
  change: Pick<ObservationInput, 'etag' | 'firstWrittenMs' | 'state' | 'reason' | 'timing'>,
): Promise<void> {
  const observedAtMs = Math.max(entry.observedAtMs, deps.s3Clock.nowLowerBoundMs());
  const recorded = await recordObservation(
    deps,
    { bucket: entry.bucket, key: entry.key, ...change, observedAtMs },
    { onlyIfChanged: false, source: 'reconciler' },
  );
  if (recorded === 'recorded') counters.transitions += 1;
  if (recorded === 'error') counters.errors += 1;
}

function tally(report: ReconcileReport, outcome: ItemOutcome): void {
  if (outcome.kind !== 'not-live' && outcome.kind !== 'malformed') report.live += 1;
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
      report.checked += 1;
      report.superseded += 1;
      return;
    case 'kept':
      report.kept += 1;
      return;
    case 'not-due':
      report.checked += 1;
      return;
    case 'cannot-be-due':
      report.notDue += 1;
      return;
    case 'fresh':
      report.fresh += 1;
      return;
    case 'gone':
      report.gone += 1;
      return;
    case 'malformed':
      report.malformed += 1;
      return;
    case 'error':
      report.errors += 1;
      return;
    case 'not-live':
      return;
  }
}
