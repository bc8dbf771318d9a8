import { notificationDelaySeconds, type NotificationDelayInputs } from '@hls-stale-guard/contract';
import { Construct } from 'constructs';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { SqsQueueRedriveAllowPolicy } from '@cdktf/provider-aws/lib/sqs-queue-redrive-allow-policy';
import {
  SQS_MAX_MESSAGE_RETENTION_SECONDS,
  SQS_MAX_VISIBILITY_TIMEOUT_SECONDS,
  SQS_VISIBILITY_TO_FUNCTION_TIMEOUT_FACTOR,
} from '../aws-limits';
import { denyInsecureTransport, policyJson } from '../iam/policy-document';
import type { ResourceNames } from '../naming';

/**
 * Receives before a message moves to the dead-letter queue. Every receive counts, including each
 * postponement: the checker receives an S3 event, pushes it back with ChangeMessageVisibility until the
 * playlist's deadline (1.5 × TARGETDURATION after its last write) and reports it as a batch item failure,
 * then checks it when it returns. That is usually 1–3 receives; 10 leaves room for an early delivery,
 * a throttled batch or two, and transient S3 errors, while a message that fails every time still reaches
 * the DLQ within minutes. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export const DLQ_MAX_RECEIVE_COUNT = 10;

/**
 * Retention of the event queue: 4 days (the SQS default). An event older than that is useless anyway —
 * the scheduled reconciler sweep finds any stale playlist whose event was lost.
 */
const EVENT_RETENTION_SECONDS = 4 * 24 * 3600;

/** Long polling for consumers other than the event source mapping (e.g. an operator's CLI). */
const RECEIVE_WAIT_SECONDS = 20;

/**
 * Visibility timeout of the event queue for a given function timeout (AWS: ≥ 6 × function timeout).
 *
 * @example
 * queueVisibilityTimeoutSeconds(60); // 360
 */
export function queueVisibilityTimeoutSeconds(functionTimeoutSeconds: number): number {
  return Math.min(
    SQS_VISIBILITY_TO_FUNCTION_TIMEOUT_FACTOR * functionTimeoutSeconds,
    SQS_MAX_VISIBILITY_TIMEOUT_SECONDS,
  );
}

/** Props of {@link PlaylistQueue}. */
export interface PlaylistQueueProps {
  readonly names: ResourceNames;
  readonly functionTimeoutSeconds: number;
  readonly accountId: string;
  /** ARNs of the origin buckets allowed to send `ObjectCreated` events. */
  readonly sourceBucketArns: string[];
  /**
   * What the event queue's `DelaySeconds` is derived from ({@link notificationDelaySeconds}): the
   * shortest target duration (`null`: no delay), the deadline multiple and the batching window.
   */
  readonly notificationDelay: NotificationDelayInputs;
}

/**
 * The SQS queue S3 sends playlist `ObjectCreated` events to (SSE-SQS), its dead-letter queue, and the
 * dead-letter queue of the scheduled (asynchronous) reconciler invocations.
 *
 * @example
 * const queue = new PlaylistQueue(this, 'queue', {
 *   names, functionTimeoutSeconds: 60, accountId, sourceBucketArns,
 *   notificationDelay: { minTargetDurationSeconds: 2, targetDurationMultiple: 1.5, batchingWindowSeconds: 1 },
 * });
 */
export class PlaylistQueue extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  readonly reconcileDeadLetterQueue: SqsQueue;
  /** The queue policy; S3 validates it when the bucket notification is written, so notifications depend on it. */
  readonly queuePolicy: SqsQueuePolicy;

  constructor(scope: Construct, id: string, props: PlaylistQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: props.names.deadLetterQueue,
      sqsManagedSseEnabled: true,
      // A dead letter keeps its original enqueue time: the DLQ must retain longer than the source queue.
      messageRetentionSeconds: SQS_MAX_MESSAGE_RETENTION_SECONDS,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: props.names.queue,
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: queueVisibilityTimeoutSeconds(props.functionTimeoutSeconds),
      messageRetentionSeconds: EVENT_RETENTION_SECONDS,
      receiveWaitTimeSeconds: RECEIVE_WAIT_SECONDS,
      // Held until one batching window before the shortest possible deadline: most notifications then
      // arrive after their version was replaced and are settled in one delivery. The DLQs get none.
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html
      delaySeconds: notificationDelaySeconds(props.notificationDelay),
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: DLQ_MAX_RECEIVE_COUNT,
      }),
    });
    new SqsQueueRedriveAllowPolicy(this, 'dead-letter-queue-redrive-allow', {
      queueUrl: this.deadLetterQueue.url,
      redriveAllowPolicy: JSON.stringify({
        redrivePermission: 'byQueue',
        sourceQueueArns: [this.queue.arn],
      }),
    });
    this.queuePolicy = new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: this.queue.url,
      policy: policyJson([
        {
          Sid: 'AllowOriginBucketEvents',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: ['sqs:SendMessage'],
          Resource: [this.queue.arn],
          // Confused-deputy guard: only our buckets, in our account.
          // https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
          Condition: {
            ArnLike: { 'aws:SourceArn': props.sourceBucketArns },
            StringEquals: { 'aws:SourceAccount': props.accountId },
          },
        },
        ...denyInsecureTransport([this.queue.arn], 'sqs'),
      ]),
    });

    this.reconcileDeadLetterQueue = new SqsQueue(this, 'reconcile-dead-letter-queue', {
      name: props.names.reconcileDeadLetterQueue,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: SQS_MAX_MESSAGE_RETENTION_SECONDS,
    });
    for (const [key, dlq] of [
      ['dead-letter-queue-policy', this.deadLetterQueue],
      ['reconcile-dead-letter-queue-policy', this.reconcileDeadLetterQueue],
    ] as const) {
      new SqsQueuePolicy(this, key, {
        queueUrl: dlq.url,
        policy: policyJson(denyInsecureTransport([dlq.arn], 'sqs')),
      });
    }
  }
}
