/**
 * Limits of the CloudWatch embedded metric format (EMF), from its specification:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** "Metrics … MUST NOT contain more than 100 MetricDefinition objects." Applied per document. */
export const MAX_EMF_METRICS_PER_DOCUMENT = 100;

/** "A DimensionSet MUST NOT contain more than 30 dimension keys." */
export const MAX_EMF_DIMENSIONS_PER_SET = 30;

/** A target member holding an array "MUST NOT contain more than 100 values". */
export const MAX_EMF_VALUES_PER_METRIC = 100;

/**
 * An EMF document is one CloudWatch Logs event, at most 256 KB including 26 bytes of overhead
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html). A
 * document above this is split; the vocabulary's documents are far smaller.
 */
export const MAX_EMF_DOCUMENT_BYTES = 256 * 1024 - 26;

/** `StorageResolution` of a high-resolution metric (1 s); 60 is the default and is left out. */
export const EMF_HIGH_STORAGE_RESOLUTION = 1;
