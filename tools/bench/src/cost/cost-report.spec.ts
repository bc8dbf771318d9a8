import { costReport, MONTHLY_DEPLOYMENTS, type CostInputs } from './cost-report';
import { ZERO_USAGE } from './usage';

const inputs: CostInputs = {
  points: [
    {
      uploadsPerSecond: 80,
      perUpload: { ...ZERO_USAGE, sqs: { SendMessage: 1, ChangeMessageVisibility: 1 } },
    },
    {
      uploadsPerSecond: 4,
      perUpload: { ...ZERO_USAGE, sqs: { SendMessage: 1 }, putMetricDataCalls: 1 },
    },
  ],
  targetDurationS: 2,
  multiple: 1.5,
  memoryMb: 256,
  reconciler: { intervalMinutes: 5, bucketPrefixes: 2, sweepMsPerPlaylist: 1 },
  idlePollers: 5,
  deployments: MONTHLY_DEPLOYMENTS,
};

describe('costReport', () => {
  it('prices each operating point per million uploads', () => {
    const { guard } = costReport(inputs).perMillionUploads;
    expect(guard.map((g) => g.uploadsPerSecond)).toEqual([80, 4]);
    expect(guard[0]?.cost.total).toBeCloseTo(0.8, 10);
    expect(guard[1]?.cost.total).toBeCloseTo(0.4 + 10, 10);
  });

  it('compares with the sleeping design at the measured TD and at 6 s', () => {
    const { sleeping } = costReport(inputs).perMillionUploads;
    expect(sleeping.map((s) => s.targetDurationS)).toEqual([2, 6]);
    expect(sleeping[1]?.cost.total).toBeCloseTo(0.2 + 0.4 + 30.00015, 4);
  });

  it('has one monthly row per deployment: 1, 10, 100 channels at TD 2 and 6 s', () => {
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
      return m ? (m.guardUsd - m.fixedUsd) / m.uploadsPerMonth : Number.NaN;
    };
    expect(perUpload(0)).toBeCloseTo(10.4e-6, 12);
    expect(perUpload(2)).toBeCloseTo(0.8e-6, 12);
  });
});
