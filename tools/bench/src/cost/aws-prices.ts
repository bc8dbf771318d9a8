/**
 * AWS list prices used to price what the benchmark counts, us-east-1, on-demand, free tiers ignored
 * (a deployment of any size outgrows them; a small one would pay less). Re-check the pages before
 * quoting a number: prices change.
 */
export const AWS_PRICES_US_EAST_1 = {
  /**
   * Lambda: $0.20 per 1M requests. Duration: $0.0000133334 per GB-second on arm64 (the checker's
   * architecture, `CHECKER_ARCHITECTURE`), billed in 1 ms increments.
   * @see https://aws.amazon.com/lambda/pricing/
   */
  lambdaPerRequestUsd: 0.2 / 1_000_000,
  lambdaPerGbSecondArm64Usd: 0.0000133334,
  /** Lambda x86_64 duration, for reference only. @see https://aws.amazon.com/lambda/pricing/ */
  lambdaPerGbSecondX86Usd: 0.0000166667,
  /**
   * SQS standard queue: $0.40 per 1M requests. Every API action is a request (SendMessage, ReceiveMessage
   * — also when it comes back empty —, ChangeMessageVisibility, DeleteMessageBatch of up to 10 entries
   * counts once); each 64 KB chunk of a payload is one request (an S3 notification is ≈ 1 KB).
   * @see https://aws.amazon.com/sqs/pricing/
   */
  sqsPerRequestUsd: 0.4 / 1_000_000,
  /**
   * S3 Standard: GET, SELECT and all other requests (HEAD included) $0.0004 per 1,000; PUT, COPY, POST,
   * LIST $0.005 per 1,000; DELETE free. In-region transfer to Lambda is free.
   * @see https://aws.amazon.com/s3/pricing/
   */
  s3PerGetOrHeadUsd: 0.4 / 1_000_000,
  s3PerPutOrListUsd: 5 / 1_000_000,
  s3PerDeleteUsd: 0,
  /**
   * CloudWatch Logs, Standard log class: ingestion $0.50 per GB, storage $0.03 per GB-month (billed on the
   * compressed size; the model stores the uncompressed bytes, an overestimate). The checker's metrics are
   * embedded-metric-format lines, priced as log ingestion (no PutMetricData).
   * @see https://aws.amazon.com/cloudwatch/pricing/
   */
  logsIngestionPerGbUsd: 0.5,
  logsStoragePerGbMonthUsd: 0.03,
  /**
   * CloudWatch custom metrics: $0.30 per metric-month (first 10,000), prorated by the hour; standard
   * resolution alarm $0.10 per alarm-month, high resolution $0.30; dashboard $3 per month.
   * @see https://aws.amazon.com/cloudwatch/pricing/
   */
  customMetricMonthUsd: 0.3,
  standardAlarmMonthUsd: 0.1,
  highResolutionAlarmMonthUsd: 0.3,
  dashboardMonthUsd: 3,
  /** X-Ray: $5.00 per 1M traces recorded. @see https://aws.amazon.com/xray/pricing/ */
  xrayPerTraceUsd: 5 / 1_000_000,
  /**
   * KMS: $1 per customer managed key per month, $0.03 per 10,000 requests.
   * @see https://aws.amazon.com/kms/pricing/
   */
  kmsKeyMonthUsd: 1,
  kmsPerRequestUsd: 0.03 / 10_000,
  /**
   * DynamoDB on-demand, Standard table class: $0.125 per 1M read request units (one strongly consistent
   * read of up to 4 KB, or two eventually consistent ones; a Scan is charged for the bytes it reads),
   * $0.625 per 1M write request units (one write of up to 1 KB), storage $0.25 per GB-month.
   * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
   */
  dynamoDbPerReadUnitUsd: 0.125 / 1_000_000,
  dynamoDbPerWriteUnitUsd: 0.625 / 1_000_000,
  dynamoDbPerGbMonthUsd: 0.25,
} as const;

export type AwsPrices = { readonly [K in keyof typeof AWS_PRICES_US_EAST_1]: number };

/** Lambda bills duration rounded up to the next millisecond (https://aws.amazon.com/lambda/pricing/). */
export const LAMBDA_BILLING_GRANULARITY_MS = 1;

/**
 * CloudWatch Logs counts each log event as its message bytes plus 26 bytes
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html, "Event size").
 */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/** Price lists count a GB as 1,024³ bytes. */
export const BYTES_PER_GB = 1024 ** 3;

/** The AWS Pricing Calculator's month: 730 hours. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
