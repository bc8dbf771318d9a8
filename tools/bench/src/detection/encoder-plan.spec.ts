import { seededRandom } from '../stats/seeded-random';
import {
  DEFAULT_ENCODER_PLAN,
  EncoderPlanError,
  nextGapMs,
  planEncoders,
  type EncoderPlanOptions,
} from './encoder-plan';

const options: EncoderPlanOptions = {
  ...DEFAULT_ENCODER_PLAN,
  seed: 7,
  buckets: ['origin-a', 'origin-b'],
  multiple: 1.5,
};

describe('planEncoders', () => {
  it('plans channels × renditions playlists per bucket, each key once per bucket', () => {
    const plan = planEncoders(options);
    expect(plan).toHaveLength(2 * 25 * 4);
    expect(new Set(plan.map((p) => `${p.bucket}/${p.key}`)).size).toBe(plan.length);
    expect(plan.every((p) => p.key.startsWith('live/') && p.key.endsWith('.m3u8'))).toBe(true);
  });

  it('stops exactly round(stopFraction × encoders) encoders, all renditions at once, inside the window', () => {
    const plan = planEncoders(options);
    const stopTimes = new Map<string, Set<number | undefined>>();
    for (const p of plan) {
      stopTimes.set(p.encoderId, (stopTimes.get(p.encoderId) ?? new Set()).add(p.stopAtMs));
    }
    expect([...stopTimes.values()].every((times) => times.size === 1)).toBe(true);
    const stopping = [...stopTimes.values()].filter((t) => [...t][0] !== undefined);
    expect(stopping).toHaveLength(25);
    for (const p of plan.filter((q) => q.stopAtMs !== undefined)) {
      expect(p.stopAtMs).toBeGreaterThanOrEqual(options.stopWindowMs[0]);
      expect(p.stopAtMs).toBeLessThanOrEqual(options.stopWindowMs[1]);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(planEncoders(options)).toEqual(planEncoders(options));
    expect(planEncoders({ ...options, seed: 8 })).not.toEqual(planEncoders(options));
  });

  it('starts every playlist within one target duration', () => {
    const plan = planEncoders(options);
    expect(Math.max(...plan.map((p) => p.startOffsetMs))).toBeLessThanOrEqual(2000);
  });

  it('refuses gaps that could reach the deadline: they would make correct deletions', () => {
    expect(() => planEncoders({ ...options, lateGap: [1.3, 1.5] })).toThrow(EncoderPlanError);
  });
});

describe('nextGapMs', () => {
  it('draws late gaps inside the deadline with the planned probability', () => {
    const random = seededRandom(3);
    const gaps = Array.from({ length: 20_000 }, () => nextGapMs(random, options));
    const late = gaps.filter((g) => g.late);
    expect(late.length / gaps.length).toBeGreaterThan(0.08);
    expect(late.length / gaps.length).toBeLessThan(0.12);
    for (const g of late) {
      expect(g.gapMs).toBeGreaterThanOrEqual(1.25 * 2000);
      expect(g.gapMs).toBeLessThan(1.4 * 2000);
    }
    for (const g of gaps.filter((x) => !x.late)) {
      expect(g.gapMs).toBeGreaterThanOrEqual(0.9 * 2000);
      expect(g.gapMs).toBeLessThan(1.1 * 2000);
    }
  });
});
