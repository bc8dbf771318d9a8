import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_BATCHING_WINDOW_SECONDS,
  DEFAULT_INLINE_WAIT_MAX_MS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_MIN_TARGET_DURATION_SECONDS,
  LOG_LEVELS,
  type LogLevel,
} from '@hls-stale-guard/contract';

/** The deployment settings the benchmark mirrors, and where they came from. */
export interface DeploymentDefaults {
  /** `infra/config/default.json`, or `assumed` when the file is missing. */
  source: string;
  memoryMb: number;
  timeoutSeconds: number;
  batchSize: number;
  /** Event source mapping batching window, s (0: none). */
  batchingWindowSeconds: number;
  /** The shortest TARGETDURATION the encoders use, s (`null`: the queue delays nothing). */
  minTargetDurationSeconds: number | null;
  /** Event source mapping maximum concurrency: concurrent instances on the SQS path. */
  maxConcurrency: number;
  reconcileIntervalMinutes: number;
  targetDurationMultiple: number;
  graceMs: number;
  maxDeletionsPerMinute: number;
  reconcilerSafetyMarginMs: number;
  watchedPrefixes: string[];
  metricsChannelRule: string;
  highResolutionMetrics: boolean;
  /** `INLINE_WAIT_MAX_MS`: the longest rest of a deadline waited inside an invocation. */
  inlineWaitMaxMs: number;
  logLevel: LogLevel;
  logRetentionDays: number;
  /** The function's X-Ray tracing: `off` (PassThrough) or `active`. */
  tracing: 'off' | 'active';
}

/** Used when the infra config is missing: infra's default configuration and the checker's own defaults. */
const ASSUMED_DEFAULTS: DeploymentDefaults = {
  source: 'assumed',
  memoryMb: 128,
  timeoutSeconds: 60,
  batchSize: 10,
  batchingWindowSeconds: DEFAULT_BATCHING_WINDOW_SECONDS,
  minTargetDurationSeconds: DEFAULT_MIN_TARGET_DURATION_SECONDS,
  maxConcurrency: 5,
  reconcileIntervalMinutes: 1,
  targetDurationMultiple: 1.5,
  graceMs: 0,
  maxDeletionsPerMinute: 120,
  reconcilerSafetyMarginMs: 5000,
  watchedPrefixes: ['live/'],
  metricsChannelRule: 'segment:0',
  highResolutionMetrics: true,
  inlineWaitMaxMs: DEFAULT_INLINE_WAIT_MAX_MS,
  logLevel: DEFAULT_LOG_LEVEL,
  logRetentionDays: 30,
  tracing: 'off',
};

const pick = <T>(value: unknown, fallback: T, ok: (v: unknown) => boolean): T =>
  ok(value) ? (value as T) : fallback;
const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isNonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Reads the infra defaults (`infra/config/default.json`) when the file exists; every missing or
 * malformed field keeps its {@link ASSUMED_DEFAULTS} value.
 *
 * @example loadDeploymentDefaults(process.cwd()).memoryMb; // 128
 */
export function loadDeploymentDefaults(workspaceRoot: string): DeploymentDefaults {
  const path = join(workspaceRoot, 'infra', 'config', 'default.json');
  if (!existsSync(path)) return ASSUMED_DEFAULTS;
  const raw = JSON.parse(readFileSync(path, 'utf-8')) as Record<string, unknown>;
  const a = ASSUMED_DEFAULTS;
  return {
    source: 'infra/config/default.json',
    memoryMb: pick(raw['memoryMb'], a.memoryMb, isPositive),
    timeoutSeconds: pick(raw['timeoutSeconds'], a.timeoutSeconds, isPositive),
    batchSize: pick(raw['batchSize'], a.batchSize, isPositive),
    batchingWindowSeconds: pick(
      raw['batchingWindowSeconds'],
      a.batchingWindowSeconds,
      isNonNegative,
    ),
    minTargetDurationSeconds:
      raw['minTargetDurationSeconds'] === null
        ? null
        : pick(raw['minTargetDurationSeconds'], a.minTargetDurationSeconds, isPositive),
    maxConcurrency: pick(raw['maxConcurrency'], a.maxConcurrency, isPositive),
    reconcileIntervalMinutes: pick(
      raw['reconcileIntervalMinutes'],
      a.reconcileIntervalMinutes,
      isPositive,
    ),
    targetDurationMultiple: pick(
      raw['targetDurationMultiple'],
      a.targetDurationMultiple,
      isPositive,
    ),
    graceMs: pick(raw['graceMs'], a.graceMs, isNonNegative),
    maxDeletionsPerMinute: pick(raw['maxDeletionsPerMinute'], a.maxDeletionsPerMinute, isPositive),
    reconcilerSafetyMarginMs: pick(
      raw['reconcilerSafetyMarginMs'],
      a.reconcilerSafetyMarginMs,
      isNonNegative,
    ),
    watchedPrefixes: pick(
      raw['watchedPrefixes'],
      a.watchedPrefixes,
      (v) => Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string'),
    ),
    metricsChannelRule: pick(
      raw['metricsChannelRule'],
      a.metricsChannelRule,
      (v) => typeof v === 'string',
    ),
    highResolutionMetrics: pick(
      raw['highResolutionMetrics'],
      a.highResolutionMetrics,
      (v) => typeof v === 'boolean',
    ),
    inlineWaitMaxMs: pick(raw['inlineWaitMaxMs'], a.inlineWaitMaxMs, isNonNegative),
    logLevel: pick(raw['logLevel'], a.logLevel, (v) =>
      (LOG_LEVELS as readonly unknown[]).includes(v),
    ),
    logRetentionDays: pick(raw['logRetentionDays'], a.logRetentionDays, isPositive),
    tracing: raw['tracing'] === 'active' ? 'active' : a.tracing,
  };
}
