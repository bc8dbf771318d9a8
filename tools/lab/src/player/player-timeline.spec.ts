import {
  currentTimeAt,
  fragmentLoads,
  frozenAtEndMs,
  longestStallMs,
  type PlayerSample,
} from './player-timeline';

/** Samples every 100 ms from t = 0 with the given currentTime values. */
const samples = (cts: number[], extra: Partial<PlayerSample> = {}): PlayerSample[] =>
  cts.map((ct, i) => ({ t: i * 100, ct, buf: 1, paused: false, ended: false, ...extra }));

describe('player measurements', () => {
  it('a stall is the time currentTime did not move while it should have', () => {
    // Stuck at 0.7 from t = 200 to t = 500 ms: 300 ms (the 0.1 s after it took the next 100 ms).
    //                   0    100  200  300  400  500  600  700
    const run = samples([0.5, 0.6, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9]);
    expect(longestStallMs(run)).toBe(300);
  });

  it('before playback starts nothing counts as a stall', () => {
    expect(longestStallMs(samples([0, 0, 0, 0, 0.1, 0.2]))).toBe(0);
  });

  it('paused or ended is not a stall', () => {
    expect(longestStallMs(samples([1, 1.1, 1.2, 1.2, 1.2], { ended: true }))).toBe(0);
  });

  it('counts only the part of a stall inside the window', () => {
    const run = samples([0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]);
    expect(longestStallMs(run, 400)).toBe(200);
    expect(longestStallMs(run, 0, 300)).toBe(200);
  });

  it('frozen at the end: how long the last currentTime has held', () => {
    expect(frozenAtEndMs(samples([1, 1.1, 1.2, 1.2, 1.2, 1.2]))).toBe(300);
    expect(frozenAtEndMs(samples([1, 1.1, 1.2]))).toBe(0);
    expect(frozenAtEndMs([])).toBe(0);
  });

  it('currentTime at an instant is the last sample before it', () => {
    expect(currentTimeAt(samples([1, 2, 3]), 150)).toBe(2);
    expect(currentTimeAt(samples([1, 2, 3]), -1)).toBeUndefined();
  });

  it('fragment loads say which pipeline and rendition they came from', () => {
    const loads = fragmentLoads(
      {
        events: [
          { t: 1, type: 'frag-loaded', url: 'http://127.0.0.1:8787/a/live/180p/seg-3.ts', sn: 3 },
          { t: 2, type: 'level-loaded', url: 'http://127.0.0.1:8787/b/live/180p/index.m3u8' },
          { t: 3, type: 'frag-loaded', url: 'http://127.0.0.1:8787/live/90p/seg-4.ts', sn: 4 },
        ],
        samples: [],
      },
      0,
    );
    expect(loads.map((l) => [l.pipeline, l.rendition, l.sn])).toEqual([
      ['a', '180p', 3],
      [undefined, '90p', 4],
    ]);
  });

  it('an origin-group fragment comes from the pipeline the edge says answered it (X-Lab-Origin)', () => {
    const loads = fragmentLoads({
      events: [
        { t: 1, type: 'frag-loaded', url: 'http://127.0.0.1:1/live/90p/seg-4.ts', servedBy: 'b' },
        { t: 2, type: 'frag-loaded', url: 'http://127.0.0.1:1/a/live/90p/seg-5.ts', servedBy: 'b' },
      ],
      samples: [],
    });
    expect(loads.map((l) => l.pipeline)).toEqual(['b', 'a']);
  });
});
