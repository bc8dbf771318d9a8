import type { MetricsSink } from '@hls-stale-guard/metrics';
import type { Checker, ReconcileReport } from '@hls-stale-guard/checker';
import type { LocalLambda } from '@hls-stale-guard/local-aws';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** One invocation as Lambda would bill it. */
export interface InvocationRecord {
  kind: 'sqs' | 'reconcile';
  startedMs: number;
  /** Handler time, metric flush included (what Lambda bills). */
  durationMs: number;
  /** SQS messages in the batch (0 for a sweep). */
  messages: number;
  /** CloudWatch Logs bytes the invocation wrote: its JSON lines and EMF metric lines, each + 26 bytes. */
  logBytes: number;
}

/** Counts what an instance writes to its log, as CloudWatch Logs would bill it. */
export interface LogMeter {
  readonly bytes: number;
}

/**
 * One Lambda instance: a checker with its own caches and metrics sink, running one invocation at a time,
 * exactly like `handler.ts` (process the batch or the sweep, then flush the metrics once). The sink is the
 * Lambda's own `EmfMetricsSink` and the logger the Lambda's JSON logger at the deployment's `LOG_LEVEL`,
 * both writing into a byte meter instead of stdout: the bytes each invocation logs are billed as log
 * ingestion. The local pipeline's event source and schedule invoke it.
 */
export class LambdaInstance implements LocalLambda {
  readonly invocations: InvocationRecord[] = [];
  /** The reports of the sweeps the schedule ran here. */
  readonly sweeps: ReconcileReport[] = [];

  constructor(
    readonly checker: Checker,
    private readonly metrics: MetricsSink,
    private readonly timeoutMs: number,
    private readonly log: LogMeter,
  ) {}

  async handleSqs(event: SQSEvent): Promise<SQSBatchResponse> {
    return this.invoke('sqs', event.Records.length, (budget) =>
      this.checker.processSqsBatch(event, budget),
    );
  }

  async handleSchedule(): Promise<void> {
    this.sweeps.push(await this.invoke('reconcile', 0, (budget) => this.checker.reconcile(budget)));
  }

  private async invoke<T>(
    kind: InvocationRecord['kind'],
    messages: number,
    run: (budget: { remainingMs(): number }) => Promise<T>,
  ): Promise<T> {
    const startedMs = Date.now();
    const started = performance.now();
    const bytesBefore = this.log.bytes;
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
        logBytes: this.log.bytes - bytesBefore,
      });
    }
  }
}
