import type { MetricName } from '@hls-stale-guard/contract';

/** Where a metric observation came from: the dimensions are derived from it by the publisher. */
export interface MetricContext {
  /** The bucket; `undefined` when unknown (e.g. a malformed message), published as `Bucket=unknown`. */
  bucket?: string;
  /** The S3 key the observation is about; the channel dimension is derived from it. */
  key?: string;
}

/**
 * The port the stale-checker reports through. Implementations aggregate in memory; `flush` publishes once
 * at the end of an invocation and never throws (a publish failure is logged and counted).
 */
export interface MetricsSink {
  /** Record one observation (a count of 1 by default, or a value in the metric's unit). */
  record(name: MetricName, context: MetricContext, value?: number): void;
  /** Publish what was aggregated since the last flush. Resolves within a bounded time, never rejects. */
  flush(): Promise<void>;
}
