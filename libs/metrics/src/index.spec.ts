import * as api from './index';

describe('@hls-stale-guard/metrics public API', () => {
  it('exports exactly the documented runtime values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'BUCKET_UNKNOWN',
        'BY_BUCKET',
        'BY_CHANNEL',
        'CHANNEL_OTHER',
        'CHANNEL_ROOT',
        'CloudWatchMetricsPublisher',
        'DEFAULT_CHANNEL_RULE',
        'channelOf',
        'parseChannelRule',
        'DEFAULT_METRICS_CONFIG',
        'DEFAULT_METRICS_NAMESPACE',
        'DIMENSION_SETS',
        'EmfMetricsSink',
        'HIGH_RESOLUTION_METRICS',
        'InMemoryMetricsSink',
        'METRICS_ENV',
        'METRIC_DIMENSION_SETS',
        'MetricDimension',
        'MetricName',
        'MetricUnit',
        'MetricsConfigError',
        'MetricsLogEvent',
        'MetricsPublishTimeoutError',
        'NO_DIMENSIONS',
        'countCustomMetrics',
        'createCloudWatchClient',
        'createJsonLineLogger',
        'isEmittedWith',
        'loadMetricsConfig',
        'misspeltEnvNames',
        'parseMetricsConfig',
        'resolveMetricsConfig',
        'systemClock',
        'toEmfDocuments',
        'usesDimension',
      ].sort(),
    );
  });
});
