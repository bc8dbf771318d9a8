import { SECONDS_PER_MONTH } from './aws-prices';
import {
  idlePollingMonthlyUsage,
  monthlyRow,
  playlistsOf,
  reconcilerMonthlyUsage,
  uploadsPerMonthOf,
  uploadsPerSecondOf,
  usageAtRate,
  type ReconcilerSchedule,
} from './monthly-scaling';
import { priceUsage } from './price-usage';
import { ZERO_S3, ZERO_USAGE, type Usage } from './usage';

const oneChannel = { channels: 1, renditions: 4, pipelines: 2, targetDurationS: 2 };

const schedule: ReconcilerSchedule = {
  intervalMinutes: 5,
  bucketPrefixes: 2,
  memoryMb: 256,
  sweepBaseMs: 0,
  sweepMsPerPlaylist: 2,
  getsPerPlaylist: 1,
};

const perUpload = (sqsRequests: number): Usage => ({
  ...ZERO_USAGE,
  sqs: { SendMessage: sqsRequests },
});

describe('deployment arithmetic', () => {
  it('one channel × 4 renditions × 2 pipelines is 8 playlists, one upload per segment each', () => {
    expect(playlistsOf(oneChannel)).toBe(8);
    expect(uploadsPerSecondOf(oneChannel)).toBe(4);
    expect(uploadsPerMonthOf(oneChannel)).toBe(4 * 730 * 3600);
    expect(uploadsPerMonthOf({ ...oneChannel, targetDurationS: 6 })).toBeCloseTo(
      (8 / 6) * SECONDS_PER_MONTH,
      6,
    );
  });
});

describe('reconcilerMonthlyUsage', () => {
  it('sweeps 8,760 times a month every 5 min: one invocation and one PutMetricData each', () => {
    const usage = reconcilerMonthlyUsage(schedule, 8);
    expect(usage.lambdaInvocations).toBe(8760);
    expect(usage.putMetricDataCalls).toBe(8760);
  });

  it('lists one page per bucket per 1,000 keys', () => {
    expect(reconcilerMonthlyUsage(schedule, 800).s3.list).toBe(8760 * 2);
    expect(reconcilerMonthlyUsage(schedule, 2400).s3.list).toBe(8760 * 2 * 2);
  });

  it('reads every playlist once per sweep on a cold instance, and bills the sweep time', () => {
    const usage = reconcilerMonthlyUsage(schedule, 800);
    expect(usage.s3.get).toBe(8760 * 800);
    // 800 playlists × 2 ms = 1.6 s × 0.25 GB per sweep
    expect(usage.lambdaGbSeconds).toBeCloseTo(8760 * 1.6 * 0.25, 6);
  });
});

describe('idlePollingMonthlyUsage', () => {
  it('is one 20 s long poll per poller around the clock', () => {
    expect(idlePollingMonthlyUsage(5).sqs['ReceiveMessage']).toBe((5 * SECONDS_PER_MONTH) / 20);
    expect(priceUsage(idlePollingMonthlyUsage(5)).total).toBeCloseTo(0.2628, 4);
  });
});

describe('usageAtRate', () => {
  const points = [
    { uploadsPerSecond: 4, perUpload: perUpload(8) },
    { uploadsPerSecond: 100, perUpload: perUpload(2) },
  ];

  it('uses the nearest point outside the measured range', () => {
    expect(usageAtRate(points, 1).sqs['SendMessage']).toBe(8);
    expect(usageAtRate(points, 1000).sqs['SendMessage']).toBe(2);
  });

  it('interpolates in log(rate): the geometric mean of the rates is half-way', () => {
    expect(usageAtRate(points, 20).sqs['SendMessage']).toBeCloseTo(5, 10);
  });

  it('is monotonic between two points', () => {
    const at = [5, 10, 30, 60, 99].map((r) => usageAtRate(points, r).sqs['SendMessage'] ?? 0);
    for (let i = 1; i < at.length; i += 1) expect(at[i]).toBeLessThan(at[i - 1] as number);
  });

  it('rejects an empty set of points', () => {
    expect(() => usageAtRate([], 1)).toThrow(RangeError);
  });
});

describe('monthlyRow', () => {
  const model = {
    points: [{ uploadsPerSecond: 4, perUpload: perUpload(2.5) }],
    reconciler: schedule,
    idlePollers: 5,
    multiple: 1.5,
    memoryMb: 256,
  };

  it('is per-upload cost × uploads + the fixed reconciler and idle polling', () => {
    const row = monthlyRow(oneChannel, model);
    const uploads = 4 * SECONDS_PER_MONTH;
    expect(row.fixedUsd).toBeCloseTo(
      priceUsage(reconcilerMonthlyUsage(schedule, 8)).total +
        priceUsage(idlePollingMonthlyUsage(5)).total,
      8,
    );
    expect(row.guardUsd).toBeCloseTo(uploads * 2.5 * 0.4e-6 + row.fixedUsd, 6);
  });

  it('puts the sleeping design next to it: $10.60 per million uploads at TD 2 s', () => {
    const row = monthlyRow(oneChannel, model);
    expect(row.sleepingUsd).toBeCloseTo((row.uploadsPerMonth / 1e6) * 10.60005, 4);
    expect(row.sleepingConcurrency).toBe(12);
  });

  it('the sleeping design costs more per upload at a longer TD; the guard does not', () => {
    const td2 = monthlyRow(oneChannel, model);
    const td6 = monthlyRow({ ...oneChannel, targetDurationS: 6 }, model);
    expect(td6.sleepingUsd / td6.uploadsPerMonth).toBeGreaterThan(
      td2.sleepingUsd / td2.uploadsPerMonth,
    );
    expect((td6.guardUsd - td6.fixedUsd) / td6.uploadsPerMonth).toBeCloseTo(
      (td2.guardUsd - td2.fixedUsd) / td2.uploadsPerMonth,
      12,
    );
  });

  it('keeps S3 zero fields intact', () => {
    expect(reconcilerMonthlyUsage(schedule, 8).s3.head).toBe(ZERO_S3.head);
  });
});
