import {
  AWS_PRICES_US_EAST_1,
  BYTES_PER_GB,
  LAMBDA_BILLING_GRANULARITY_MS,
  type AwsPrices,
} from './aws-prices';
import { sqsTotal, type Usage } from './usage';

/** What a usage costs, in USD, by line item. */
export interface CostBreakdown {
  lambdaRequests: number;
  lambdaDuration: number;
  sqs: number;
  s3GetHead: number;
  s3PutList: number;
  s3Delete: number;
  /** The playlist registry's on-demand read and write units. */
  dynamoDb: number;
  /** CloudWatch Logs ingestion (the checker's lines and its EMF metric lines). */
  logsIngestion: number;
  total: number;
}

/**
 * Prices a usage with list prices (default: us-east-1, Lambda on arm64).
 *
 * @example
 * priceUsage({ ...ZERO_USAGE, lambdaInvocations: 1_000_000 }).total; // 0.2
 */
export function priceUsage(usage: Usage, prices: AwsPrices = AWS_PRICES_US_EAST_1): CostBreakdown {
  const items = {
    lambdaRequests: usage.lambdaInvocations * prices.lambdaPerRequestUsd,
    lambdaDuration: usage.lambdaGbSeconds * prices.lambdaPerGbSecondArm64Usd,
    sqs: sqsTotal(usage) * prices.sqsPerRequestUsd,
    s3GetHead: (usage.s3.get + usage.s3.head) * prices.s3PerGetOrHeadUsd,
    s3PutList: (usage.s3.put + usage.s3.list) * prices.s3PerPutOrListUsd,
    s3Delete: usage.s3.delete * prices.s3PerDeleteUsd,
    dynamoDb:
      usage.dynamoDb.readUnits * prices.dynamoDbPerReadUnitUsd +
      usage.dynamoDb.writeUnits * prices.dynamoDbPerWriteUnitUsd,
    logsIngestion: (usage.logBytes / BYTES_PER_GB) * prices.logsIngestionPerGbUsd,
  };
  return { ...items, total: Object.values(items).reduce((sum, v) => sum + v, 0) };
}

/**
 * Billed milliseconds of one invocation: the measured duration rounded up to Lambda's 1 ms granularity
 * (at least 1 ms).
 *
 * @example billedMs(12.2); // 13
 */
export function billedMs(durationMs: number): number {
  const steps = Math.ceil(Math.max(0, durationMs) / LAMBDA_BILLING_GRANULARITY_MS);
  return Math.max(1, steps) * LAMBDA_BILLING_GRANULARITY_MS;
}

/**
 * GB-seconds of a billed duration at a memory size (Lambda counts 1 GB as 1,024 MB: 128 MB = 0.125 GB).
 *
 * @example gbSeconds(1000, 256); // 0.25
 */
export function gbSeconds(billedMilliseconds: number, memoryMb: number): number {
  return (billedMilliseconds / 1000) * (memoryMb / 1024);
}
