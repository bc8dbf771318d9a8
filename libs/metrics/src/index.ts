// The public API of @hls-stale-guard/metrics, curated: index.spec.ts guards the list of runtime values.

// Vocabulary and dimension policy: defined in @hls-stale-guard/contract (infra builds alarms and the
// dashboard from it there), re-exported for the runtime's convenience.
export {
  BY_BUCKET,
  BY_CHANNEL,
  DEFAULT_METRICS_NAMESPACE,
  DIMENSION_SETS,
  HIGH_RESOLUTION_METRICS,
  isEmittedWith,
  METRIC_DIMENSION_SETS,
  MetricDimension,
  MetricName,
  MetricUnit,
  NO_DIMENSIONS,
  usesDimension,
  type DimensionSet,
} from '@hls-stale-guard/contract';
// The dimension values the sinks derive themselves.
export { BUCKET_UNKNOWN, CHANNEL_OTHER, CHANNEL_ROOT } from './dimension-values';
export {
  countCustomMetrics,
  type CustomMetricCount,
  type DeploymentShape,
} from './custom-metric-count';

// The port and what every sink shares.
export type { MetricContext, MetricsSink } from './metrics-sink';
export { systemClock, type Clock } from './clock';
export { createJsonLineLogger, MetricsLogEvent, type MetricsLogger } from './metrics-logger';
export {
  DEFAULT_METRICS_CONFIG,
  loadMetricsConfig,
  METRICS_ENV,
  MetricsConfigError,
  parseMetricsConfig,
  resolveMetricsConfig,
  type MetricsConfig,
  type ParseMetricsConfigResult,
} from './metrics-config';
export { misspeltEnvNames } from './misspelt-env-names';
export {
  channelOf,
  DEFAULT_CHANNEL_RULE,
  parseChannelRule,
  type ChannelRule,
} from './channel-rule';

// Transport for Lambda: embedded metric format lines on stdout.
export { EmfMetricsSink, type EmfMetricsSinkOptions } from './emf-metrics-sink';
export { toEmfDocuments, type EmfDocument } from './to-emf-documents';

// Transport outside Lambda: PutMetricData (loads @aws-sdk/client-cloudwatch).
export {
  CloudWatchMetricsPublisher,
  MetricsPublishTimeoutError,
  type CloudWatchMetricsPublisherDeps,
  type FlushReport,
  type PublisherState,
} from './cloudwatch-metrics-publisher';
export { createCloudWatchClient } from './create-cloudwatch-client';

// Tests and the local lab: the PutMetricData requests, kept in memory.
export {
  InMemoryMetricsSink,
  type DimensionFilter,
  type InMemoryMetricsSinkOptions,
} from './in-memory-metrics-sink';
