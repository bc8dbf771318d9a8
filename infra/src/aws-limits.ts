/**
 * AWS limits and accepted values the stack is validated against at synth. Each one links the page that
 * states it, so a changed limit is one edit here (not a silent drift in a construct).
 */

/** Bucket names are 3–63 characters. https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html */
export const S3_BUCKET_NAME_MAX_LENGTH = 63;

/**
 * Retention values `PutRetentionPolicy` accepts (0 = never expire is left out on purpose: logs of a
 * deleting function should not pile up forever).
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** Lambda memory 128–10,240 MB. https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const LAMBDA_MEMORY_MIN_MB = 128;
export const LAMBDA_MEMORY_MAX_MB = 10_240;

/** Lambda timeout ≤ 900 s. https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const LAMBDA_TIMEOUT_MAX_SECONDS = 900;

/**
 * SQS event source: batch size ≤ 10 unless a batching window is set (the batch size stays ≤ 10 here
 * either way). https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
 */
export const SQS_ESM_MAX_BATCH_SIZE_WITHOUT_WINDOW = 10;

/** SQS event source: `MaximumBatchingWindowInSeconds` is 0–300. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html */
export const SQS_ESM_MAX_BATCHING_WINDOW_SECONDS = 300;

/**
 * SQS event source `ScalingConfig.MaximumConcurrency` is 2–1,000.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#events-sqs-max-concurrency
 */
export const SQS_ESM_MIN_MAXIMUM_CONCURRENCY = 2;
export const SQS_ESM_MAX_MAXIMUM_CONCURRENCY = 1000;

/**
 * AWS recommends a source-queue visibility timeout of at least six times the function timeout for an SQS
 * event source (room for retries of throttled batches).
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-queueconfig
 */
export const SQS_VISIBILITY_TO_FUNCTION_TIMEOUT_FACTOR = 6;

/** Visibility timeout ≤ 12 h. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html */
export const SQS_MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

/** Retention 60 s – 14 days. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html */
export const SQS_MAX_MESSAGE_RETENTION_SECONDS = 1_209_600;

/** CloudFront price classes. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PriceClass.html */
export const CLOUDFRONT_PRICE_CLASSES = [
  'PriceClass_100',
  'PriceClass_200',
  'PriceClass_All',
] as const;

/**
 * CloudFront only uses ACM certificates from us-east-1.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
 */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/**
 * Alarm periods: 10, 20, 30 s (high-resolution metrics) or a multiple of 60 s.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation
 */
export const CLOUDWATCH_HIGH_RESOLUTION_ALARM_PERIOD_SECONDS = 10;
export const CLOUDWATCH_STANDARD_ALARM_PERIOD_SECONDS = 60;

/**
 * EventBridge `rate()` expressions have a one-minute granularity.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
export const EVENTBRIDGE_MIN_RATE_MINUTES = 1;

/**
 * Inline policies of one role share 10,240 characters; every watched prefix adds ARNs per bucket to the
 * checker's policy, so the prefix count is capped well below that.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const MAX_WATCHED_PREFIXES = 20;

/**
 * IAM policy sizes, in characters without whitespace: a customer managed policy holds at most 6,144;
 * the inline policies of one role share 10,240.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const IAM_MANAGED_POLICY_MAX_CHARS = 6_144;
export const IAM_ROLE_INLINE_POLICIES_MAX_CHARS = 10_240;
