import { notificationDelaySeconds } from '@hls-stale-guard/contract';
import type { oldestMessageAgeThresholdSeconds } from '../src/constructs/alarms';

/**
 * The test oracle for the queue-age alarm: the oldest a healthy message gets, counting the delivery delay
 * in ApproximateAgeOfOldestMessage (which the SQS metrics page leaves open:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html):
 * delivered after the delay, postponed to its deadline, then one batching window more.
 */
export const healthyQueueAgeSeconds = (
  c: Parameters<typeof oldestMessageAgeThresholdSeconds>[0],
): number =>
  notificationDelaySeconds(c) +
  c.targetDurationMultiple * c.maxTargetDurationSeconds +
  c.graceMs / 1000 +
  c.batchingWindowSeconds;
