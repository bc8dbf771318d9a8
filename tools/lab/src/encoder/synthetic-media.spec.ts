import { loadFixtures } from './fixture-manifest';
import { firstPts, MPEG_TS_CLOCK_HZ } from './mpegts-timestamps';
import { fixturesPerSegment, SyntheticMediaError, syntheticSegment } from './synthetic-media';

const fixtures = loadFixtures();
const rendition = fixtures.renditions[0]!;
const source = {
  segmentBytes: rendition.segmentBytes.a,
  segmentDurationS: fixtures.segmentDurationS,
};
const loopTicks = fixtures.loopDurationS * MPEG_TS_CLOCK_HZ;

describe('synthetic live media from the committed loop', () => {
  it('the fixtures describe a 12 s loop of 6 × 2 s segments per rendition', () => {
    expect(fixtures.loopDurationS).toBe(12);
    for (const r of fixtures.renditions) expect(r.segmentBytes.a).toHaveLength(6);
  });

  it('segment n is fixture n mod 6, shifted by the whole loops before it', () => {
    const first = firstPts(syntheticSegment(source, 0, 1)) ?? 0;
    expect(firstPts(syntheticSegment(source, 6, 1))).toBe(first + loopTicks);
    expect(firstPts(syntheticSegment(source, 13, 1))).toBe(
      (firstPts(syntheticSegment(source, 1, 1)) ?? 0) + 2 * loopTicks,
    );
  });

  it('timestamps keep increasing across the wrap: no #EXT-X-DISCONTINUITY is needed', () => {
    const starts = Array.from(
      { length: 14 },
      (_, n) => firstPts(syntheticSegment(source, n, 1)) ?? 0,
    );
    for (let n = 1; n < starts.length; n += 1) {
      expect(starts[n]! - starts[n - 1]!).toBeGreaterThan(1.9 * MPEG_TS_CLOCK_HZ);
      expect(starts[n]! - starts[n - 1]!).toBeLessThan(2.1 * MPEG_TS_CLOCK_HZ);
    }
  });

  it('a 4 s segment is two fixture segments back to back', () => {
    const long = syntheticSegment(source, 3, 2);
    expect(long.length).toBe(
      rendition.segmentBytes.a[0]!.length + rendition.segmentBytes.a[1]!.length,
    );
    expect(firstPts(long)).toBe((firstPts(rendition.segmentBytes.a[0]!) ?? 0) + loopTicks);
  });

  it('the target duration must hold at least one fixture segment (EXTINF ≤ TARGETDURATION)', () => {
    expect(fixturesPerSegment(2, 2)).toBe(1);
    expect(fixturesPerSegment(5, 2)).toBe(2);
    expect(() => fixturesPerSegment(1, 2)).toThrow(SyntheticMediaError);
  });
});
