import { MetricName } from '@hls-stale-guard/metrics';
import type { CheckerDeps } from './checker-deps';
import { isPastDeadline, judgeVersion } from './judge-version';
import { judgedWriteMs } from './content-since';
import { BOUNDED_READ_WHOLE_UP_TO_BYTES, readFacts, readWholeFacts } from './read-facts';
import { consultOtherCopies, recordRenditionState } from '../redundancy/observe-redundancy';
import { mayDeleteCopy } from '../redundancy/redundancy-state';

/** Which path asked for the check. */
type CheckSource = 'event' | 'reconciler';

/** One version of one playlist, judged against its deadline. */
export interface CheckTarget {
  bucket: string;
  key: string;
  /** The version being judged (quoted, as S3 returns it). */
  etag: string;
  /** When that version was written, on S3's clock: the base of the deadline. */
  writtenAtMs: number;
  source: CheckSource;
}

type SupersededReason = 'gone' | 'etag-changed' | 'etag-mismatch' | 'conflict' | 'newer-event';

export type CheckOutcome =
  | { kind: 'deleted'; deadlineMs: number; lagMs: number; ageMs: number }
  | { kind: 'would-delete'; reason: 'dry-run'; deadlineMs: number; ageMs: number }
  /** The deletion valve held it back until `windowEndsMs` (local clock). */
  | {
      kind: 'would-delete';
      reason: 'valve';
      deadlineMs: number;
      ageMs: number;
      windowEndsMs: number;
    }
  /** A fresh upload won: correct, not an error. */
  | { kind: 'superseded'; reason: SupersededReason }
  /** Never deleted: master, VOD, ENDLIST, invalid, too large, or the bounded and whole reads disagree. */
  | { kind: 'kept'; reason: string; detail?: string }
  /** Not stale yet by S3's clock: come back at `deadlineMs`. */
  | { kind: 'not-due'; deadlineMs: number; remainingMs: number };

/**
 * The check at a playlist's deadline. HEAD first: gone or a new ETag means a newer upload exists
 * (superseded). Same ETag: read the version's facts (bounded, `If-Match`) and judge them with
 * `judgeVersion`. When the HEAD's `LastModified` is a later whole second than the judged write, the same
 * bytes were uploaded again and a different version may have come in between (an encoder restart): the
 * key's version history decides since when the content has been current, and when it cannot tell, the
 * deadline is re-based on `LastModified` + 999 ms (`contentSince`). Then decide by RFC 8216 §6.2.1 against
 * S3's clock (a lower bound, so never early). Before deleting a playlist larger than the bounded read, read
 * it whole (`If-Match`, at most `maxPlaylistBytes`) and judge again: if the verdicts disagree, keep it and
 * log both. Then `DeleteObject` with `If-Match: <etag>` so an upload landing between the HEAD and the
 * DELETE is never deleted (412/409/404 → superseded). Under `ALL_STALE_POLICY=keep-last`, a stale copy
 * is kept (`last-copy`) unless another pipeline's copy is live (HEAD; when unsure, kept). After a
 * deletion, the other copies tell a failover from a rendition down (`recordRenditionState`). Adapter
 * errors propagate: the caller counts them and
 * retries through SQS (an error reading the version history only means "cannot tell").
 */
export async function checkAtDeadline(
  deps: CheckerDeps,
  target: CheckTarget,
): Promise<CheckOutcome> {
  const { store, s3Clock, clock, metrics, config } = deps;
  const { bucket, key, etag } = target;
  const context = { bucket, key };
  metrics.record(MetricName.PlaylistsChecked, context);

  const head = await store.head(bucket, key);
  if (head?.serverDateMs !== undefined) s3Clock.observeServerDate(head.serverDateMs, clock.nowMs());
  // The healthy case: the encoder wrote a newer version before the deadline.
  if (!head) return { kind: 'superseded', reason: 'gone' };
  if (head.etag !== etag) return { kind: 'superseded', reason: 'etag-changed' };
  const judged = { bucket, key, sizeBytes: head.sizeBytes, writtenAtMs: target.writtenAtMs };
  const bySize = judgeVersion(judged, config);
  if (bySize.kind === 'never-stale') {
    return { kind: 'kept', reason: bySize.reason, detail: bySize.detail };
  }

  // Not due by the key's known timing (TARGETDURATION cannot change, RFC 8216 §4.3.3.1): nothing to read
  // yet. A look before an inline wait, or a notification held by the queue's delay, costs one HEAD.
  const notDue = notDueByKnownTiming(deps, target, judged);
  if (notDue) return notDue;

  const read = await readFacts(deps, bucket, key, etag);
  if (read.kind === 'superseded') return superseded(deps, target, read.reason);
  const byFacts = judgeVersion({ ...judged, facts: read.facts }, config);
  if (byFacts.kind === 'never-stale') {
    if (byFacts.reason === 'invalid') metrics.record(MetricName.PlaylistsInvalid, context);
    return { kind: 'kept', reason: byFacts.reason, detail: byFacts.detail };
  }
  // The same bytes written again after the judged write (an encoder restart: X, Y, X): judge the content
  // by when it became current, from the version history when needed (see contentSince).
  const since = await judgedWriteMs(deps, target, head);
  const version = { ...judged, writtenAtMs: since.sinceMs };
  const judgement =
    since.sinceMs === target.writtenAtMs
      ? byFacts
      : judgeVersion({ ...version, facts: read.facts }, config);
  if (judgement.kind !== 'live') throw new Error('judgeVersion asked for facts it was given');
  const nowMs = s3Clock.nowLowerBoundMs();
  if (!isPastDeadline(judgement, nowMs)) {
    return {
      kind: 'not-due',
      deadlineMs: judgement.deadlineMs,
      remainingMs: judgement.deadlineMs - nowMs,
    };
  }
  const verdict = { deadlineMs: judgement.deadlineMs };

  // Before any delete of a playlist the bounded read did not see whole: read it whole and judge again.
  if (head.sizeBytes > BOUNDED_READ_WHOLE_UP_TO_BYTES) {
    const whole = await readWholeFacts(
      deps,
      bucket,
      key,
      etag,
      head.sizeBytes,
      config.maxPlaylistBytes,
    );
    if (whole.kind === 'superseded') return superseded(deps, target, whole.reason);
    if (whole.kind === 'too-large') {
      return { kind: 'kept', reason: 'too-large', detail: `${whole.totalBytes} B` };
    }
    const wholeJudgement = judgeVersion({ ...version, facts: whole.facts }, config);
    if (wholeJudgement.kind !== 'live' || wholeJudgement.deadlineMs !== judgement.deadlineMs) {
      const wholeVerdict =
        wholeJudgement.kind === 'never-stale' ? wholeJudgement.reason : wholeJudgement.kind;
      deps.logger.warn('bounded and whole reads disagree: playlist kept', {
        bucket,
        key,
        etag,
        sizeBytes: head.sizeBytes,
        boundedVerdict: 'live',
        boundedDeadlineMs: judgement.deadlineMs,
        wholeVerdict,
        wholeDeadlineMs: wholeJudgement.kind === 'live' ? wholeJudgement.deadlineMs : undefined,
      });
      // The next check of this version needs no reads to keep it (never a cached way to delete it).
      if (wholeJudgement.kind === 'never-stale')
        deps.cache.rememberFacts(bucket, key, etag, whole.facts);
      return {
        kind: 'kept',
        reason: 'read-disagrees',
        detail: `bounded read: live; whole read: ${wholeVerdict}`,
      };
    }
  }

  const ageMs = s3Clock.nowLowerBoundMs() - since.sinceMs;
  metrics.record(MetricName.PlaylistAgeAtCheckMs, context, ageMs);
  // The other pipelines' copies: asked before deleting under `keep-last` (the last live copy stays), and
  // after a deletion to tell a failover from a rendition down. Never on the routine path.
  const keepLast = config.allStalePolicy === 'keep-last';
  const copies = keepLast
    ? await consultOtherCopies(deps, bucket, key, judgement.facts)
    : undefined;
  if (keepLast && !mayDeleteCopy('keep-last', copies?.others ?? [])) {
    if (copies) {
      await recordRenditionState(deps, copies, 'stale', { bucket, key, observedAtMs: nowMs });
    }
    return { kind: 'kept', reason: 'last-copy', detail: 'no other pipeline has a live copy' };
  }
  if (config.dryRun) {
    metrics.record(MetricName.DryRunWouldDelete, context);
    return { kind: 'would-delete', reason: 'dry-run', deadlineMs: verdict.deadlineMs, ageMs };
  }
  const valve = deps.valve.acquire(clock.nowMs());
  if (valve.kind !== 'open') {
    if (valve.kind === 'tripped') {
      metrics.record(MetricName.DeletionValveTripped, context);
      deps.logger.error('deletion valve tripped: dry-run until the window ends', {
        maxDeletionsPerMinute: config.maxDeletionsPerMinute,
        windowEndsMs: valve.windowEndsMs,
        bucket,
        key,
      });
    }
    metrics.record(MetricName.DryRunWouldDelete, context);
    return {
      kind: 'would-delete',
      reason: 'valve',
      deadlineMs: verdict.deadlineMs,
      ageMs,
      windowEndsMs: valve.windowEndsMs,
    };
  }

  let deleted;
  try {
    deleted = await store.deleteIfMatch(bucket, key, etag);
  } catch (error) {
    deps.valve.release();
    throw error;
  }
  if (deleted.kind !== 'deleted') {
    deps.valve.release();
    return superseded(deps, target, deleted.kind);
  }
  const lagMs = Math.max(0, s3Clock.nowLowerBoundMs() - verdict.deadlineMs);
  metrics.record(MetricName.StalePlaylistsDeleted, context);
  metrics.record(MetricName.DeleteLagMs, context, lagMs);
  const view = copies ?? (await consultOtherCopies(deps, bucket, key, judgement.facts));
  if (view) {
    await recordRenditionState(deps, view, 'deleted', {
      bucket,
      key,
      observedAtMs: s3Clock.nowLowerBoundMs(),
    });
  }
  return { kind: 'deleted', deadlineMs: verdict.deadlineMs, lagMs, ageMs };
}

/** A fresh upload landed after the HEAD matched: the race the conditional requests exist for. */
/**
 * `not-due` when the key's cached live timing puts this version's deadline in the future by S3's clock,
 * else `undefined` (read and judge the version). Only ever delays a decision: the check at the deadline
 * reads the version itself (ENDLIST, VOD, a restart with the same bytes can only keep it longer).
 */
function notDueByKnownTiming(
  deps: CheckerDeps,
  target: CheckTarget,
  judged: { bucket: string; key: string; sizeBytes: number; writtenAtMs: number },
): CheckOutcome | undefined {
  const timing = deps.cache.liveFactsFor(target.bucket, target.key);
  if (!timing) return undefined;
  const judgement = judgeVersion({ ...judged, facts: timing }, deps.config);
  if (judgement.kind !== 'live') return undefined;
  const nowMs = deps.s3Clock.nowLowerBoundMs();
  if (isPastDeadline(judgement, nowMs)) return undefined;
  return {
    kind: 'not-due',
    deadlineMs: judgement.deadlineMs,
    remainingMs: judgement.deadlineMs - nowMs,
  };
}

function superseded(
  deps: Pick<CheckerDeps, 'metrics'>,
  target: CheckTarget,
  reason: SupersededReason,
): CheckOutcome {
  deps.metrics.record(MetricName.DeletesSuperseded, { bucket: target.bucket, key: target.key });
  return { kind: 'superseded', reason };
}
