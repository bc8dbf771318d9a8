import { MetricName } from '@hls-stale-guard/metrics';
import { stalenessDeadline } from '@hls-stale-guard/playlist';
import { checkAtDeadline, type CheckOutcome, type CheckTarget } from './check-at-deadline';
import type { CheckerDeps } from './checker-deps';
import { judgeVersion } from './judge-version';
import { logOutcome } from './log-outcome';
import type { ObjectCreated } from './parse-notification';
import { observeInRegistry } from '../registry/observe-in-registry';
import { readFacts } from './read-facts';

/**
 * The longest remainder waited inside an invocation instead of postponing: SQS visibility has whole-second
 * granularity, so the message is postponed to the last whole second before the deadline and the sub-second
 * rest is slept, landing the check within ~100 ms after the deadline, never before it.
 */
export const INLINE_WAIT_MAX_MS = 1_000;

/** ChangeMessageVisibility accepts 0–43,200 s (docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html). */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/** How many times a not-due verdict (S3's clock behind ours) is re-waited inline before postponing. */
const MAX_INLINE_ROUNDS = 3;

/** Time left in the invocation, and how much of it to keep for the rest of the batch. */
export interface InvocationBudget {
  remainingMs(): number;
}

/** Inline waits must leave this much of the invocation for the checks and the response. */
const INLINE_WAIT_HEADROOM_MS = 3_000;

export type RecordOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'done'; outcome: CheckOutcome }
  /** Hide the message until `delaySeconds` from now, then check again. */
  | { kind: 'postpone'; delaySeconds: number; deadlineMs: number };

/**
 * The event path for one `ObjectCreated` record: compute the version's deadline from S3's millisecond
 * `eventTime` (with the key's cached TARGETDURATION when known: no S3 read), postpone the message to the
 * deadline when it is far, wait out a sub-second remainder, then run the check.
 */
export async function handleObjectCreated(
  deps: CheckerDeps,
  record: ObjectCreated,
  budget: InvocationBudget,
): Promise<RecordOutcome> {
  const outcome = await decideObjectCreated(deps, record, budget);
  // The playlist registry: written on first sight, on a state change, hourly; never throws.
  await observeInRegistry(deps, record, outcome);
  return outcome;
}

async function decideObjectCreated(
  deps: CheckerDeps,
  record: ObjectCreated,
  budget: InvocationBudget,
): Promise<RecordOutcome> {
  const { bucket, key, etag } = record;
  const { config, cache, metrics, s3Clock, clock, logger } = deps;
  const context = { bucket, key };
  const version = { bucket, key, sizeBytes: record.sizeBytes, writtenAtMs: record.eventTimeMs };
  const byKey = judgeVersion(version, config);
  if (byKey.kind === 'never-stale') {
    if (byKey.reason === 'not-a-playlist' || byKey.reason === 'outside-scope') {
      return ignored(deps, record, byKey.detail);
    }
    const outcome: CheckOutcome = { kind: 'kept', reason: byKey.reason, detail: byKey.detail };
    logOutcome(logger, { ...record, source: 'event' }, outcome);
    return { kind: 'done', outcome };
  }

  s3Clock.observeEventTime(record.eventTimeMs);
  const writtenAtMs = cache.observeWrite(bucket, key, {
    etag,
    firstWrittenMs: record.eventTimeMs,
    sequencer: record.sequencer,
  });
  const target: CheckTarget = { bucket, key, etag, writtenAtMs, source: 'event' };
  if (cache.supersededBy(bucket, key, etag, record.sequencer)) {
    // A later write of another version already reached this instance: a duplicated or reordered event.
    metrics.record(MetricName.PlaylistsChecked, context);
    const outcome: CheckOutcome = { kind: 'superseded', reason: 'newer-event' };
    logOutcome(logger, target, outcome);
    return { kind: 'done', outcome };
  }

  let timing = cache.liveFactsFor(bucket, key);
  if (!timing) {
    const read = await readFacts(deps, bucket, key, etag);
    if (read.kind === 'superseded') {
      const outcome: CheckOutcome = { kind: 'superseded', reason: read.reason };
      logOutcome(logger, target, outcome);
      return { kind: 'done', outcome };
    }
    const judgement = judgeVersion({ ...version, writtenAtMs, facts: read.facts }, config);
    if (judgement.kind !== 'live') {
      // Never stale: master, VOD, ENDLIST, invalid. Decide once here; no postponement needed.
      const outcome: CheckOutcome =
        judgement.kind === 'never-stale'
          ? { kind: 'kept', reason: judgement.reason, detail: judgement.detail }
          : { kind: 'kept', reason: 'invalid', detail: 'facts could not be judged' };
      if (outcome.reason === 'invalid') metrics.record(MetricName.PlaylistsInvalid, context);
      logOutcome(logger, target, outcome);
      return { kind: 'done', outcome };
    }
    timing = judgement.facts;
  }

  let deadlineMs = stalenessDeadline(timing, writtenAtMs, config.policy);
  let askedS3 = false;
  for (let round = 0; round < MAX_INLINE_ROUNDS; round += 1) {
    const waitMs = deadlineMs - s3Clock.nowLowerBoundMs();
    const tooLong =
      waitMs > INLINE_WAIT_MAX_MS || waitMs > budget.remainingMs() - INLINE_WAIT_HEADROOM_MS;
    // The lower bound can be loose (a late event is the only clock sample): when the local clock says the
    // deadline is here, ask S3 once: the HEAD's Date tightens the bound, and the check decides.
    const localSaysDue = deadlineMs - clock.nowMs() <= INLINE_WAIT_MAX_MS;
    if (tooLong && (askedS3 || !localSaysDue)) return postpone(deps, target, deadlineMs, waitMs);
    // "Never before it": wait until the S3-clock lower bound has passed the deadline.
    if (!tooLong && waitMs >= 0) await clock.sleep(waitMs + 1);
    askedS3 = true;
    const outcome = await checkAtDeadline(deps, target);
    if (outcome.kind !== 'not-due') {
      logOutcome(logger, target, outcome);
      return { kind: 'done', outcome };
    }
    deadlineMs = outcome.deadlineMs;
  }
  return postpone(deps, target, deadlineMs, deadlineMs - s3Clock.nowLowerBoundMs());
}

function postpone(
  deps: CheckerDeps,
  target: CheckTarget,
  deadlineMs: number,
  waitMs: number,
): RecordOutcome {
  // Back at the last whole second before the deadline; the rest is waited inline on redelivery.
  const delaySeconds = Math.min(
    MAX_VISIBILITY_TIMEOUT_SECONDS,
    Math.max(0, Math.floor(waitMs / 1000)),
  );
  logOutcome(deps.logger, target, { kind: 'postponed', deadlineMs, delaySeconds });
  return { kind: 'postpone', delaySeconds, deadlineMs };
}

function ignored(deps: CheckerDeps, record: ObjectCreated, reason: string): RecordOutcome {
  deps.metrics.record(MetricName.EventsIgnored, { bucket: record.bucket, key: record.key });
  deps.logger.info('event ignored', {
    bucket: record.bucket,
    key: record.key,
    verdict: 'ignored',
    reason,
  });
  return { kind: 'ignored', reason };
}
