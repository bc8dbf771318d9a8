import { join } from 'node:path';
import { loadDeploymentDefaults } from '../harness/deployment-defaults';
import { scaleUsage, ZERO_S3, ZERO_USAGE, type Usage } from '../cost/usage';
import { DEFAULT_ENCODER_PLAN } from './encoder-plan';
import { runDetection, usagePerStop, type DetectionResult } from './run-detection';

const perUpload: Usage = {
  ...ZERO_USAGE,
  s3: { ...ZERO_S3, head: 1 },
  sqs: { SendMessage: 1, ReceiveMessage: 0.1 },
};

/** Only the fields `usagePerStop` reads. */
function resultWith(afterSteady: DetectionResult['afterSteady']): DetectionResult {
  return {
    steady: {
      afterMs: 0,
      uploads: 1000,
      uploadsPerSecond: 100,
      usage: scaleUsage(perUpload, 1000),
    },
    afterSteady,
  } as DetectionResult;
}

describe('usagePerStop', () => {
  it('is what came after the steady window beyond its uploads at the steady rate, per stop', () => {
    // 500 uploads after the window at the steady usage, and 10 stops of a GET, a DELETE, 2 HEADs each.
    const after: Usage = {
      ...scaleUsage(perUpload, 500),
      s3: { ...ZERO_S3, head: 500 + 20, get: 10, delete: 10 },
    };
    const stop = usagePerStop(resultWith({ stops: 10, uploads: 500, usage: after }));
    expect(stop?.s3).toEqual({ get: 1, head: 2, put: 0, list: 0, delete: 1 });
    expect(stop?.sqs['SendMessage']).toBeCloseTo(0, 12);
  });

  it('counts a field the uploads account for in full as 0, not as a refund', () => {
    const after = scaleUsage(perUpload, 450);
    const stop = usagePerStop(resultWith({ stops: 10, uploads: 500, usage: after }));
    expect(stop?.s3.head).toBe(0);
    expect(stop?.sqs['ReceiveMessage']).toBe(0);
  });

  it('is undefined without a separate stop window or without stops', () => {
    expect(usagePerStop(resultWith(undefined))).toBeUndefined();
    expect(usagePerStop(resultWith({ stops: 0, uploads: 5, usage: ZERO_USAGE }))).toBeUndefined();
  });
});

describe('runDetection', () => {
  it('refuses a steady window that reaches into the encoder stops, before starting anything', async () => {
    await expect(
      runDetection({
        mode: 'events',
        defaults: loadDeploymentDefaults(join(__dirname, '../../../..')),
        plan: {
          ...DEFAULT_ENCODER_PLAN,
          seed: 1,
          buckets: ['origin-a'],
          multiple: 1.5,
          stopWindowMs: [30_000, 40_000],
        },
        runMs: 50_000,
        warmupMs: 10_000,
        steadyEndMs: 35_000,
        giveUpAfterDeadlineMs: 20_000,
        reconcileIntervalMs: 5_000,
        receiveWaitSeconds: 20,
        pollIntervalMs: 25,
        pollConcurrency: 8,
      }),
    ).rejects.toThrow(/must end before the stops/);
  });
});
