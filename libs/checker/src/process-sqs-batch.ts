import { MetricName } from '@hls-stale-guard/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { CheckerDeps } from './core/checker-deps';
import {
  handleObjectCreated,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  type InvocationBudget,
  type RecordOutcome,
} from './core/handle-object-created';
import { mapLimit } from './core/map-limit';
import { parseNotification } from './core/parse-notification';

/** Messages of a batch handled at once (inline waits overlap; S3 calls stay bounded). */
export const BATCH_CONCURRENCY = 10;

/** A failed message comes back after 2^receives seconds, at most this long. */
export const MAX_RETRY_BACKOFF_SECONDS = 60;

type MessageOutcome =
  { kind: 'ack' } | { kind: 'postpone'; delaySeconds: number } | { kind: 'retry'; reason: string };

function retryBackoffSeconds(record: SQSRecord): number {
  const receives = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  const exponent = Number.isFinite(receives) ? Math.min(Math.max(receives, 1), 6) : 1;
  return Math.min(2 ** exponent, MAX_RETRY_BACKOFF_SECONDS);
}

async function handleMessage(
  deps: CheckerDeps,
  message: SQSRecord,
  budget: InvocationBudget,
): Promise<MessageOutcome> {
  const parsed = parseNotification(message.body ?? '');
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
      outcomes.push(await handleObjectCreated(deps, record.record, budget));
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
  const delays = outcomes.flatMap((o) => (o.kind === 'postpone' ? [o.delaySeconds] : []));
  if (delays.length > 0) return { kind: 'postpone', delaySeconds: Math.min(...delays) };
  return { kind: 'ack' };
}

/**
 * The SQS use case: every record of every batch is handled; the response lists the messages to see again
 * (`ReportBatchItemFailures`): those postponed to their deadline with ChangeMessageVisibility and those
 * that failed (with a backoff). Never throws: a failing message fails only itself.
 */
export async function processSqsBatch(
  deps: CheckerDeps,
  event: SQSEvent,
  budget: InvocationBudget,
): Promise<SQSBatchResponse> {
  const records = Array.isArray(event?.Records) ? event.Records : [];
  const outcomes = await mapLimit(records, BATCH_CONCURRENCY, async (message) => {
    try {
      return await handleMessage(deps, message, budget);
    } catch (error) {
      deps.metrics.record(MetricName.CheckErrors, {});
      deps.logger.error('message failed', {
        messageId: message.messageId,
        error: describeError(error),
      });
      return { kind: 'retry', reason: describeError(error) } satisfies MessageOutcome;
    }
  });

  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  await mapLimit(records, BATCH_CONCURRENCY, async (message, index) => {
    const outcome = outcomes[index];
    if (!outcome || outcome.kind === 'ack') return;
    batchItemFailures.push({ itemIdentifier: message.messageId });
    const seconds =
      outcome.kind === 'postpone'
        ? Math.min(outcome.delaySeconds, MAX_VISIBILITY_TIMEOUT_SECONDS)
        : retryBackoffSeconds(message);
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
  });
  return { batchItemFailures };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}
