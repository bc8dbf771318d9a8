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
import { reconcile, type ReconcileReport } from './reconcile';
import type { PlaylistRegistry } from './registry/playlist-registry';
import { registerExisting, type RegisterReport } from './registry/register-existing';
import { RegistryMemory } from './registry/registry-memory';

export interface CheckerParts {
  config: CheckerConfig;
  store: PlaylistStore;
  queue: DeadlineQueue;
  metrics: MetricsSink;
  /** The playlist registry: `DynamoDbPlaylistRegistry` (the Lambda, the lab, integration tests). */
  registry: PlaylistRegistry;
  clock?: Clock;
  logger?: Logger;
}

/** One checker instance: the state a Lambda instance keeps between invocations (caches, valve, clock offset). */
export interface Checker {
  deps: CheckerDeps;
  processSqsBatch(event: SQSEvent, budget: InvocationBudget): Promise<SQSBatchResponse>;
  reconcile(budget: InvocationBudget): Promise<ReconcileReport>;
  /** On demand: registers the playlists that existed before deployment (full listing). */
  registerExisting(budget?: InvocationBudget): Promise<RegisterReport>;
}

/**
 * Builds the checker from its ports. The Lambda handler, the local lab and the tests all run this same code.
 *
 * @example
 * const checker = createChecker({ config, store: new S3PlaylistStore(s3), queue, metrics,
 *   registry: new DynamoDbPlaylistRegistry(dynamodb, config.registry.tableName) });
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
    registry: parts.registry,
    registryMemory: new RegistryMemory(),
  };
  return {
    deps,
    processSqsBatch: (event, budget) => processSqsBatch(deps, event, budget),
    reconcile: (budget) => reconcile(deps, budget),
    registerExisting: (budget) => registerExisting(deps, budget ? { budget } : {}),
  };
}
