import {
  lastCompleteSegment,
  scheduleStartingAt,
  segmentEndMs,
  segmentStartMs,
  windowEndingAt,
} from './live-schedule';

describe('the shared wall-clock schedule', () => {
  const schedule = scheduleStartingAt(100_000, 2_000, 6);

  it('starts with a complete window so a player can start at once', () => {
    expect(lastCompleteSegment(schedule, 100_000)).toBe(5);
    expect(windowEndingAt(schedule, 5)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('publishes segment n when it is complete', () => {
    expect(segmentStartMs(schedule, 6)).toBe(100_000);
    expect(segmentEndMs(schedule, 6)).toBe(102_000);
    expect(lastCompleteSegment(schedule, 101_999)).toBe(5);
    expect(lastCompleteSegment(schedule, 102_000)).toBe(6);
  });

  it('slides the window: the last `windowSize` segments', () => {
    expect(windowEndingAt(schedule, 9)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(windowEndingAt(schedule, 2)).toEqual([0, 1, 2]);
    expect(windowEndingAt(schedule, -1)).toEqual([]);
  });
});
