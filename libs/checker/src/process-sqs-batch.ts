import { MetricName } from '@hls-stale-guard/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { CheckerDeps } from './core/checker-deps';
import {
  handleObjectCreated,
  type Delivery,
  type InvocationBudget,
  type RecordOutcome,
} from './core/handle-object-created';
import { mapLimit } from './core/map-limit';
import {
  BATCH_CUTOFF_MARGIN_MS,
  LOOK_WHEN_ALL_OLDER_THAN_TARGET_DURATIONS,
  LOOKS_SKIPPED_FROM_BATCH_OF,
} from './core/next-step';
import { parseNotification, type ParsedMessage } from './core/parse-notification';
import {
  visibilityLeftSeconds,
  visibilityTimeoutSeconds,
  type ResumeAt,
  type VisibilityClocks,
} from './core/visibility-timeout';

/** Messages of a batch handled at once (inline waits overlap; S3 calls stay bounded). */
const BATCH_CONCURRENCY = 10;

/** A failed message comes back after 2^receives seconds, at most this long. */
const MAX_RETRY_BACKOFF_SECONDS = 60;

export { BATCH_CUTOFF_MARGIN_MS } from './core/next-step';

/** What becomes of one message; one with several records to postpone comes back at the earliest. */
type MessageOutcome =
  { kind: 'ack' } | { kind: 'postpone'; resumeAt: ResumeAt[] } | { kind: 'retry'; reason: string };

function retryBackoffSeconds(record: SQSRecord): number {
  const receives = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  const exponent = Number.isFinite(receives) ? Math.min(Math.max(receives, 1), 6) : 1;
  return Math.min(2 ** exponent, MAX_RETRY_BACKOFF_SECONDS);
}

/** The message's notification; a parser that throws makes it malformed (retried, then dead-lettered). */
function parseMessage(message: SQSRecord): ParsedMessage {
  try {
    return parseNotification(message.body ?? '');
  } catch (error) {
    return { kind: 'malformed', reason: describeError(error) };
  }
}

async function handleMessage(
  deps: CheckerDeps,
  message: SQSRecord,
  parsed: ParsedMessage,
  budget: InvocationBudget,
  delivery: Delivery,
): Promise<MessageOutcome> {
  if (parsed.kind === 'test-event') {
    deps.metrics.record(MetricName.EventsIgnored, {});
    deps.logger.info('event ignored', {
      messageId: message.messageId,
      verdict: 'ignored',
      reason: 's3:TestEvent',
    });
    return { kind: 'ack' };
  }
  if (parsed.kind === 'malformed') {
    // A poison message fails only itself and reaches the DLQ after the redrive count.
    deps.metrics.record(MetricName.CheckErrors, {});
    deps.logger.error('malformed message', { messageId: message.messageId, reason: parsed.reason });
    return { kind: 'retry', reason: parsed.reason };
  }
  const outcomes: RecordOutcome[] = [];
  const failures: string[] = [];
  for (const record of parsed.records) {
    if (record.kind === 'malformed') {
      deps.metrics.record(MetricName.CheckErrors, {});
      deps.logger.error('malformed record', {
        messageId: message.messageId,
        reason: record.reason,
      });
      failures.push(record.reason);
      continue;
    }
    if (record.kind === 'ignored') {
      deps.metrics.record(MetricName.EventsIgnored, { bucket: record.bucket, key: record.key });
      deps.logger.info('event ignored', {
        messageId: message.messageId,
        bucket: record.bucket,
        key: record.key,
        verdict: 'ignored',
        reason: record.reason,
      });
      continue;
    }
    try {
      outcomes.push(await handleObjectCreated(deps, record.record, budget, delivery));
    } catch (error) {
      deps.metrics.record(MetricName.CheckErrors, {
        bucket: record.record.bucket,
        key: record.record.key,
      });
      deps.logger.error('check failed: will retry', {
        messageId: message.messageId,
        bucket: record.record.bucket,
        key: record.record.key,
        etag: record.record.etag,
        verdict: 'error',
        error: describeError(error),
      });
      failures.push(describeError(error));
    }
  }
  if (failures.length > 0) return { kind: 'retry', reason: failures.join('; ') };
  const resumeAt = outcomes.flatMap((o) => (o.kind === 'postpone' ? [o.resumeAt] : []));
  if (resumeAt.length > 0) return { kind: 'postpone', resumeAt };
  return { kind: 'ack' };
}

async function handleMessageSafely(
  deps: CheckerDeps,
  message: SQSRecord,
  parsed: ParsedMessage,
  budget: InvocationBudget,
  delivery: Delivery,
): Promise<MessageOutcome> {
  try {
    return await handleMessage(deps, message, parsed, budget, delivery);
  } catch (error) {
    deps.metrics.record(MetricName.CheckErrors, {});
    deps.logger.error('message failed', {
      messageId: message.messageId,
      error: describeError(error),
    });
    return { kind: 'retry', reason: describeError(error) };
  }
}

/** The visibility timeout for a message, from the clocks at this very moment. */
function visibilitySeconds(deps: CheckerDeps, message: SQSRecord, outcome: MessageOutcome): number {
  const first = Number(message.attributes?.ApproximateFirstReceiveTimestamp);
  const clocks: VisibilityClocks = {
    s3NowLowerBoundMs: deps.s3Clock.nowLowerBoundMs(),
    localNowMs: deps.clock.nowMs(),
    firstReceivedMs: Number.isFinite(first) && first > 0 ? first : undefined,
  };
  if (outcome.kind === 'postpone') {
    return Math.min(...outcome.resumeAt.map((at) => visibilityTimeoutSeconds(at, clocks)));
  }
  return Math.min(retryBackoffSeconds(message), visibilityLeftSeconds(clocks));
}

/**
 * The SQS use case: every record of every batch is handled; the response lists the messages to see again
 * (`ReportBatchItemFailures`): those postponed with ChangeMessageVisibility (to their deadline, or to the end
 * of the deletion valve's window) and those that failed (with a backoff). Each message is postponed as soon
 * as its own outcome is known, with a timeout computed at that moment, since SQS counts it from the call: a
 * slow message does not delay the others. Near the invocation's timeout (`BATCH_CUTOFF_MARGIN_MS`), the
 * messages still undecided are made visible again and the batch returns. Never throws: a failing message
 * fails only itself.
 */
export async function processSqsBatch(
  deps: CheckerDeps,
  event: SQSEvent,
  budget: InvocationBudget,
): Promise<SQSBatchResponse> {
  const records = Array.isArray(event?.Records) ? event.Records : [];
  const parsed = records.map(parseMessage);
  const delivery = deliveryOf(deps, parsed);
  const reported = new Array<boolean>(records.length).fill(false);
  const settled = new Array<boolean>(records.length).fill(false);
  let cutOff = false;

  const settle = async (index: number, outcome: MessageOutcome): Promise<void> => {
    const message = records[index];
    if (!message || settled[index]) return;
    settled[index] = true;
    if (outcome.kind === 'ack') return;
    reported[index] = true;
    const seconds = visibilitySeconds(deps, message, outcome);
    try {
      await deps.queue.postpone(message.receiptHandle, seconds);
    } catch (error) {
      // The message still comes back, after the queue's visibility timeout: later, never wrong.
      deps.metrics.record(MetricName.CheckErrors, {});
      deps.logger.error('could not change message visibility', {
        messageId: message.messageId,
        delaySeconds: seconds,
        error: describeError(error),
      });
    }
  };

  const work = mapLimit(records, BATCH_CONCURRENCY, async (message, index) => {
    if (cutOff) return;
    const notification = parsed[index] ?? { kind: 'malformed', reason: 'no record' };
    await settle(index, await handleMessageSafely(deps, message, notification, budget, delivery));
  });
  const alarm = deps.clock.alarm(budget.remainingMs() - BATCH_CUTOFF_MARGIN_MS);
  cutOff = await Promise.race([work.then(() => false), alarm.fired.then(() => true)]);
  alarm.cancel();
  if (cutOff) {
    const undecided = records.flatMap((_message, index) => (settled[index] ? [] : [index]));
    deps.logger.warn('invocation nearly out of time: undecided messages come back now', {
      undecided: undecided.length,
      messageIds: undecided.map((index) => records[index]?.messageId).join(','),
    });
    await Promise.all(
      undecided.map((index) => settle(index, { kind: 'postpone', resumeAt: [{ kind: 'now' }] })),
    );
  }
  return {
    batchItemFailures: records.flatMap((message, index) =>
      reported[index] ? [{ itemIdentifier: message.messageId }] : [],
    ),
  };
}

/**
 * A batch smaller than the event source's batch size was delivered when its batching window ran out: on
 * such a quiet queue a message that becomes visible sits up to that long in the window before it is
 * delivered, so the messages of such a batch are postponed one window earlier. A full batch was delivered
 * as soon as it filled: no lead.
 *
 * A batch of several messages waits without looking at S3 first (`LOOKS_SKIPPED_FROM_BATCH_OF`), unless
 * every one of its versions has probably been replaced already (`probablyReplaced`).
 */
function deliveryOf(deps: CheckerDeps, parsed: readonly ParsedMessage[]): Delivery {
  const source = deps.config.eventSource;
  const batchLength = parsed.length;
  const nowMs = deps.clock.nowMs();
  const lookBeforeWait =
    batchLength < LOOKS_SKIPPED_FROM_BATCH_OF ||
    parsed.every((message) => probablyReplaced(deps, message, nowMs));
  if (!source || source.batchingWindowMs <= 0 || batchLength >= source.batchSize) {
    return { windowLeadMs: 0, lookBeforeWait };
  }
  return { windowLeadMs: source.batchingWindowMs, lookBeforeWait };
}

/**
 * Whether every version a message names is at least `LOOK_WHEN_ALL_OLDER_THAN_TARGET_DURATIONS` of its
 * key's TARGETDURATIONs old, the key's timing being known (cached facts): a live encoder has almost surely
 * replaced it. A key not read yet counts as not replaced; a message that names no version (test event,
 * malformed, ignored records) does not stand in the way. Only a hint for the look: it never decides a
 * deletion.
 */
function probablyReplaced(deps: CheckerDeps, message: ParsedMessage, nowMs: number): boolean {
  if (message.kind !== 'records') return true;
  return message.records.every((parsed) => {
    if (parsed.kind !== 'object-created') return true;
    const { bucket, key, eventTimeMs } = parsed.record;
    const facts = deps.cache.liveFactsFor(bucket, key);
    return (
      facts !== undefined &&
      nowMs - eventTimeMs >= LOOK_WHEN_ALL_OLDER_THAN_TARGET_DURATIONS * facts.targetDurationMs
    );
  });
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}
