import { notificationDelaySeconds } from '@hls-stale-guard/contract';
import fc from 'fast-check';
import {
  QUEUE_AGE_MARGIN_SECONDS,
  oldestMessageAgeThresholdSeconds,
} from '../src/constructs/alarms';
import { testConfig } from './synth-helpers';

/**
 * Counting the delivery delay in ApproximateAgeOfOldestMessage (which the SQS metrics page leaves open:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html),
 * a healthy message is at most the delivery delay, then the postponement to its deadline, then one
 * batching window old when the checker settles it.
 */
const healthyAgeSeconds = (c: Parameters<typeof oldestMessageAgeThresholdSeconds>[0]) =>
  notificationDelaySeconds(c) +
  c.targetDurationMultiple * c.maxTargetDurationSeconds +
  c.graceMs / 1000 +
  c.batchingWindowSeconds;

describe('the queue-age alarm', () => {
  it('never fires on a healthy origin: its threshold exceeds delay + k × max TD + grace + window by the margin, for every valid configuration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_600 }),
        fc.option(fc.integer({ min: 1, max: 3_600 })),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.integer({ min: 0, max: 300 }),
        (maxTd, minTd, multiple, graceMs, window) => {
          const config = testConfig({
            maxTargetDurationSeconds: maxTd,
            minTargetDurationSeconds: minTd === null ? null : Math.min(minTd, maxTd),
            targetDurationMultiple: multiple,
            graceMs,
            batchingWindowSeconds: window,
          });
          expect(
            oldestMessageAgeThresholdSeconds(config) - healthyAgeSeconds(config),
          ).toBeGreaterThanOrEqual(QUEUE_AGE_MARGIN_SECONDS);
        },
      ),
    );
  });
});
