import { postponeSeconds } from './next-step';

/** ChangeMessageVisibility accepts 0–43,200 s (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html). */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/**
 * A message cannot stay invisible longer than 12 h after it was first received: a longer
 * ChangeMessageVisibility is rejected
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
 */
export const MAX_TOTAL_VISIBILITY_MS = 12 * 60 * 60_000;

/** Kept off the 12 h limit: SQS's timestamp and the local clock may disagree by this much. */
export const TOTAL_VISIBILITY_MARGIN_MS = 10_000;

/** When a postponed message should come back. */
export type ResumeAt =
  /**
   * The version's deadline on S3's clock: back at most `inlineWaitMaxMs` (default 1,000) before it, the rest
   * waited inline ({@link postponeSeconds}); `windowLeadMs` earlier still, for the batching window to run
   * out in (see `nextStep`).
   */
  | { kind: 'deadline'; deadlineMs: number; inlineWaitMaxMs?: number; windowLeadMs?: number }
  /** The end of the deletion valve's window (local wall clock): back at the first whole second after it. */
  | { kind: 'valve-window'; windowEndsMs: number }
  /** As soon as possible (the invocation ran out of time before the message was decided). */
  | { kind: 'now' };

/** The clocks at the moment of the ChangeMessageVisibility call. */
export interface VisibilityClocks {
  s3NowLowerBoundMs: number;
  localNowMs: number;
  /** The message's `ApproximateFirstReceiveTimestamp` (epoch ms), when SQS sent one. */
  firstReceivedMs?: number;
}

/**
 * The visibility timeout that brings a message back at `resumeAt`, computed at the moment of the call (SQS
 * counts it from the call), within the API's 0–43,200 s and the 12 h total since the first receive. Pure.
 *
 * @example
 * await queue.postpone(receiptHandle, visibilityTimeoutSeconds({ kind: 'deadline', deadlineMs }, {
 *   s3NowLowerBoundMs: s3Clock.nowLowerBoundMs(), localNowMs: clock.nowMs(), firstReceivedMs }));
 */
export function visibilityTimeoutSeconds(resumeAt: ResumeAt, clocks: VisibilityClocks): number {
  const wanted =
    resumeAt.kind === 'deadline'
      ? postponeSeconds(
          resumeAt.deadlineMs - clocks.s3NowLowerBoundMs,
          resumeAt.inlineWaitMaxMs,
          resumeAt.windowLeadMs,
        )
      : resumeAt.kind === 'valve-window'
        ? Math.max(0, Math.ceil((resumeAt.windowEndsMs - clocks.localNowMs) / 1000))
        : 0;
  return Math.min(wanted, visibilityLeftSeconds(clocks));
}

/** How long the message may still be hidden: 43,200 s, less near the 12 h since its first receive. */
export function visibilityLeftSeconds(clocks: VisibilityClocks): number {
  const first = clocks.firstReceivedMs;
  if (first === undefined || !Number.isFinite(first)) return MAX_VISIBILITY_TIMEOUT_SECONDS;
  const leftMs = first + MAX_TOTAL_VISIBILITY_MS - TOTAL_VISIBILITY_MARGIN_MS - clocks.localNowMs;
  return Math.min(MAX_VISIBILITY_TIMEOUT_SECONDS, Math.max(0, Math.floor(leftMs / 1000)));
}
