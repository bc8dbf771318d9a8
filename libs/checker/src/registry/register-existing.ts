import { MetricName } from '@hls-stale-guard/metrics';
import { isPlaylistKey } from '@hls-stale-guard/playlist';
import type { CheckerDeps } from '../core/checker-deps';
import type { InvocationBudget } from '../core/handle-object-created';
import { judgeVersion } from '../core/judge-version';
import { mapLimit } from '../core/map-limit';
import type { ListedObject } from '../core/ports';
import { readFacts } from '../core/read-facts';
import { describeError } from '../process-sqs-batch';
import { conservativeWriteTimeMs, LIST_PAGE_SIZE } from '../reconcile';
import { RegistryState, timingOf } from './playlist-registry';
import { recordObservation, type ObservationInput } from './record-observation';

/** Playlists read and registered at once. */
const REGISTER_CONCURRENCY = 8;

export interface RegisterReport {
  /** Every watched bucket/prefix was listed to its end. */
  complete: boolean;
  /** Objects listed (segments included). */
  listed: number;
  /** `.m3u8` keys among them. */
  playlists: number;
  /** Items written. */
  registered: number;
  live: number;
  kept: number;
  /** The registry already held a newer observation (the event path was first): left as it was. */
  alreadyNewer: number;
  /** Deleted while being read, or replaced at every one of `REGISTER_READ_ATTEMPTS` reads. */
  superseded: number;
  /** Failed listings (one bucket/prefix each) and failed playlists: counted, logged, skipped. */
  errors: number;
  /** `bucket/key` of the last listed object when time ran out. */
  stoppedAt?: string;
  durationMs: number;
}

export interface RegisterOptions {
  /** Time left in the invocation; the run stops `reconcilerSafetyMarginMs` before it ends. */
  budget?: InvocationBudget;
  /** Called after each listed page. */
  onProgress?: (report: Readonly<RegisterReport>) => void;
}

/**
 * Registers the playlists that existed before deployment (or before the registry): paginated ListObjectsV2
 * over every watched bucket and prefix, `.m3u8` keys only, each read (bounded, `If-Match`) and judged with
 * `judgeVersion`: live with its timing, or kept with the reason (a playlist replaced while being read is
 * read again at its current version). Observed at the version's `LastModified`, so anything the event
 * path recorded since wins. The only full listing the checker does: on demand (the
 * Lambda's `{ "hlsStaleGuard": "register" }` input, `hls-stale-guard register`), never on a schedule.
 * A failing listing or playlist is counted and logged, and the run goes on with the next one. Idempotent.
 */
export async function registerExisting(
  deps: CheckerDeps,
  options: RegisterOptions = {},
): Promise<RegisterReport> {
  const { config, clock, logger, metrics, store, s3Clock } = deps;
  const startedMs = clock.nowMs();
  const report: RegisterReport = {
    complete: true,
    listed: 0,
    playlists: 0,
    registered: 0,
    live: 0,
    kept: 0,
    alreadyNewer: 0,
    superseded: 0,
    errors: 0,
    durationMs: 0,
  };
  const outOfTime = () =>
    options.budget !== undefined && options.budget.remainingMs() < config.reconcilerSafetyMarginMs;

  listing: for (const bucket of config.scope.buckets) {
    for (const prefix of config.scope.prefixes) {
      let continuationToken: string | undefined;
      do {
        if (outOfTime()) {
          report.complete = false;
          report.stoppedAt = `${bucket}/${prefix}`;
          break listing;
        }
        let page;
        try {
          page = await store.list(bucket, prefix, { continuationToken, maxKeys: LIST_PAGE_SIZE });
        } catch (error) {
          report.errors += 1;
          report.complete = false;
          metrics.record(MetricName.CheckErrors, { bucket });
          logger.error('register: listing failed; going on with the next bucket/prefix', {
            bucket,
            prefix,
            source: 'register',
            error: describeError(error),
          });
          break;
        }
        if (page.serverDateMs !== undefined) s3Clock.observeServerDate(page.serverDateMs);
        report.listed += page.objects.length;
        metrics.record(MetricName.ReconcilerObjectsScanned, { bucket }, page.objects.length);
        const playlists = page.objects.filter((object) => isPlaylistKey(object.key));
        report.playlists += playlists.length;
        await mapLimit(playlists, REGISTER_CONCURRENCY, async (object) => {
          await registerOne(deps, bucket, object, report);
        });
        options.onProgress?.(report);
        continuationToken = page.nextContinuationToken;
        if (continuationToken && outOfTime()) {
          report.complete = false;
          report.stoppedAt = `${bucket}/${page.objects.at(-1)?.key ?? prefix}`;
          break listing;
        }
      } while (continuationToken);
    }
  }
  report.durationMs = clock.nowMs() - startedMs;
  logger.info('register finished', { ...report });
  return report;
}

/** A playlist replaced between the listing and its read is looked up again (HEAD) this many times. */
const REGISTER_READ_ATTEMPTS = 3;

async function registerOne(
  deps: CheckerDeps,
  bucket: string,
  listed: ListedObject,
  report: RegisterReport,
): Promise<void> {
  const { logger, metrics, store } = deps;
  try {
    let object: ListedObject | undefined = listed;
    for (let attempt = 1; object; attempt += 1) {
      const observation = await observe(deps, bucket, object);
      if (observation) {
        await record(deps, observation, report);
        return;
      }
      // Replaced while being read (a live playlist updates every TARGETDURATION): its events may be the
      // very ones that are lost, so register the version that is there now.
      if (attempt >= REGISTER_READ_ATTEMPTS) break;
      const head = await store.head(bucket, listed.key);
      object = head && { key: listed.key, ...head };
    }
    report.superseded += 1;
  } catch (error) {
    report.errors += 1;
    metrics.record(MetricName.CheckErrors, { bucket, key: listed.key });
    logger.error('register: playlist failed', {
      bucket,
      key: listed.key,
      etag: listed.etag,
      source: 'register',
      error: describeError(error),
    });
  }
}

/** The version's observation, judged; `undefined` when it was replaced or deleted before it was read. */
async function observe(
  deps: CheckerDeps,
  bucket: string,
  object: ListedObject,
): Promise<ObservationInput | undefined> {
  const { key, etag } = object;
  const version = {
    bucket,
    key,
    sizeBytes: object.sizeBytes,
    writtenAtMs: conservativeWriteTimeMs(object.lastModifiedMs),
  };
  // Observed when the version was written: whatever the event path recorded since is newer and wins.
  const base = {
    bucket,
    key,
    etag,
    firstWrittenMs: version.writtenAtMs,
    observedAtMs: object.lastModifiedMs,
  };
  const bySize = judgeVersion(version, deps.config);
  if (bySize.kind === 'never-stale') {
    return { ...base, state: RegistryState.Kept, reason: bySize.reason };
  }
  const read = await readFacts(deps, bucket, key, etag);
  if (read.kind === 'superseded') return undefined;
  const judgement = judgeVersion({ ...version, facts: read.facts }, deps.config);
  if (judgement.kind === 'live') {
    return { ...base, state: RegistryState.Live, timing: timingOf(judgement.facts) };
  }
  const reason = judgement.kind === 'never-stale' ? judgement.reason : 'invalid';
  return { ...base, state: RegistryState.Kept, reason };
}

async function record(
  deps: CheckerDeps,
  observation: ObservationInput,
  report: RegisterReport,
): Promise<void> {
  const recorded = await recordObservation(deps, observation, {
    onlyIfChanged: false,
    source: 'register',
  });
  if (recorded === 'recorded') {
    report.registered += 1;
    if (observation.state === RegistryState.Live) report.live += 1;
    else report.kept += 1;
  } else if (recorded === 'newer-exists') report.alreadyNewer += 1;
  else report.errors += 1;
}
