import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * STAND-IN for the Lambda SQS event source mapping: long-polls the queue, hands batches of up to
 * `batchSize` messages to the handler as an `SQSEvent`, deletes the messages the handler did not report in
 * `batchItemFailures` (ReportBatchItemFailures), and leaves the rest to come back when their visibility
 * ends. A handler that throws leaves the whole batch, like Lambda does.
 */
export interface SqsEventSourceStandIn {
  /** Batches handed to the handler so far. */
  invocations(): number;
  stop(): Promise<void>;
}

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | void>;
  batchSize?: number;
  /** Concurrent pollers (Lambda starts with several). */
  pollers?: number;
  /** Long-poll wait per receive, seconds (short so `stop` is quick). */
  waitSeconds?: number;
  /**
   * The event source mapping's `MaximumBatchingWindowInSeconds`, in ms (default 0): after the first
   * messages arrive, keep receiving until the batch is full or this long has passed
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
   */
  batchingWindowMs?: number;
  onError?: (error: unknown) => void;
}

/** How often the stand-in looks again for messages while a batching window is open. */
const WINDOW_POLL_MS = 50;

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: attributes['SentTimestamp'] ?? String(Date.now()),
      SenderId: attributes['SenderId'] ?? 'local',
      ApproximateFirstReceiveTimestamp:
        attributes['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/**
 * Starts polling. Stop it before stopping the SQS server.
 *
 * @example
 * const source = startSqsEventSourceStandIn({ sqs, queueUrl, handler: (e) => checker.processSqsBatch(e, budget) });
 */
export function startSqsEventSourceStandIn(options: SqsEventSourceOptions): SqsEventSourceStandIn {
  const queueArn = options.queueArn ?? 'arn:aws:sqs:us-east-1:000000000000:local';
  const onError =
    options.onError ??
    ((error) => process.stderr.write(`sqs event source stand-in: ${String(error)}\n`));
  let running = true;
  let invocations = 0;
  const abort = new AbortController();

  const poll = async () => {
    while (running) {
      let messages: Message[] = [];
      try {
        const out = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(options.batchSize ?? 10, 10),
            WaitTimeSeconds: options.waitSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (error) {
        if (!running) return;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (messages.length === 0) continue;
      const batchSize = Math.min(options.batchSize ?? 10, 10);
      const windowEnds = Date.now() + (options.batchingWindowMs ?? 0);
      while (running && messages.length < batchSize && Date.now() < windowEnds) {
        try {
          const more = await options.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: options.queueUrl,
              MaxNumberOfMessages: batchSize - messages.length,
              WaitTimeSeconds: 0,
              MessageSystemAttributeNames: ['All'],
            }),
            { abortSignal: abort.signal },
          );
          messages = [...messages, ...(more.Messages ?? [])];
          if ((more.Messages ?? []).length === 0) {
            // Short polls, so the window ends on time (a long poll waits whole seconds).
            await new Promise((resolve) =>
              setTimeout(resolve, Math.min(WINDOW_POLL_MS, Math.max(0, windowEnds - Date.now()))),
            );
          }
        } catch (error) {
          if (!running) return;
          onError(error);
          break;
        }
      }
      invocations += 1;
      let failed: Set<string>;
      try {
        const response = await options.handler({
          Records: messages.map((m) => toRecord(m, queueArn)),
        });
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        onError(error);
        continue;
      }
      const done = messages.filter((m) => m.MessageId && !failed.has(m.MessageId));
      if (done.length === 0) continue;
      try {
        await options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      } catch (error) {
        onError(error);
      }
    }
  };

  const loops = Array.from({ length: options.pollers ?? 2 }, () => poll());
  return {
    invocations: () => invocations,
    async stop() {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
