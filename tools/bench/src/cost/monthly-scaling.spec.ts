import { SECONDS_PER_MONTH } from './aws-prices';
import {
  FIRST_SIGHT_PER_KEY,
  firstSightPerKey,
  type InstanceStarts,
  guardMonthly,
  idlePollingMonthlyUsage,
  monthlyRow,
  playlistsOf,
  reconcilerMonthlyUsage,
  uploadsPerMonthOf,
  uploadsPerSecondOf,
  usageAtRate,
  xrayTracesPerMonth,
  type FixedServices,
  type MonthlyModel,
  type ReconcilerSchedule,
} from './monthly-scaling';
import { priceUsage } from './price-usage';
import { SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD } from './sleeping-function-model';
import { ZERO_S3, ZERO_USAGE, type Usage } from './usage';

const oneChannel = { channels: 1, renditions: 4, pipelines: 2, targetDurationS: 2 };

const schedule: ReconcilerSchedule = {
  intervalMinutes: 5,
  memoryMb: 256,
  sweepMsPerPlaylist: 2,
  perPlaylistPerSweep: { ...ZERO_USAGE, s3: { ...ZERO_S3, head: 1 } },
};

const NO_FIXED: FixedServices = {
  customMetrics: 0,
  standardAlarms: 0,
  highResolutionAlarms: 0,
  dashboards: 0,
  kmsKeys: 0,
  kmsRequestsPerMonth: 0,
  xrayTracing: false,
  logRetentionDays: 30,
  registryItemBytes: 0,
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
  it('sweeps 8,760 times a month every 5 min: one invocation each, the measured usage per playlist', () => {
    const usage = reconcilerMonthlyUsage(schedule, 800);
    expect(usage.lambdaInvocations).toBe(8760);
    expect(usage.s3.head).toBe(8760 * 800);
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

describe('xrayTracesPerMonth (Lambda: the first request each second, 5 % of the rest)', () => {
  it('traces every invocation up to one a second, then 5 % of the others', () => {
    expect(xrayTracesPerMonth(0.5)).toBeCloseTo(0.5 * SECONDS_PER_MONTH, 6);
    expect(xrayTracesPerMonth(1)).toBeCloseTo(SECONDS_PER_MONTH, 6);
    expect(xrayTracesPerMonth(21)).toBeCloseTo(2 * SECONDS_PER_MONTH, 6);
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

const NO_STARTS: InstanceStarts = {
  instances: 0,
  startsPerInstancePerMonth: 0,
  perKey: ZERO_USAGE,
};

describe('guardMonthly: everything the guard causes', () => {
  const model: MonthlyModel = {
    points: [{ uploadsPerSecond: 4, perUpload: { ...perUpload(2.5), lambdaInvocations: 0.25 } }],
    reconciler: schedule,
    idlePollers: 5,
    multiple: 1.5,
    fixed: NO_FIXED,
    instanceStarts: NO_STARTS,
  };

  it('without fixed services: event path + reconciler + idle polling', () => {
    const month = guardMonthly({ playlists: 8, uploadsPerSecond: 4 }, model);
    const uploads = 4 * SECONDS_PER_MONTH;
    expect(month.eventPathUsd).toBeCloseTo(uploads * (2.5 * 0.4e-6 + 0.25 * 0.2e-6), 6);
    expect(month.totalUsd).toBeCloseTo(
      month.eventPathUsd +
        priceUsage(reconcilerMonthlyUsage(schedule, 8)).total +
        priceUsage(idlePollingMonthlyUsage(5)).total,
      6,
    );
    expect(month.xrayUsd).toBe(0);
  });

  it('adds custom metrics ($0.30), alarms ($0.10 / $0.30), the dashboard ($3) and the KMS key ($1)', () => {
    const fixed = { ...NO_FIXED, customMetrics: 10, standardAlarms: 8, highResolutionAlarms: 1 };
    const withFixed = guardMonthly(
      { playlists: 8, uploadsPerSecond: 4 },
      { ...model, fixed: { ...fixed, dashboards: 1, kmsKeys: 1 } },
    );
    const without = guardMonthly({ playlists: 8, uploadsPerSecond: 4 }, model);
    expect(withFixed.totalUsd - without.totalUsd).toBeCloseTo(3 + 0.8 + 0.3 + 3 + 1, 8);
  });

  it('prices first sights: every instance, on every start, reads each key once', () => {
    const starts = { instances: 5, startsPerInstancePerMonth: 730, perKey: FIRST_SIGHT_PER_KEY };
    const month = guardMonthly(
      { playlists: 8, uploadsPerSecond: 4 },
      { ...model, instanceStarts: starts },
    );
    const without = guardMonthly({ playlists: 8, uploadsPerSecond: 4 }, model);
    // 5 × 730 × 8 first sights, each one GET ($0.4/M), 0.5 read unit ($0.125/M) and 1 write unit ($0.625/M).
    const expected = 5 * 730 * 8 * (0.4e-6 + 0.5 * 0.125e-6 + 0.625e-6);
    expect(month.firstSightsUsd).toBeCloseTo(expected, 9);
    expect(month.totalUsd - without.totalUsd).toBeCloseTo(expected, 9);
    expect(without.firstSightsUsd).toBe(0);
  });

  it('prices encoder stops per playlist at the assumed rate, apart from the uploads', () => {
    const perStop: Usage = {
      ...ZERO_USAGE,
      s3: { ...ZERO_USAGE.s3, get: 1, head: 1 },
      dynamoDb: { readUnits: 0, writeUnits: 3 },
    };
    const month = guardMonthly(
      { playlists: 8, uploadsPerSecond: 4 },
      { ...model, stops: { perPlaylistPerMonth: 30, perStop } },
    );
    const without = guardMonthly({ playlists: 8, uploadsPerSecond: 4 }, model);
    // 8 × 30 stops, each a GET and a HEAD ($0.4/M each) and 3 write units ($0.625/M).
    const expected = 8 * 30 * (0.8e-6 + 3 * 0.625e-6);
    expect(month.stopsUsd).toBeCloseTo(expected, 12);
    expect(month.totalUsd - without.totalUsd).toBeCloseTo(expected, 12);
    expect(month.eventPathUsd).toBe(without.eventPathUsd);
    expect(without.stopsUsd).toBe(0);
  });

  it('traces the invocations it causes with X-Ray when tracing is on', () => {
    const month = guardMonthly(
      { playlists: 8, uploadsPerSecond: 4 },
      { ...model, fixed: { ...NO_FIXED, xrayTracing: true } },
    );
    const perSecond = month.usage.lambdaInvocations / SECONDS_PER_MONTH;
    expect(month.xrayUsd).toBeCloseTo(xrayTracesPerMonth(perSecond) * 5e-6, 8);
    expect(month.xrayUsd).toBeGreaterThan(0);
  });
});

describe('firstSightPerKey', () => {
  it('is one GET without a queue delay', () => {
    expect(firstSightPerKey(0)).toBe(FIRST_SIGHT_PER_KEY);
    expect(FIRST_SIGHT_PER_KEY.s3).toMatchObject({ get: 1, head: 0 });
  });

  it('adds the failed If-Match GET and the current version’s HEAD with a delay, the registry alike', () => {
    const delayed = firstSightPerKey(2);
    expect(delayed.s3).toMatchObject({ get: 2, head: 1 });
    expect(delayed.dynamoDb).toEqual(FIRST_SIGHT_PER_KEY.dynamoDb);
  });
});

describe('monthlyRow', () => {
  const model: MonthlyModel = {
    points: [{ uploadsPerSecond: 4, perUpload: perUpload(2.5) }],
    reconciler: schedule,
    idlePollers: 5,
    multiple: 1.5,
    fixed: NO_FIXED,
    instanceStarts: NO_STARTS,
  };

  it('puts the sleeping design at 128 MB with its log lines next to it, and the ratio', () => {
    const row = monthlyRow(oneChannel, model);
    const perMillion =
      5.000025 + 0.2 + 0.4 + (SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD * 1e6 * 0.5) / 1024 ** 3;
    expect(row.sleepingUsd).toBeCloseTo((row.uploadsPerMonth / 1e6) * perMillion, 3);
    expect(row.sleepingConcurrency).toBe(12);
    expect(row.ratio).toBeCloseTo(row.sleepingUsd / row.guardUsd, 12);
  });

  it('the sleeping design costs more per upload at a longer TD; the guard, without points of its own, does not', () => {
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

  it('bills a row with the points measured at its TD when there are some, else with the default points', () => {
    const measured: MonthlyModel = {
      ...model,
      targetDurationS: 2,
      pointsByTargetDuration: { 6: [{ uploadsPerSecond: 4, perUpload: perUpload(1) }] },
    };
    const td6 = monthlyRow({ ...oneChannel, targetDurationS: 6 }, measured);
    const td4 = monthlyRow({ ...oneChannel, targetDurationS: 4 }, measured);
    expect(td6.usageMeasuredAtTargetDurationS).toBe(6);
    expect(td4.usageMeasuredAtTargetDurationS).toBe(2);
    // SendMessage at $0.40 per million: 1 per upload at TD 6, 2.5 per upload (the default points) at TD 4.
    expect(td6.guard.eventPathUsd).toBeCloseTo((td6.uploadsPerMonth / 1e6) * 0.4, 6);
    expect(td4.guard.eventPathUsd).toBeCloseTo((td4.uploadsPerMonth / 1e6) * 2.5 * 0.4, 6);
  });

  it('bills a row’s stops with the per-stop usage measured at its TD when there is one', () => {
    const stopOf = (head: number): Usage => ({ ...ZERO_USAGE, s3: { ...ZERO_USAGE.s3, head } });
    const measured: MonthlyModel = {
      ...model,
      stops: {
        perPlaylistPerMonth: 10,
        perStop: stopOf(1),
        perStopByTargetDuration: { 6: stopOf(4) },
      },
    };
    const td6 = monthlyRow({ ...oneChannel, targetDurationS: 6 }, measured);
    const td2 = monthlyRow(oneChannel, measured);
    expect(td6.guard.stopsUsd).toBeCloseTo(8 * 10 * 4 * 0.4e-6, 12);
    expect(td2.guard.stopsUsd).toBeCloseTo(8 * 10 * 1 * 0.4e-6, 12);
  });
});
