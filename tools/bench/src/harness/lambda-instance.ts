import type { InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import type { Checker, ReconcileReport } from '@hls-stale-guard/checker';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** One invocation as Lambda would bill it. */
export interface InvocationRecord {
  kind: 'sqs' | 'reconcile';
  startedMs: number;
  /** Handler time, metric flush included (what Lambda bills). */
  durationMs: number;
  /** SQS messages in the batch (0 for a sweep). */
  messages: number;
  /** PutMetricData requests the flush would have sent. */
  putMetricDataCalls: number;
}

/**
 * One Lambda instance: a checker with its own caches and metrics sink, running one invocation at a time,
 * exactly like `handler.ts` (process the batch or the sweep, then flush the metrics once). The sink is in
 * memory; it keeps the PutMetricData requests the CloudWatch publisher would have sent, so they are
 * counted, not sent.
 */
export class LambdaInstance {
  readonly invocations: InvocationRecord[] = [];

  constructor(
    readonly checker: Checker,
    private readonly metrics: InMemoryMetricsSink,
    private readonly timeoutMs: number,
  ) {}

  async invokeSqs(event: SQSEvent): Promise<SQSBatchResponse> {
    return this.invoke('sqs', event.Records.length, (budget) =>
      this.checker.processSqsBatch(event, budget),
    );
  }

  async invokeReconcile(): Promise<ReconcileReport> {
    return this.invoke('reconcile', 0, (budget) => this.checker.reconcile(budget));
  }

  private async invoke<T>(
    kind: InvocationRecord['kind'],
    messages: number,
    run: (budget: { remainingMs(): number }) => Promise<T>,
  ): Promise<T> {
    const startedMs = Date.now();
    const started = performance.now();
    const before = this.metrics.requests.length;
    const budget = { remainingMs: () => this.timeoutMs - (performance.now() - started) };
    try {
      return await run(budget);
    } finally {
      await this.metrics.flush();
      this.invocations.push({
        kind,
        startedMs,
        durationMs: performance.now() - started,
        messages,
        putMetricDataCalls: this.metrics.requests.length - before,
      });
    }
  }
}
