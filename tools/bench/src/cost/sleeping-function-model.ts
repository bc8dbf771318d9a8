import { LOG_EVENT_OVERHEAD_BYTES } from './aws-prices';
import { billedMs, gbSeconds } from './price-usage';
import { ZERO_S3, type Usage } from './usage';

/**
 * The log lines one invocation of the sleeping design writes, at their real lengths: Lambda's own START,
 * END and REPORT lines (text format, system log level INFO, no X-Ray), and the function's one line per
 * upload saying what it decided. A UUID request id is 36 characters.
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html)
 */
export const SLEEPING_FUNCTION_LOG_LINES: readonly string[] = [
  'START RequestId: 6f2c1a4e-8d3b-4c5e-9f7a-1b2c3d4e5f60 Version: $LATEST',
  'END RequestId: 6f2c1a4e-8d3b-4c5e-9f7a-1b2c3d4e5f60',
  'REPORT RequestId: 6f2c1a4e-8d3b-4c5e-9f7a-1b2c3d4e5f60\tDuration: 3012.45 ms\tBilled Duration: 3013 ms\tMemory Size: 128 MB\tMax Memory Used: 71 MB\t',
  '2026-12-04T18:50:38.504Z\t6f2c1a4e-8d3b-4c5e-9f7a-1b2c3d4e5f60\tINFO\t{"bucket":"origin-a","key":"live/channel-1/720p.m3u8","etag":"\\"9b2cf535f27731c974343645a3985328\\"","verdict":"kept","reason":"newer-version"}',
];

/** CloudWatch Logs bytes of one sleeping-function invocation (each line + the per-event overhead). */
export const SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD = SLEEPING_FUNCTION_LOG_LINES.reduce(
  (sum, line) => sum + Buffer.byteLength(line) + LOG_EVENT_OVERHEAD_BYTES,
  0,
);

/** The sleeping design at its cheapest honest configuration: Lambda's smallest memory, on arm64. */
export const SLEEPING_FUNCTION_MEMORY_MB = 128;

/** The design this project replaces, at the same target duration and multiple. */
export interface SleepingFunctionInput {
  uploads: number;
  targetDurationS: number;
  /** The deadline multiple k (RFC 8216 §6.2.1: 1.5). */
  multiple: number;
  /** Default {@link SLEEPING_FUNCTION_MEMORY_MB}. */
  memoryMb?: number;
  /** Work after the sleep (HEAD, maybe DELETE), ms; the model's default 0 keeps it a lower bound. */
  checkMs?: number;
  /** Fraction of uploads that end up deleted (DELETE is free; counted for completeness). */
  staleFraction?: number;
}

/**
 * The original AWS sample's design: every upload invokes a function (S3 → Lambda directly, no queue) that
 * sleeps k × TARGETDURATION, then HEADs the playlist and DELETEs it if no newer version came. Billed
 * duration ≈ k × TD per upload; one HEAD per upload; its log lines; no SQS, no metrics, no registry.
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
    lambdaGbSeconds:
      input.uploads * gbSeconds(perInvocationMs, input.memoryMb ?? SLEEPING_FUNCTION_MEMORY_MB),
    dynamoDb: { readUnits: 0, writeUnits: 0 },
    logBytes: input.uploads * SLEEPING_FUNCTION_LOG_BYTES_PER_UPLOAD,
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
