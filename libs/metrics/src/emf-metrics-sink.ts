import { systemClock, type Clock } from './clock';
import { MetricAggregator } from './metric-aggregator';
import type { MetricName } from '@hls-stale-guard/contract';
import { resolveMetricsConfig, type MetricsConfig } from './metrics-config';
import { createJsonLineLogger, MetricsLogEvent, type MetricsLogger } from './metrics-logger';
import type { MetricContext, MetricsSink } from './metrics-sink';
import { toEmfDocuments } from './to-emf-documents';

export interface EmfMetricsSinkOptions {
  /** Same options as the CloudWatch publisher (its publish timeout is unused); missing fields take the defaults. */
  config?: Partial<MetricsConfig>;
  /** Source of every observation's time; defaults to {@link systemClock}. */
  clock?: Clock;
  /** Where each EMF document goes, one JSON line each; default: stdout (Lambda sends it to CloudWatch Logs). */
  write?: (line: string) => void;
  /** Where a dropped observation is reported; default: a JSON line through `write`. */
  logger?: MetricsLogger;
}

const writeToStdout = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * A {@link MetricsSink} for Lambda that writes CloudWatch embedded metric format (EMF) lines: no
 * PutMetricData call, no network, no publish failure. CloudWatch Logs extracts the metrics from the
 * function's log group
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Same {@link MetricAggregator} as the publisher: `record` aggregates per invocation, `flush` writes one
 * line per period and bucket/channel ({@link toEmfDocuments}) and nothing when nothing was recorded.
 *
 * @example
 * const metrics = new EmfMetricsSink({ config: config.metrics });
 * metrics.record('StalePlaylistsDeleted', { bucket, key });
 * await metrics.flush(); // {"_aws":{"Timestamp":…,"CloudWatchMetrics":[…]},"Bucket":"origin-a",…}
 */
export class EmfMetricsSink implements MetricsSink {
  private readonly config: MetricsConfig;
  private readonly clock: Clock;
  private readonly write: (line: string) => void;
  private readonly logger: MetricsLogger;
  private readonly aggregator: MetricAggregator;

  constructor(options: EmfMetricsSinkOptions = {}) {
    this.config = resolveMetricsConfig(options.config);
    this.clock = options.clock ?? systemClock;
    this.write = options.write ?? writeToStdout;
    this.logger = options.logger ?? createJsonLineLogger(this.write);
    this.aggregator = new MetricAggregator(this.config);
  }

  record(name: MetricName, context: MetricContext, value = 1): void {
    this.aggregator.record(name, context, value, this.clock.now());
  }

  /** Writes what was aggregated since the last flush, synchronously; resolves at once, never rejects. */
  async flush(): Promise<void> {
    if (this.aggregator.isEmpty) return;
    const aggregate = this.aggregator.drain();
    if (aggregate.droppedObservations > 0) {
      this.logger.warn('metrics observations dropped', {
        event: MetricsLogEvent.ObservationsDropped,
        droppedObservations: aggregate.droppedObservations,
      });
    }
    try {
      for (const document of toEmfDocuments(aggregate, { namespace: this.config.namespace })) {
        this.write(JSON.stringify(document));
      }
    } catch (error) {
      // The port never rejects: a limit the vocabulary cannot reach, or a failing writer.
      this.logger.warn('metrics publish failed', {
        event: MetricsLogEvent.PublishFailed,
        cause:
          error instanceof Error ? { name: error.name, message: error.message } : String(error),
      });
    }
  }
}
