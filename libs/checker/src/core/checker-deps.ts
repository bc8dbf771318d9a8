import type { MetricsSink } from '@hls-stale-guard/metrics';
import type { CheckerConfig } from '../load-config';
import type { PlaylistRegistry } from '../registry/playlist-registry';
import type { RegistryMemory } from '../registry/registry-memory';
import type { DeletionValve } from './deletion-valve';
import type { FactsCache } from './facts-cache';
import type { Clock, DeadlineQueue, Logger, PlaylistStore } from './ports';
import type { S3Clock } from './s3-clock';

/** Everything the use cases need; built once per instance by the handler (or by a test, or the lab). */
export interface CheckerDeps {
  config: CheckerConfig;
  store: PlaylistStore;
  queue: DeadlineQueue;
  clock: Clock;
  s3Clock: S3Clock;
  cache: FactsCache;
  valve: DeletionValve;
  metrics: MetricsSink;
  logger: Logger;
  /** The playlist registry (DynamoDB) the reconciler sweeps. */
  registry: PlaylistRegistry;
  /** What this instance last recorded in the registry, per key. */
  registryMemory: RegistryMemory;
}
