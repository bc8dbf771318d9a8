/**
 * The stale-checker's public surface for the tools of this repository (the local lab, the audit CLI,
 * benchmarks): the same processing code the Lambda runs, and its adapters.
 */
export { createChecker, type Checker, type CheckerParts } from './create-checker';
export {
  ConfigError,
  isWatched,
  loadConfig,
  pipelinesOf,
  type CheckerConfig,
  type WatchScope,
} from './load-config';
export { processSqsBatch } from './process-sqs-batch';
export {
  audit,
  auditRedundancy,
  describeRedundancy,
  renditionsOf,
  type RedundancyAudit,
  type RenditionAudit,
  AuditState,
  auditStateOf,
  type AuditEntry,
  type AuditOptions,
  type AuditSummary,
} from './audit';
export { planRestore, restore, type RestoreOutcome, type RestorePlan } from './restore';
export {
  conservativeWriteTimeMs,
  LIST_PAGE_SIZE,
  reconcile,
  type ReconcileReport,
} from './reconcile';
export {
  expiresAtSeconds,
  RegistryError,
  registryPk,
  RegistryState,
  SWEEP_CURSOR_PK,
  type PlaylistRegistry,
  type PlaylistTiming,
  type RecordResult,
  type RegistryEntry,
  type RegistryObservation,
  type RegistryPage,
  type ScannedItem,
} from './registry/playlist-registry';
export {
  DynamoDbPlaylistRegistry,
  REGISTRY_SCAN_PAGE_SIZE,
} from './registry/dynamodb-playlist-registry';
export { registryNotConfigured } from './registry/registry-not-configured';
export {
  registerExisting,
  type RegisterOptions,
  type RegisterReport,
} from './registry/register-existing';
export { checkAtDeadline, type CheckOutcome, type CheckTarget } from './core/check-at-deadline';
export type { CheckerDeps } from './core/checker-deps';
export {
  isPastDeadline,
  judgeVersion,
  NeverStaleReason,
  type JudgeRules,
  type VersionJudgement,
  type VersionToJudge,
} from './core/judge-version';
export { DeletionValve } from './core/deletion-valve';
export { FactsCache } from './core/facts-cache';
export type { InvocationBudget } from './core/handle-object-created';
export { mapLimit } from './core/map-limit';
export type * from './core/ports';
export { readFacts } from './core/read-facts';
export { S3Clock } from './core/s3-clock';
export { createJsonLogger } from './adapters/json-logger';
export { S3PlaylistStore, PlaylistStoreError } from './adapters/s3-playlist-store';
export { SqsDeadlineQueue } from './adapters/sqs-deadline-queue';
export { systemClock } from './adapters/system-clock';
export {
  copiesOf,
  copyOf,
  formatPipelines,
  parsePipelines,
  pipelinesOfBuckets,
  type Pipeline,
} from './redundancy/pipelines';
export {
  channelState,
  mayDeleteCopy,
  renditionState,
  renditionTransition,
  type CopyState,
  type CopyStatus,
  type RenditionState,
} from './redundancy/redundancy-state';
