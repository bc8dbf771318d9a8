/**
 * CloudWatch PutMetricData limits. Each one is a named constant with its source, so a limit that AWS
 * changes is changed in one place (Pocket hard-coded 20 datums per call and went stale when AWS raised
 * it to 1,000).
 *
 * Source: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
 */

/**
 * At most 1,000 metrics (MetricDatum entries) per PutMetricData call.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
 */
export const MAX_DATUMS_PER_PUT = 1000;

/**
 * "Each PutMetricData request is limited to 1 MB in size for HTTP POST requests." We read "1 MB" as
 * 10^6 bytes (the smaller of the two readings) and apply it to the *uncompressed* JSON body, although the
 * SDK may gzip bodies above 10 KB: we cannot tell which size the service checks, so we take the larger.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
 */
export const MAX_PUT_PAYLOAD_BYTES = 1_000_000;

/**
 * `Values`/`Counts` arrays: "up to 150 values per metric with one PutMetricData request".
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
 */
export const MAX_VALUES_PER_DATUM = 150;

/**
 * At most 30 dimensions per metric.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html
 */
export const MAX_DIMENSIONS_PER_DATUM = 30;

/**
 * A dimension value is 1–1,024 characters, ASCII only, no control characters, at least one
 * non-whitespace character.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html
 */
export const MAX_DIMENSION_VALUE_LENGTH = 1024;

/**
 * A namespace is 1–255 characters; ASCII without control characters; `AWS/` is reserved.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html
 */
export const MAX_NAMESPACE_LENGTH = 255;

/**
 * Values must lie within ±2^360; NaN and ±Infinity are rejected.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
 */
export const MAX_ABS_METRIC_VALUE = 2 ** 360;

/**
 * The smallest non-zero magnitude CloudWatch accepts: the API reference used to state the range as
 * "2e-360 to 2e360 (Base 2)" and still rejects values "too small"; 0 itself is fine.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
 */
export const MIN_ABS_NONZERO_METRIC_VALUE = 2 ** -360;

/**
 * `StorageResolution: 1` stores a metric at 1-second resolution (a high-resolution metric), which lets
 * an alarm use a 10, 20 or 30 s period; 60 (the default) is standard resolution.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/publishingMetrics.html#high-resolution-metrics
 */
export const HIGH_STORAGE_RESOLUTION_SECONDS = 1;

/** The limits {@link chunkDatums} enforces; tests pass smaller ones to exercise every split. */
export interface PutMetricDataLimits {
  maxDatums: number;
  maxPayloadBytes: number;
  maxValuesPerDatum: number;
  maxDimensionsPerDatum: number;
}

/** The documented CloudWatch limits. */
export const PUT_METRIC_DATA_LIMITS: Readonly<PutMetricDataLimits> = {
  maxDatums: MAX_DATUMS_PER_PUT,
  maxPayloadBytes: MAX_PUT_PAYLOAD_BYTES,
  maxValuesPerDatum: MAX_VALUES_PER_DATUM,
  maxDimensionsPerDatum: MAX_DIMENSIONS_PER_DATUM,
};
