import type { MetricsSink } from '@hls-stale-guard/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { CheckerConfig } from './load-config';
import { createJsonLogger } from './adapters/json-logger';
import { systemClock } from './adapters/system-clock';
import type { CheckerDeps } from './core/checker-deps';
import { DeletionValve } from './core/deletion-valve';
import { FactsCache } from './core/facts-cache';
import type { InvocationBudget } from './core/handle-object-created';
import type { Clock, DeadlineQueue, Logger, PlaylistStore } from './core/ports';
import { S3Clock } from './core/s3-clock';
import { processSqsBatch } from './process-sqs-batch';
import { reconcile, type ReconcileReport, type ResumePoints } from './reconcile';

export interface CheckerParts {
  config: CheckerConfig;
  store: PlaylistStore;
  queue: DeadlineQueue;
  metrics: MetricsSink;
  clock?: Clock;
  logger?: Logger;
}

/** One checker instance: the state a Lambda instance keeps between invocations (caches, valve, clock offset). */
export interface Checker {
  deps: CheckerDeps;
  processSqsBatch(event: SQSEvent, budget: InvocationBudget): Promise<SQSBatchResponse>;
  reconcile(budget: InvocationBudget): Promise<ReconcileReport>;
}

/**
 * Builds the checker from its ports. The Lambda handler, the local lab and the tests all run this same code.
 *
 * @example
 * const checker = createChecker({ config, store: new S3PlaylistStore(s3), queue, metrics });
 * await checker.processSqsBatch(event, { remainingMs: () => 30_000 });
 */
export function createChecker(parts: CheckerParts): Checker {
  const clock = parts.clock ?? systemClock;
  const deps: CheckerDeps = {
    config: parts.config,
    store: parts.store,
    queue: parts.queue,
    metrics: parts.metrics,
    clock,
    logger: parts.logger ?? createJsonLogger({ service: 'stale-checker' }),
    s3Clock: new S3Clock(clock),
    cache: new FactsCache(),
    valve: new DeletionValve(parts.config.maxDeletionsPerMinute),
  };
  const resumePoints: ResumePoints = new Map();
  return {
    deps,
    processSqsBatch: (event, budget) => processSqsBatch(deps, event, budget),
    reconcile: (budget) => reconcile(deps, budget, resumePoints),
  };
}
