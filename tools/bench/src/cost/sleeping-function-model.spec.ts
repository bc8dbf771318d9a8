import { priceUsage } from './price-usage';
import {
  SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD,
  SLEEPING_FUNCTION_LOG_LINES,
  sleepingFunctionConcurrency,
  sleepingFunctionUsage,
} from './sleeping-function-model';

describe('one function per upload sleeping k × TD (the original AWS sample)', () => {
  it('bills k × TD per upload: a million uploads at TD 2 s, k 1.5, 256 MB are 750,000 GB-s', () => {
    const usage = sleepingFunctionUsage({
      uploads: 1_000_000,
      targetDurationS: 2,
      multiple: 1.5,
      memoryMb: 256,
    });
    expect(usage.lambdaGbSeconds).toBeCloseTo(750_000, 6);
    expect(usage.lambdaInvocations).toBe(1_000_000);
    expect(usage.s3.head).toBe(1_000_000);
    expect(usage.sqs).toEqual({});
    expect(usage.logBytes).toBe(1_000_000 * SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD);
  });

  it('runs at 128 MB unless told otherwise: $5.00 of duration per million uploads at TD 2 s', () => {
    const cost = priceUsage(
      sleepingFunctionUsage({ uploads: 1_000_000, targetDurationS: 2, multiple: 1.5 }),
    );
    expect(cost.lambdaDuration).toBeCloseTo(5.000025, 5);
    expect(cost.lambdaRequests).toBeCloseTo(0.2, 10);
    expect(cost.s3GetHead).toBeCloseTo(0.4, 10);
  });

  it('logs START, END, REPORT and its own line per upload: each line + 26 bytes', () => {
    expect(SLEEPING_FUNCTION_LOG_LINES).toHaveLength(4);
    const bytes = SLEEPING_FUNCTION_LOG_LINES.reduce(
      (sum, l) => sum + Buffer.byteLength(l) + 26,
      0,
    );
    expect(SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD).toBe(bytes);
    expect(bytes).toBeGreaterThan(400);
  });

  it('grows linearly with the target duration: TD 6 s costs three times the duration of TD 2 s', () => {
    const at = (targetDurationS: number) =>
      priceUsage(
        sleepingFunctionUsage({ uploads: 1000, targetDurationS, multiple: 1.5, memoryMb: 256 }),
      ).lambdaDuration;
    expect(at(6)).toBeCloseTo(3 * at(2), 10);
  });

  it('adds the check time after the sleep and the (free) deletes of stale versions', () => {
    const usage = sleepingFunctionUsage({
      uploads: 10,
      targetDurationS: 2,
      multiple: 1.5,
      memoryMb: 1024,
      checkMs: 20.4,
      staleFraction: 0.1,
    });
    expect(usage.lambdaGbSeconds).toBeCloseTo(10 * 3.021, 10);
    expect(usage.s3.delete).toBeCloseTo(1, 10);
  });

  it("keeps uploads/s × k × TD functions running at once (Little's law)", () => {
    expect(sleepingFunctionConcurrency(400, 2, 1.5)).toBe(1200);
    expect(sleepingFunctionConcurrency(4, 6, 1.5)).toBe(36);
  });
});
