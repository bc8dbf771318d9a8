import { MetricName } from '@hls-stale-guard/metrics';
import { stalenessDeadline, type MediaPlaylistFacts } from '@hls-stale-guard/playlist';
import { checkAtDeadline, type CheckOutcome, type CheckTarget } from './check-at-deadline';
import type { CheckerDeps } from './checker-deps';
import { judgeVersion } from './judge-version';
import { logOutcome } from './log-outcome';
import { nextStep } from './next-step';
import type { ObjectCreated } from './parse-notification';
import { observeInRegistry } from '../registry/observe-in-registry';
import { readFacts } from './read-facts';
import { describeError } from '../process-sqs-batch';
import type { ResumeAt } from './visibility-timeout';

/** Time left in the invocation. */
export interface InvocationBudget {
  remainingMs(): number;
}

/** How the message holding a record was delivered. */
export interface Delivery {
  /** See `StepInputs.windowLeadMs`: the batching window when this batch was not full, else 0. */
  windowLeadMs: number;
  /** See `StepInputs.lookBeforeWait` (default true). */
  lookBeforeWait?: boolean;
}

const NO_WINDOW: Delivery = { windowLeadMs: 0 };

export type RecordOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'done'; outcome: CheckOutcome }
  /** Hide the message until `resumeAt` (the visibility timeout is computed when the queue is called). */
  | { kind: 'postpone'; resumeAt: ResumeAt };

/**
 * The event path for one `ObjectCreated` record: compute the version's deadline from S3's millisecond
 * `eventTime` (with the key's cached TARGETDURATION when known: no S3 read), then follow `nextStep`:
 * postpone the message to the deadline when it is far, wait out a sub-second remainder, run the check.
 * A stale version the deletion valve holds back is postponed to the end of the valve's window, so it is
 * checked again then (the check deletes it unless a newer version replaced it meanwhile).
 */
export async function handleObjectCreated(
  deps: CheckerDeps,
  record: ObjectCreated,
  budget: InvocationBudget,
  delivery: Delivery = NO_WINDOW,
): Promise<RecordOutcome> {
  const outcome = await decideObjectCreated(deps, record, budget, delivery);
  // The playlist registry: written on first sight, on a state change, hourly; never throws.
  await observeInRegistry(deps, record, outcome);
  return outcome;
}

async function decideObjectCreated(
  deps: CheckerDeps,
  record: ObjectCreated,
  budget: InvocationBudget,
  delivery: Delivery,
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
      if (read.reason === 'etag-mismatch') await learnCurrentTiming(deps, bucket, key);
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
    warnIfCheckedLate(deps, bucket, key, timing);
  }

  let deadlineMs = stalenessDeadline(timing, writtenAtMs, config.policy);
  let askedS3 = false;
  for (let checksDone = 0; ; checksDone += 1) {
    const step = nextStep({
      deadlineMs,
      s3NowLowerBoundMs: s3Clock.nowLowerBoundMs(),
      localNowMs: clock.nowMs(),
      remainingMs: budget.remainingMs(),
      askedS3,
      checksDone,
      inlineWaitMaxMs: config.inlineWaitMaxMs,
      windowLeadMs: delivery.windowLeadMs,
      lookBeforeWait: delivery.lookBeforeWait ?? true,
    });
    if (step.kind === 'postpone') {
      logOutcome(logger, target, {
        kind: 'postponed',
        deadlineMs,
        delaySeconds: step.delaySeconds,
      });
      return {
        kind: 'postpone',
        resumeAt: {
          kind: 'deadline',
          deadlineMs,
          inlineWaitMaxMs: config.inlineWaitMaxMs,
          windowLeadMs: delivery.windowLeadMs,
        },
      };
    }
    if (step.kind === 'wait-then-check') await clock.sleep(step.waitMs);
    askedS3 = true;
    const outcome = await checkAtDeadline(deps, target);
    if (outcome.kind === 'not-due') {
      deadlineMs = outcome.deadlineMs;
      continue;
    }
    logOutcome(logger, target, outcome);
    if (outcome.kind === 'would-delete' && outcome.reason === 'valve') {
      return {
        kind: 'postpone',
        resumeAt: { kind: 'valve-window', windowEndsMs: outcome.windowEndsMs },
      };
    }
    return { kind: 'done', outcome };
  }
}

/**
 * The key's first event on this instance named a version already replaced (a notification the queue held
 * back, or a late one): read the current version's facts once, so the key's timing is cached (its later
 * events need no read), the registry records the key (see `observeInRegistry`) and a deadline shorter
 * than the notification delay is reported (`warnIfCheckedLate`). Best effort: a failure is logged and
 * the next event of the key tries again.
 */
async function learnCurrentTiming(deps: CheckerDeps, bucket: string, key: string): Promise<void> {
  try {
    const head = await deps.store.head(bucket, key);
    if (head?.serverDateMs !== undefined) {
      deps.s3Clock.observeServerDate(head.serverDateMs, deps.clock.nowMs());
    }
    if (!head) return;
    const read = await readFacts(deps, bucket, key, head.etag);
    if (read.kind !== 'facts') return;
    const judgement = judgeVersion(
      {
        bucket,
        key,
        sizeBytes: head.sizeBytes,
        writtenAtMs: head.lastModifiedMs,
        facts: read.facts,
      },
      deps.config,
    );
    if (judgement.kind === 'live') warnIfCheckedLate(deps, bucket, key, judgement.facts);
  } catch (error) {
    deps.logger.warn('could not read the current version of a replaced playlist', {
      bucket,
      key,
      error: describeError(error),
    });
  }
}

/** What operators can change so that no playlist is checked late. */
const CHECKED_LATE_HINT = 'lower minTargetDurationSeconds in the infra config';

/**
 * The queue holds every notification `notificationDelayMs` and the event source up to one batching window
 * more, so a live playlist whose deadline (RFC 8216 §6.2.1: k × TARGETDURATION, or the PART-TARGET one)
 * comes sooner after its write is checked late, by up to the difference: never early, never wrongly
 * deleted. Logged where a key's live timing is first learned on this instance (its facts are then cached),
 * so once per key per instance (records of a new key read at the same time in one batch may each log it);
 * `DeleteLagMs` shows the lateness itself. Changes no decision.
 */
function warnIfCheckedLate(
  deps: CheckerDeps,
  bucket: string,
  key: string,
  facts: MediaPlaylistFacts,
): void {
  const delayMs = deps.config.notificationDelayMs ?? 0;
  // Without a delay the queue adds no lateness, and no infra setting would remove the window's.
  if (delayMs <= 0) return;
  const windowMs = deps.config.eventSource?.batchingWindowMs ?? 0;
  const deadlineMs = stalenessDeadline(facts, 0, deps.config.policy);
  const deliveryMs = delayMs + windowMs;
  if (deadlineMs >= deliveryMs) return;
  deps.logger.warn('playlist deadline shorter than the notification delay: checks come late', {
    bucket,
    key,
    deadlineMs,
    notificationDelaySeconds: delayMs / 1000,
    batchingWindowSeconds: windowMs / 1000,
    lateByUpToMs: deliveryMs - deadlineMs,
    hint: CHECKED_LATE_HINT,
  });
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
