import fc from 'fast-check';
import {
  QUEUE_AGE_MARGIN_SECONDS,
  oldestMessageAgeThresholdSeconds,
} from '../src/constructs/alarms';
import { healthyQueueAgeSeconds } from './healthy-queue-age';
import { testConfig } from './synth-helpers';

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
            oldestMessageAgeThresholdSeconds(config) - healthyQueueAgeSeconds(config),
          ).toBeGreaterThanOrEqual(QUEUE_AGE_MARGIN_SECONDS);
        },
      ),
    );
  });
});
