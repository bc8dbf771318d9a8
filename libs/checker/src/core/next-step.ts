/**
 * The longest remainder ever waited inside an invocation instead of postponing (the bound of the
 * `INLINE_WAIT_MAX_MS` setting, and the wait when a caller gives none): SQS visibility has whole-second
 * granularity, so at this value the message is postponed to the last whole second before the deadline and
 * the sub-second rest is slept, landing the check within ~100 ms after the deadline, never before it.
 */
export const INLINE_WAIT_MAX_MS = 1_000;

/**
 * When the invocation has this little time left, the batch stops waiting for the messages not decided yet,
 * makes them visible again and returns (`processSqsBatch`): a timed-out invocation would leave them hidden
 * for the queue's whole visibility timeout. It leaves room for those ChangeMessageVisibility calls and the
 * metrics flush.
 */
export const BATCH_CUTOFF_MARGIN_MS = 4_000;

/** Inline waits end this long before the invocation's timeout: the check after them ends before the cutoff. */
export const INLINE_WAIT_HEADROOM_MS = BATCH_CUTOFF_MARGIN_MS + 2_000;

/**
 * A wait at least this long is preceded by one look at S3: the version is usually replaced by then (a live
 * encoder uploads every TARGETDURATION, the deadline is 1.5 × that), and a HEAD showing a new ETag settles
 * the message at once instead of holding the invocation, and with it the batch's instance, for the wait.
 */
export const ASK_BEFORE_WAIT_MIN_MS = 250;

/**
 * A batch of at least this many messages skips the look before an inline wait (`lookBeforeWait`). A look
 * pays only when it lets the invocation end early, which needs every message of the batch settled before
 * its deadline; with a few messages one of them almost always waits to its deadline anyway (measured:
 * about 3 in 10 notifications are not yet replaced when the queue's delay delivers them), so the others'
 * looks are second HEADs for nothing.
 */
export const LOOKS_SKIPPED_FROM_BATCH_OF = 5;

/**
 * ...unless every message of the batch names a version at least this many of its key's TARGETDURATIONs
 * old (the key's timing known from an earlier read): a live encoder uploads about every TARGETDURATION, so
 * such a version has almost surely been replaced and a look settles the whole batch without a wait. With
 * the queue delay of a TD 6 s origin (`minTargetDurationSeconds` 6: 8 s) every notification arrives
 * 1.33–1.5 TARGETDURATIONs old; with TD 2 s and its 2 s delay, 1–1.5, and a few are not replaced yet.
 */
export const LOOK_WHEN_ALL_OLDER_THAN_TARGET_DURATIONS = 1.25;

/** How many not-due verdicts (S3's clock behind ours) are re-waited inline before postponing. */
export const MAX_INLINE_CHECKS = 3;

/** What the event path knows when it decides what to do next with one version. */
export interface StepInputs {
  /** The version's deadline, on S3's clock. */
  deadlineMs: number;
  /** A lower bound of now on S3's clock (`S3Clock.nowLowerBoundMs`). */
  s3NowLowerBoundMs: number;
  /** The local wall clock: only a hint that asking S3 may be worth it, never a reason to delete. */
  localNowMs: number;
  /** Time left in the invocation. */
  remainingMs: number;
  /** Whether S3 was asked already in this invocation (its `Date` header tightened the lower bound). */
  askedS3: boolean;
  /** Checks that answered "not due" so far in this invocation. */
  checksDone: number;
  /** The `INLINE_WAIT_MAX_MS` setting, 0–1,000 ms (default {@link INLINE_WAIT_MAX_MS}). */
  inlineWaitMaxMs?: number;
  /**
   * How long a message that becomes visible may sit in the event source's batching window before it is
   * delivered (default 0): the batching window after a batch that was not full, 0 after a full one. A
   * postponed message comes back this much earlier, and up to this much more is waited inline.
   */
  windowLeadMs?: number;
  /**
   * Whether a wait of at least {@link ASK_BEFORE_WAIT_MIN_MS} is preceded by one look at S3 (default
   * true); false in a batch whose invocation lasts until its last message is due anyway
   * ({@link LOOKS_SKIPPED_FROM_BATCH_OF}).
   */
  lookBeforeWait?: boolean;
}

export type NextStep =
  /** Check now: the lower bound is past the deadline, or asking S3 tightens a loose bound. */
  | { kind: 'check-now' }
  /** Sleep `waitMs` in the invocation, then check: the lower bound is then past the deadline. */
  | { kind: 'wait-then-check'; waitMs: number }
  /** Hide the message for about `delaySeconds` (recomputed when the queue is called), then again. */
  | { kind: 'postpone'; delaySeconds: number };

/**
 * The event path's next step for one version, before its deadline. Pure.
 *
 * Waiting inline costs invocation time, postponing costs a redelivery: a deadline within
 * `INLINE_WAIT_MAX_MS` of the S3-clock lower bound is waited for (if the invocation has that long plus
 * `INLINE_WAIT_HEADROOM_MS` left), a farther one is postponed to the last whole second before it. With a
 * window lead (`windowLeadMs`: the batching window, after a batch that was not full) the message is
 * postponed that much earlier, since it will sit up to that long in the window, and the inline bound grows
 * by the same amount for a message that was delivered sooner. Before a
 * wait of `ASK_BEFORE_WAIT_MIN_MS` or more, S3 is asked once: a replaced version needs no wait. The lower
 * bound can be loose (a late event is the only clock sample): when the local clock says the deadline is
 * here, S3 is asked once too, since its `Date` header tightens the bound and the check decides. Asking is
 * never deciding early: `checkAtDeadline` answers not-due before the lower bound passes the deadline, and
 * "wait" lands 1 ms past it.
 *
 * @example
 * const step = nextStep({ deadlineMs, s3NowLowerBoundMs: s3Clock.nowLowerBoundMs(), localNowMs: clock.nowMs(),
 *   remainingMs: budget.remainingMs(), askedS3: false, checksDone: 0 });
 */
export function nextStep(inputs: StepInputs): NextStep {
  const waitMs = inputs.deadlineMs - inputs.s3NowLowerBoundMs;
  const inlineMax = inputs.inlineWaitMaxMs ?? INLINE_WAIT_MAX_MS;
  const lead = Math.max(0, inputs.windowLeadMs ?? 0);
  const postpone: NextStep = {
    kind: 'postpone',
    delaySeconds: postponeSeconds(waitMs, inlineMax, lead),
  };
  if (inputs.checksDone >= MAX_INLINE_CHECKS) return postpone;
  const tooLong =
    waitMs > inlineMax + lead || waitMs > inputs.remainingMs - INLINE_WAIT_HEADROOM_MS;
  if (!tooLong) {
    const look = !inputs.askedS3 && (inputs.lookBeforeWait ?? true);
    if (waitMs < 0 || (look && waitMs >= ASK_BEFORE_WAIT_MIN_MS)) return CHECK_NOW;
    return { kind: 'wait-then-check', waitMs: waitMs + 1 };
  }
  const localSaysDue = inputs.deadlineMs - inputs.localNowMs <= INLINE_WAIT_MAX_MS;
  return localSaysDue && !inputs.askedS3 ? CHECK_NOW : postpone;
}

const CHECK_NOW: NextStep = { kind: 'check-now' };

/**
 * How many whole seconds to hide a message whose deadline is `waitMs` away so that it comes back at most
 * `inlineWaitMaxMs` before the deadline (the rest is waited inline) and as soon after it as whole seconds
 * allow. At 1,000 ms: the last whole second before the deadline. Below: the first whole second that leaves
 * at most `inlineWaitMaxMs` to wait, so the check lands less than 1 s − `inlineWaitMaxMs` after the
 * deadline (0 ms: the first whole second at or after it). With a window lead (`windowLeadMs`, see
 * `StepInputs`), all of that `windowLeadMs` earlier. Pure.
 *
 * @example postponeSeconds(2_900, 1_000); // 2: back 900 ms early, waited inline
 * @example postponeSeconds(2_900, 0); // 3: back 100 ms late, no wait
 * @example postponeSeconds(2_900, 500, 1_000); // 2: back 900 ms early, to sit up to 1 s in the batching window
 */
export function postponeSeconds(
  waitMs: number,
  inlineWaitMaxMs: number = INLINE_WAIT_MAX_MS,
  windowLeadMs = 0,
): number {
  const untilMs = waitMs - Math.max(0, windowLeadMs);
  if (inlineWaitMaxMs >= INLINE_WAIT_MAX_MS) return wholeSecondsBefore(untilMs);
  return Math.max(0, Math.ceil((untilMs - Math.max(0, inlineWaitMaxMs)) / 1000));
}

/** The whole seconds before a point `waitMs` away (0 when it is here or past). */
function wholeSecondsBefore(waitMs: number): number {
  return Math.max(0, Math.floor(waitMs / 1000));
}
