import { billedMs, gbSeconds } from './price-usage';
import { ZERO_S3, type Usage } from './usage';

/** The design this project replaces, at the same target duration and multiple. */
export interface SleepingFunctionInput {
  uploads: number;
  targetDurationS: number;
  /** The deadline multiple k (RFC 8216 §6.2.1: 1.5). */
  multiple: number;
  /** Same memory as the stale-checker, for a like-for-like price. */
  memoryMb: number;
  /** Work after the sleep (HEAD, maybe DELETE), ms; the model's default 0 keeps it a lower bound. */
  checkMs?: number;
  /** Fraction of uploads that end up deleted (DELETE is free; counted for completeness). */
  staleFraction?: number;
}

/**
 * The original AWS sample's design: every upload invokes a function (S3 → Lambda directly, no queue) that
 * sleeps k × TARGETDURATION, then HEADs the playlist and DELETEs it if no newer version came. Billed
 * duration ≈ k × TD per upload; one HEAD per upload; no SQS, no metrics.
 *
 * @example
 * sleepingFunctionUsage({ uploads: 1e6, targetDurationS: 2, multiple: 1.5, memoryMb: 256 }).lambdaGbSeconds; // 750000
 */
export function sleepingFunctionUsage(input: SleepingFunctionInput): Usage {
  const perInvocationMs = billedMs(
    input.multiple * input.targetDurationS * 1000 + (input.checkMs ?? 0),
  );
  return {
    s3: { ...ZERO_S3, head: input.uploads, delete: input.uploads * (input.staleFraction ?? 0) },
    sqs: {},
    lambdaInvocations: input.uploads,
    lambdaGbSeconds: input.uploads * gbSeconds(perInvocationMs, input.memoryMb),
    putMetricDataCalls: 0,
  };
}

/**
 * Mean concurrent executions of the sleeping design (Little's law: arrival rate × time in system). The
 * default account quota is 1,000 concurrent executions per region.
 *
 * @example sleepingFunctionConcurrency(100, 2, 1.5); // 300
 */
export function sleepingFunctionConcurrency(
  uploadsPerSecond: number,
  targetDurationS: number,
  multiple: number,
): number {
  return uploadsPerSecond * multiple * targetDurationS;
}
