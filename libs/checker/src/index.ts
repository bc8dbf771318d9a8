/**
 * The stale-checker's public surface for the tools of this repository (the local lab, the audit CLI,
 * benchmarks): the same processing code the Lambda runs, and its adapters.
 */
export { createChecker, type Checker } from './create-checker';
export { ConfigError, loadConfig, type CheckerConfig } from './load-config';
export { CHECKER_SDK_CLIENT_SETTINGS } from './sdk-client-settings';
export {
  audit,
  auditRedundancy,
  type RedundancyAudit,
  type AuditEntry,
  type AuditSummary,
} from './audit';
export { restore, type RestoreOutcome } from './restore';
export { type ReconcileReport } from './reconcile';
export { expiresAtSeconds, type RegistryEntry } from './registry/playlist-registry';
export { DynamoDbPlaylistRegistry } from './registry/dynamodb-playlist-registry';
export { registryNotConfigured } from './registry/registry-not-configured';
export { registerExisting, type RegisterReport } from './registry/register-existing';
export { judgeVersion, type JudgeRules } from './core/judge-version';
export { FactsCache } from './core/facts-cache';
export { mapLimit } from './core/map-limit';
export type * from './core/ports';
export { readFacts } from './core/read-facts';
export { createJsonLogger } from './adapters/json-logger';
export { S3PlaylistStore } from './adapters/s3-playlist-store';
export { SqsDeadlineQueue } from './adapters/sqs-deadline-queue';
export { formatPipelines, parsePipelines, type Pipeline } from './redundancy/pipelines';
