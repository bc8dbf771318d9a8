import {
  PutMetricDataCommand,
  type CloudWatchClient,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { chunkDatums } from './chunk-datums';
import { systemClock, type Clock } from './clock';
import { MetricAggregator } from './metric-aggregator';
import { MetricName } from '@hls-stale-guard/contract';
import { resolveMetricsConfig, type MetricsConfig } from './metrics-config';
import { createJsonLineLogger, MetricsLogEvent, type MetricsLogger } from './metrics-logger';
import type { MetricContext, MetricsSink } from './metrics-sink';
import { toMetricDatums } from './to-metric-datums';

/** The publish did not finish within {@link MetricsConfig.publishTimeoutMs}; its requests were aborted. */
export class MetricsPublishTimeoutError extends Error {
  override readonly name = 'MetricsPublishTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`PutMetricData did not finish within ${timeoutMs} ms; aborted`);
  }
}

/** The flush could not even build its requests (a datum beyond the CloudWatch limits). */
export class MetricsPublishError extends Error {
  override readonly name = 'MetricsPublishError';
}

/** What one {@link CloudWatchMetricsPublisher.flush} did. */
export interface FlushReport {
  /** PutMetricData requests sent (0 when there was nothing to publish). */
  requests: number;
  /**
   * Requests that failed, were aborted, or had not answered when the time bound expired (1 when the
   * requests could not be built at all).
   */
  failedRequests: number;
  /** Datums in all requests. */
  datums: number;
  /** Datums in failed requests (not kept for the next flush; only their count is). */
  datumsLost: number;
  /** The time bound expired before every request had answered. */
  timedOut: boolean;
  /** Clock time the flush took, ms. */
  elapsedMs: number;
}

/** Counters that outlive a flush (they live as long as the Lambda container). */
export interface PublisherState {
  /** Failed requests not yet published as `MetricsPublishFailures`. */
  pendingPublishFailures: number;
  /** Failed requests since this publisher was built (the container's cold start). */
  totalPublishFailures: number;
  /** What the last flush did; `undefined` before the first. */
  lastFlush: FlushReport | undefined;
}

export interface CloudWatchMetricsPublisherDeps {
  /** Built once per container, e.g. with {@link createCloudWatchClient} (standard retries, 3 attempts). */
  client: Pick<CloudWatchClient, 'send'>;
  /** From {@link loadMetricsConfig}; missing fields take the defaults. Validated here. */
  config?: Partial<MetricsConfig>;
  /** Source of every datum's time; defaults to {@link systemClock}. */
  clock?: Clock;
  /** Where the once-per-flush failure line goes; defaults to JSON lines on stdout. */
  logger?: MetricsLogger;
}

const EMPTY_REPORT: Omit<FlushReport, 'elapsedMs'> = {
  requests: 0,
  failedRequests: 0,
  datums: 0,
  datumsLost: 0,
  timedOut: false,
};

type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * The CloudWatch {@link MetricsSink}. `record` aggregates in memory ({@link MetricAggregator}); `flush`,
 * called once at the end of an invocation, turns the aggregate into datums ({@link toMetricDatums}),
 * splits them at the PutMetricData limits ({@link chunkDatums}) and sends the requests in parallel.
 *
 * Failure behaviour: `flush` never rejects and resolves within `publishTimeoutMs` (default 2 s): at the
 * bound every request still running is aborted through its `abortSignal` (the SDK also stops retrying),
 * and flush returns without waiting for it. A flush with any failed request writes exactly one
 * structured `warn` line (`event: "metrics-publish-failed"`, counts and the first cause) and adds the
 * number of failed requests to `MetricsPublishFailures`, published by the next flush that reaches
 * CloudWatch (it cannot be published by the flush that failed). The failed datums are dropped, not
 * retried later: keeping them would grow memory and the next flush's time without bound.
 *
 * @example
 * // handler.ts, module scope
 * const metrics = new CloudWatchMetricsPublisher({
 *   client: createCloudWatchClient(),
 *   config: loadMetricsConfig(process.env),
 *   logger,
 * });
 * // per invocation
 * metrics.record('StalePlaylistsDeleted', { bucket, key });
 * await metrics.flush();
 */
export class CloudWatchMetricsPublisher implements MetricsSink {
  private readonly config: MetricsConfig;
  private readonly client: Pick<CloudWatchClient, 'send'>;
  private readonly clock: Clock;
  private readonly logger: MetricsLogger;
  private readonly aggregator: MetricAggregator;
  private pendingFailures = 0;
  private totalFailures = 0;
  private lastFlush: FlushReport | undefined;

  constructor(deps: CloudWatchMetricsPublisherDeps) {
    this.config = resolveMetricsConfig(deps.config);
    this.client = deps.client;
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? createJsonLineLogger((line) => process.stdout.write(`${line}\n`));
    this.aggregator = new MetricAggregator(this.config);
  }

  /** Aggregates one observation (a count of 1 unless `value` is given). Never throws. */
  record(name: MetricName, context: MetricContext, value = 1): void {
    this.aggregator.record(name, context, value, this.clock.now());
  }

  /** Failure counters kept between flushes. */
  get state(): PublisherState {
    return {
      pendingPublishFailures: this.pendingFailures,
      totalPublishFailures: this.totalFailures,
      lastFlush: this.lastFlush,
    };
  }

  /**
   * Publishes everything recorded since the last flush. Resolves within `publishTimeoutMs`, never
   * rejects; what it did is in {@link state}`.lastFlush`.
   */
  async flush(): Promise<void> {
    this.lastFlush = await this.publish();
  }

  private async publish(): Promise<FlushReport> {
    const startedAt = this.clock.now();
    const carried = this.pendingFailures;
    if (carried > 0)
      this.aggregator.record(MetricName.MetricsPublishFailures, {}, carried, startedAt);
    const aggregate = this.aggregator.drain();
    if (aggregate.droppedObservations > 0) {
      this.logger.warn('metrics observations dropped', {
        event: MetricsLogEvent.ObservationsDropped,
        droppedObservations: aggregate.droppedObservations,
      });
    }

    let chunks: MetricDatum[][];
    try {
      chunks = chunkDatums(toMetricDatums(aggregate));
    } catch (error) {
      const cause = new MetricsPublishError('could not build PutMetricData requests', {
        cause: error,
      });
      return this.finish(startedAt, carried, [], [], false, cause);
    }
    if (chunks.length === 0) return { ...EMPTY_REPORT, elapsedMs: this.clock.now() - startedAt };

    const { outcomes, timedOut } = await this.sendAll(chunks);
    return this.finish(startedAt, carried, chunks, outcomes, timedOut, undefined);
  }

  private async sendAll(
    chunks: MetricDatum[][],
  ): Promise<{ outcomes: (Outcome | undefined)[]; timedOut: boolean }> {
    const controller = new AbortController();
    const outcomes: (Outcome | undefined)[] = chunks.map(() => undefined);
    const all = Promise.all(
      chunks.map((MetricData, index) =>
        // Promise.resolve().then: a `send` that throws synchronously is a failure like any other.
        Promise.resolve()
          .then(() =>
            this.client.send(
              new PutMetricDataCommand({ Namespace: this.config.namespace, MetricData }),
              { abortSignal: controller.signal },
            ),
          )
          .then(
            () => {
              outcomes[index] = { ok: true };
            },
            (error: unknown) => {
              outcomes[index] = { ok: false, error };
            },
          ),
      ),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), this.config.publishTimeoutMs);
    });
    const winner = await Promise.race([all.then(() => 'done' as const), expired]);
    clearTimeout(timer);
    if (winner === 'expired') {
      controller.abort(new MetricsPublishTimeoutError(this.config.publishTimeoutMs));
    }
    return { outcomes: [...outcomes], timedOut: winner === 'expired' };
  }

  private finish(
    startedAt: number,
    carried: number,
    chunks: MetricDatum[][],
    outcomes: (Outcome | undefined)[],
    timedOut: boolean,
    buildError: MetricsPublishError | undefined,
  ): FlushReport {
    const failed = chunks.flatMap((_, index) => (outcomes[index]?.ok === true ? [] : [index]));
    const failedRequests = buildError === undefined ? failed.length : 1;
    const report: FlushReport = {
      requests: chunks.length,
      failedRequests,
      datums: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
      datumsLost: failed.reduce((sum, index) => sum + (chunks[index]?.length ?? 0), 0),
      timedOut,
      elapsedMs: this.clock.now() - startedAt,
    };
    const carriedDelivered = carried > 0 && deliveredFailureCount(chunks, outcomes);
    this.pendingFailures = (carriedDelivered ? 0 : carried) + failedRequests;
    this.totalFailures += failedRequests;
    if (failedRequests > 0) {
      const firstError = failed
        .map((index) => outcomes[index])
        .find((outcome): outcome is { ok: false; error: unknown } => outcome?.ok === false)?.error;
      const cause =
        buildError ??
        (timedOut && firstError === undefined
          ? new MetricsPublishTimeoutError(this.config.publishTimeoutMs)
          : firstError);
      this.logger.warn('metrics publish failed', {
        event: MetricsLogEvent.PublishFailed,
        namespace: this.config.namespace,
        ...report,
        timeoutMs: this.config.publishTimeoutMs,
        pendingPublishFailures: this.pendingFailures,
        cause: describeError(cause),
      });
    }
    return report;
  }
}

/** Whether the deployment-wide `MetricsPublishFailures` datum (no dimensions) reached CloudWatch. */
function deliveredFailureCount(
  chunks: MetricDatum[][],
  outcomes: (Outcome | undefined)[],
): boolean {
  const index = chunks.findIndex((chunk) =>
    chunk.some(
      (datum) =>
        datum.MetricName === MetricName.MetricsPublishFailures &&
        (datum.Dimensions?.length ?? 0) === 0,
    ),
  );
  return index >= 0 && outcomes[index]?.ok === true;
}

/** Log-safe summary of an SDK or other error (name, message, HTTP status, request id, attempts). */
function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: 'NonError', message: String(error) };
  const metadata = (error as { $metadata?: Record<string, unknown> }).$metadata;
  const inner =
    error.cause instanceof Error && depth < 3
      ? { cause: describeError(error.cause, depth + 1) }
      : {};
  return {
    name: error.name,
    message: error.message,
    ...(metadata?.httpStatusCode === undefined ? {} : { httpStatusCode: metadata.httpStatusCode }),
    ...(metadata?.requestId === undefined ? {} : { requestId: metadata.requestId }),
    ...(metadata?.attempts === undefined ? {} : { attempts: metadata.attempts }),
    ...inner,
  };
}
