import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadlineQueue } from '../core/ports';

export class DeadlineQueueError extends Error {
  override name = 'DeadlineQueueError';
}

/**
 * ChangeMessageVisibilityBatch takes at most 10 entries
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html)
 * and is authorized by `sqs:ChangeMessageVisibility`, which the function already holds
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
 */
export const MAX_VISIBILITY_BATCH_ENTRIES = 10;

interface Pending {
  receiptHandle: string;
  seconds: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Runs `flush` a little later: the postponements asked for meanwhile go out with it. */
export type Linger = (flush: () => void) => void;

/**
 * How long the first postponement waits for others. The messages of a batch are decided a few
 * milliseconds apart (each after its own S3 or DynamoDB answer); waiting this long sends them as one call
 * instead of one per answer. A message then comes back at most this much later than its caller computed.
 */
export const POSTPONE_LINGER_MS = 20;

const linger: Linger = (flush) => void setTimeout(flush, POSTPONE_LINGER_MS);

/**
 * Postpones a notification to its deadline by changing its visibility (no idle compute: the message sleeps
 * in SQS, not in a function). The postponements asked for within {@link POSTPONE_LINGER_MS} of the first
 * — messages of a batch decided at about the same moment — go out together as ChangeMessageVisibilityBatch
 * calls of up to 10 entries: one SQS request instead of one per message. Each timeout was computed by its
 * caller when it asked, so a message comes back at most the linger later than planned. Each `postpone`
 * settles with its own entry's result.
 *
 * @example new SqsDeadlineQueue(new SQSClient({}), process.env.QUEUE_URL)
 */
export class SqsDeadlineQueue implements DeadlineQueue {
  private pending: Pending[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly schedule: Linger = linger,
  ) {}

  postpone(receiptHandle: string, seconds: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.pending.length === 0) this.schedule(() => void this.flush());
      this.pending.push({ receiptHandle, seconds, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const all = this.pending;
    this.pending = [];
    const chunks: Pending[][] = [];
    for (let i = 0; i < all.length; i += MAX_VISIBILITY_BATCH_ENTRIES) {
      chunks.push(all.slice(i, i + MAX_VISIBILITY_BATCH_ENTRIES));
    }
    await Promise.all(chunks.map((chunk) => this.send(chunk)));
  }

  private async send(chunk: Pending[]): Promise<void> {
    try {
      const out = await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((p, index) => ({
            Id: String(index),
            ReceiptHandle: p.receiptHandle,
            VisibilityTimeout: Math.round(p.seconds),
          })),
        }),
      );
      const failed = new Map((out.Failed ?? []).map((f) => [f.Id, f]));
      const succeeded = new Set((out.Successful ?? []).map((s) => s.Id));
      chunk.forEach((p, index) => {
        const id = String(index);
        const failure = failed.get(id);
        if (failure) {
          p.reject(
            new DeadlineQueueError(
              `ChangeMessageVisibility(${p.seconds} s) failed: ${failure.Code ?? 'unknown'}${failure.Message ? ` (${failure.Message})` : ''}`,
            ),
          );
        } else if (succeeded.has(id)) {
          p.resolve();
        } else {
          p.reject(
            new DeadlineQueueError(
              `ChangeMessageVisibility(${p.seconds} s): no result for the entry`,
            ),
          );
        }
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      for (const p of chunk) {
        p.reject(
          new DeadlineQueueError(`ChangeMessageVisibility(${p.seconds} s) failed: ${name}`, {
            cause: error,
          }),
        );
      }
    }
  }
}
