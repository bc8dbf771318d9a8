import {
  costReport,
  FLOOR_PER_UPLOAD_USD,
  MONTHLY_DEPLOYMENTS,
  type CostInputs,
} from './cost-report';
import { ZERO_S3, ZERO_USAGE } from './usage';

const inputs: CostInputs = {
  points: [
    {
      uploadsPerSecond: 80,
      playlists: 200,
      perUpload: { ...ZERO_USAGE, sqs: { SendMessage: 1, ChangeMessageVisibility: 1 } },
    },
    {
      uploadsPerSecond: 4,
      playlists: 8,
      perUpload: { ...ZERO_USAGE, sqs: { SendMessage: 1 }, s3: { ...ZERO_S3, head: 25 } },
    },
  ],
  targetDurationS: 2,
  multiple: 1.5,
  reconciler: {
    intervalMinutes: 5,
    memoryMb: 256,
    sweepMsPerPlaylist: 1,
    perPlaylistPerSweep: ZERO_USAGE,
  },
  idlePollers: 5,
  instanceStarts: { instances: 0, startsPerInstancePerMonth: 0, perKey: ZERO_USAGE },
  fixed: {
    customMetrics: 5,
    standardAlarms: 8,
    highResolutionAlarms: 1,
    dashboards: 1,
    kmsKeys: 1,
    kmsRequestsPerMonth: 0,
    xrayTracing: true,
    logRetentionDays: 30,
    registryItemBytes: 224,
  },
  deployments: MONTHLY_DEPLOYMENTS,
};

describe('costReport', () => {
  it('prices each operating point per million uploads, the event path alone', () => {
    const { guard } = costReport(inputs).perMillionUploads;
    expect(guard.map((g) => g.uploadsPerSecond)).toEqual([80, 4]);
    expect(guard[0]?.cost.total).toBeCloseTo(0.8, 10);
    expect(guard[1]?.cost.total).toBeCloseTo(0.4 + 10, 10);
  });

  it('all-in costs more per million than the event path alone, less so at a higher rate', () => {
    const { guard } = costReport(inputs).perMillionUploads;
    const dense = guard[0];
    const sparse = guard[1];
    expect(dense && sparse).toBeTruthy();
    if (!dense || !sparse) return;
    expect(dense.allInUsd).toBeGreaterThan(dense.cost.total);
    expect(sparse.allInUsd - sparse.cost.total).toBeGreaterThan(dense.allInUsd - dense.cost.total);
  });

  it('compares with the sleeping design at 128 MB, at the measured TD and at 6 s', () => {
    const { sleeping } = costReport(inputs).perMillionUploads;
    expect(sleeping.map((s) => s.targetDurationS)).toEqual([2, 6]);
    expect(sleeping[1]?.cost.lambdaDuration).toBeCloseTo(15.000075, 4);
  });

  it('the floor is one SendMessage and one HEAD: $0.80 per million uploads', () => {
    expect(FLOOR_PER_UPLOAD_USD * 1e6).toBeCloseTo(0.8, 10);
    expect(costReport(inputs).perMillionUploads.floorUsd).toBeCloseTo(0.8, 10);
  });

  it('has one monthly row per deployment: 1, 10, 100 channels at TD 2 and 6 s, with the ratio', () => {
    const { monthly } = costReport(inputs);
    expect(monthly.map((m) => [m.deployment.channels, m.deployment.targetDurationS])).toEqual([
      [1, 2],
      [10, 2],
      [100, 2],
      [1, 6],
      [10, 6],
      [100, 6],
    ]);
    // 1 channel at TD 2 s uploads 4/s: the sparse point's price; 100 channels: the dense point's.
    const perUpload = (i: number) => {
      const m = monthly[i];
      return m ? m.guard.eventPathUsd / m.uploadsPerMonth : Number.NaN;
    };
    expect(perUpload(0)).toBeCloseTo(10.4e-6, 12);
    expect(perUpload(2)).toBeCloseTo(0.8e-6, 12);
    for (const m of monthly) expect(m.ratio).toBeCloseTo(m.sleepingUsd / m.guardUsd, 12);
  });

  it('bills the stops per TD: the other TD’s measured stop where there is one, in the per-million table too', () => {
    const stopOf = (head: number) => ({ ...ZERO_USAGE, s3: { ...ZERO_S3, head } });
    const report = costReport({
      ...inputs,
      stops: { perPlaylistPerMonth: 30, perStop: stopOf(1) },
      otherTargetDurations: [{ targetDurationS: 6, points: inputs.points, perStop: stopOf(3) }],
    });
    const at = (channels: number, td: number) =>
      report.monthly.find(
        (m) => m.deployment.channels === channels && m.deployment.targetDurationS === td,
      )?.guard.stopsUsd;
    // 1 channel: 8 playlists × 30 stops a month, a HEAD ($0.4/M) each at TD 2 s, three at TD 6 s.
    expect(at(1, 2)).toBeCloseTo(8 * 30 * 0.4e-6, 12);
    expect(at(1, 6)).toBeCloseTo(8 * 30 * 3 * 0.4e-6, 12);
    expect(report.perMillionUploads.otherTargetDurations[0]?.guard[1]?.month.stopsUsd).toBeCloseTo(
      8 * 30 * 3 * 0.4e-6,
      12,
    );
    expect(report.perMillionUploads.guard[1]?.month.stopsUsd).toBeCloseTo(8 * 30 * 0.4e-6, 12);
  });
});
