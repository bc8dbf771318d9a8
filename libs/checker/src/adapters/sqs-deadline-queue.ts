import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadlineQueue } from '../core/ports';

export class DeadlineQueueError extends Error {
  override name = 'DeadlineQueueError';
}

/**
 * Postpones a notification to its deadline with ChangeMessageVisibility (no idle compute: the message sleeps
 * in SQS, not in a function).
 *
 * @example new SqsDeadlineQueue(new SQSClient({}), process.env.QUEUE_URL)
 */
export class SqsDeadlineQueue implements DeadlineQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async postpone(receiptHandle: string, seconds: number): Promise<void> {
    try {
      await this.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: Math.round(seconds),
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new DeadlineQueueError(`ChangeMessageVisibility(${seconds} s) failed: ${name}`, {
        cause: error,
      });
    }
  }
}
