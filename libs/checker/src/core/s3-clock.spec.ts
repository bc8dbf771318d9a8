import { FakeClock } from '../testing/fake-clock';
import { CLOCK_SAMPLE_TTL_MS, S3Clock } from './s3-clock';

describe('S3Clock', () => {
  it('trusts the local clock before any sample', () => {
    const clock = new FakeClock(10_000);
    expect(new S3Clock(clock).nowLowerBoundMs()).toBe(10_000);
  });

  it('never runs ahead of S3 when the local clock is 5 s fast (event time sample)', () => {
    const clock = new FakeClock(100_000, 5_000);
    const s3Clock = new S3Clock(clock);
    s3Clock.observeEventTime(100_000 - 40); // an event written 40 ms ago on S3's clock
    expect(s3Clock.nowLowerBoundMs()).toBeLessThanOrEqual(clock.trueMs());
    expect(clock.trueMs() - s3Clock.nowLowerBoundMs()).toBe(40);
  });

  it('uses whole-second Date headers as an upper bound of the offset', () => {
    const clock = new FakeClock(100_750, 5_000);
    const s3Clock = new S3Clock(clock);
    s3Clock.observeServerDate(100_000);
    expect(s3Clock.nowLowerBoundMs()).toBe(100_000);
    expect(s3Clock.nowLowerBoundMs()).toBeLessThanOrEqual(clock.trueMs());
  });

  it('keeps the tightest bound of several samples', () => {
    const clock = new FakeClock(200_000);
    const s3Clock = new S3Clock(clock);
    s3Clock.observeServerDate(199_000);
    s3Clock.observeEventTime(199_990);
    expect(s3Clock.offsetUpperBoundMs()).toBe(10);
  });

  it('forgets samples older than the TTL', () => {
    const clock = new FakeClock(0);
    const s3Clock = new S3Clock(clock);
    s3Clock.observeEventTime(-500);
    clock.advanceTo(CLOCK_SAMPLE_TTL_MS + 1);
    expect(s3Clock.offsetUpperBoundMs()).toBe(0);
  });

  it.each([
    ['forwards', 5_000],
    ['backwards', -5_000],
  ])(
    'a wall-clock step %s between samples moves the lower bound by the time that passed only',
    (_direction, stepMs) => {
      const clock = new FakeClock(100_000);
      const s3Clock = new S3Clock(clock);
      s3Clock.observeEventTime(100_000 - 40);
      clock.advanceTo(100_500);
      clock.stepWallClock(stepMs);
      clock.advanceTo(101_000);
      expect(s3Clock.nowLowerBoundMs()).toBeLessThanOrEqual(clock.trueMs());
      expect(clock.trueMs() - s3Clock.nowLowerBoundMs()).toBe(40);
    },
  );

  it('a Date header received at a wall-clock instant counts from that instant', () => {
    const clock = new FakeClock(100_750);
    const s3Clock = new S3Clock(clock);
    const receivedAtMs = clock.nowMs();
    clock.advanceTo(100_800);
    s3Clock.observeServerDate(100_000, receivedAtMs);
    expect(s3Clock.nowLowerBoundMs()).toBe(100_050);
  });
});
