import {
  ALL_STALE_POLICIES,
  CHECKER_ENV,
  DEFAULT_ALL_STALE_POLICY,
  type AllStalePolicy,
  CHECKER_SETTING_BOUNDS,
  DEFAULT_EVENT_SOURCE_BATCH_SIZE,
  EVENT_SOURCE_SETTING_BOUNDS,
  DEFAULT_INLINE_WAIT_MAX_MS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_REGISTRY_TTL_HOURS,
  LOG_LEVELS,
  type LogLevel,
  type NumericSettingBound,
} from '@hls-stale-guard/contract';
import {
  DEFAULT_METRICS_CONFIG,
  METRICS_ENV,
  misspeltEnvNames,
  parseMetricsConfig,
  type MetricsConfig,
} from '@hls-stale-guard/metrics';
import {
  DEFAULT_STALENESS_POLICY,
  StalenessPolicyError,
  validatePolicy,
  type StalenessPolicy,
} from '@hls-stale-guard/playlist';
import {
  BUCKET_NAME,
  parsePipelines,
  pipelinesOfBuckets,
  type Pipeline,
} from './redundancy/pipelines';

/** Playlists larger than this are never deleted by default: a 20,000-segment DVR window is ≈ 1.6 MB. */
const DEFAULT_MAX_PLAYLIST_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_DELETIONS_PER_MINUTE = 120;
const DEFAULT_RECONCILER_SAFETY_MARGIN_MS = 5_000;

/** Where the checker may act: a key is watched when its bucket is listed and it starts with a prefix. */
export interface WatchScope {
  buckets: readonly string[];
  /** Key prefixes; `['']` means the whole bucket. */
  prefixes: readonly string[];
}

/** The SQS event source mapping in front of the checker, as deployed. */
interface EventSourceConfig {
  batchSize: number;
  /** `MaximumBatchingWindowInSeconds` × 1,000. */
  batchingWindowMs: number;
}

/** The playlist registry (a DynamoDB table, see `REGISTRY_TABLE_SCHEMA`). */
interface RegistryConfig {
  tableName: string;
  /** A registered playlist not seen for this many hours expires from the registry. */
  ttlHours: number;
}

export interface CheckerConfig {
  scope: WatchScope;
  queueUrl: string;
  policy: StalenessPolicy;
  maxPlaylistBytes: number;
  dryRun: boolean;
  maxDeletionsPerMinute: number;
  reconcilerSafetyMarginMs: number;
  /**
   * Longest rest of a deadline waited inside the invocation (`INLINE_WAIT_MAX_MS`, ms); farther ones are
   * postponed in SQS. `loadConfig` always sets it; a config built in code may leave it out (1,000 ms).
   */
  inlineWaitMaxMs?: number;
  /**
   * The SQS event source mapping's batch size and batching window (`EVENT_SOURCE_BATCH_SIZE`,
   * `EVENT_SOURCE_BATCHING_WINDOW_SECONDS`): a batch smaller than `batchSize` came when the window ran out,
   * so the messages it postpones come back `batchingWindowMs` earlier. Unset: no window.
   */
  eventSource?: EventSourceConfig;
  /**
   * The playlist queue's delivery delay (`NOTIFICATION_DELAY_SECONDS` × 1,000): every notification arrives
   * this long after its upload, plus up to one batching window, so a live playlist whose deadline comes
   * sooner is checked late (a warning, once per key). Unset: no delay.
   */
  notificationDelayMs?: number;
  registry: RegistryConfig;
  metrics: MetricsConfig;
  /**
   * Lowest level of the checker's log lines (`LOG_LEVEL`); `loadConfig` always sets it, a config built
   * in code may leave it out (the logger's default, `info`).
   */
  logLevel?: LogLevel;
  /**
   * The encoder pipelines whose copies of a rendition back each other up (`PIPELINES`); unset: each
   * watched bucket is a pipeline with the same key layout ({@link pipelinesOf}).
   */
  pipelines?: readonly Pipeline[];
  /** When every copy is stale (`ALL_STALE_POLICY`); unset: `delete`. */
  allStalePolicy?: AllStalePolicy;
}

/** The configured pipelines, or one per watched bucket, named by it, with the same key layout. */
export function pipelinesOf(
  config: Pick<CheckerConfig, 'pipelines' | 'scope'>,
): readonly Pipeline[] {
  return config.pipelines ?? pipelinesOfBuckets(config.scope.buckets);
}

/** One error listing every configuration problem, thrown at cold start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid stale-checker configuration:\n- ${problems.join('\n- ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** DynamoDB table names: 3–255 of `a-zA-Z0-9_.-` (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html). */
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/** The checker's own variables; the metrics ones are checked by `parseMetricsConfig`. */
const NON_METRICS_ENV_NAMES = Object.values(CHECKER_ENV).filter(
  (name) => !(Object.values(METRICS_ENV) as string[]).includes(name),
);

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.raw(name);
    if (value === undefined) this.problems.push(`${name} is required`);
    return value ?? '';
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }

  /** A number within its contract bound (`CHECKER_SETTING_BOUNDS`); unset or blank: `fallback`. */
  number(name: string, fallback: number, bound: NumericSettingBound): number {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (
      !Number.isFinite(value) ||
      (bound.integer && !Number.isInteger(value)) ||
      value < bound.min ||
      value > bound.max
    ) {
      this.problems.push(
        `${name} must be ${bound.integer ? 'an integer' : 'a number'} from ${bound.min} to ${bound.max}, got "${text}"`,
      );
      return fallback;
    }
    return value;
  }

  /** One of `values`, any case; unset or blank: `fallback`. */
  oneOf<const T extends string>(name: string, values: readonly T[], fallback: T): T {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    const value = values.find((v) => v === text.toLowerCase());
    if (value === undefined) {
      this.problems.push(`${name} must be one of ${values.join(', ')}, got "${text}"`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const text = this.raw(name)?.toLowerCase();
    if (text === undefined) return fallback;
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    this.problems.push(`${name} must be true or false, got "${this.raw(name)}"`);
    return fallback;
  }
}

/**
 * Reads and validates the checker's configuration once, at cold start. Pure: pass `process.env`.
 * Numbers must lie within `CHECKER_SETTING_BOUNDS` (the bounds infra validates its config with); a
 * variable that differs from a known name only in case, `_` or `-` (`dry_run`, `DRYRUN`) is a problem.
 *
 * @example
 * const config = loadConfig({ WATCHED_BUCKETS: 'origin-a,origin-b', QUEUE_URL: 'https://sqs…', REGISTRY_TABLE: 'registry' });
 */
export function loadConfig(env: Env): CheckerConfig {
  const read = new EnvReader(env);
  read.problems.push(...misspeltEnvNames(env, NON_METRICS_ENV_NAMES));
  const buckets = read.list(CHECKER_ENV.watchedBuckets);
  if (buckets.length === 0) read.problems.push(`${CHECKER_ENV.watchedBuckets} is required`);
  for (const bucket of buckets) {
    if (!BUCKET_NAME.test(bucket)) {
      read.problems.push(
        `${CHECKER_ENV.watchedBuckets}: "${bucket}" is not a valid S3 bucket name`,
      );
    }
  }
  const prefixes = read.list(CHECKER_ENV.watchedPrefixes);
  for (const prefix of prefixes) {
    if (prefix.startsWith('/')) {
      read.problems.push(
        `${CHECKER_ENV.watchedPrefixes}: "${prefix}" starts with "/" (S3 keys have no leading slash)`,
      );
    }
  }
  const queueUrl = read.required(CHECKER_ENV.queueUrl);
  if (queueUrl !== '' && !/^https?:\/\/\S+$/.test(queueUrl)) {
    read.problems.push(`${CHECKER_ENV.queueUrl} must be a queue URL, got "${queueUrl}"`);
  }

  const registryTable = read.required(CHECKER_ENV.registryTable);
  if (registryTable !== '' && !TABLE_NAME.test(registryTable)) {
    read.problems.push(
      `${CHECKER_ENV.registryTable} must be a DynamoDB table name, got "${registryTable}"`,
    );
  }

  let policy = DEFAULT_STALENESS_POLICY;
  const policyInput = {
    targetDurationMultiple: read.number(
      CHECKER_ENV.targetDurationMultiple,
      DEFAULT_STALENESS_POLICY.targetDurationMultiple,
      CHECKER_SETTING_BOUNDS.targetDurationMultiple,
    ),
    partTargetMultiple: read.number(
      CHECKER_ENV.partTargetMultiple,
      DEFAULT_STALENESS_POLICY.partTargetMultiple,
      CHECKER_SETTING_BOUNDS.partTargetMultiple,
    ),
    graceMs: read.number(
      CHECKER_ENV.graceMs,
      DEFAULT_STALENESS_POLICY.graceMs,
      CHECKER_SETTING_BOUNDS.graceMs,
    ),
  };
  try {
    policy = validatePolicy(policyInput);
  } catch (error) {
    if (!(error instanceof StalenessPolicyError)) throw error;
    read.problems.push(...error.problems.map((p) => `staleness policy: ${p}`));
  }

  let pipelines: Pipeline[] | undefined;
  const pipelinesText = read.raw(CHECKER_ENV.pipelines);
  if (pipelinesText !== undefined) {
    const parsed = parsePipelines(pipelinesText);
    if (!parsed.ok) {
      read.problems.push(...parsed.problems.map((p) => `${CHECKER_ENV.pipelines}: ${p}`));
    } else {
      pipelines = parsed.pipelines;
      for (const pipeline of pipelines) {
        if (buckets.length > 0 && !buckets.includes(pipeline.bucket)) {
          read.problems.push(
            `${CHECKER_ENV.pipelines}: bucket "${pipeline.bucket}" of pipeline "${pipeline.name}" is not in ${CHECKER_ENV.watchedBuckets}`,
          );
        }
      }
    }
  }

  const metrics = parseMetricsConfig(env);
  if (!metrics.ok) read.problems.push(...metrics.problems);

  const config: CheckerConfig = {
    scope: { buckets, prefixes: prefixes.length > 0 ? prefixes : [''] },
    queueUrl,
    policy,
    maxPlaylistBytes: read.number(
      CHECKER_ENV.maxPlaylistBytes,
      DEFAULT_MAX_PLAYLIST_BYTES,
      CHECKER_SETTING_BOUNDS.maxPlaylistBytes,
    ),
    dryRun: read.boolean(CHECKER_ENV.dryRun, false),
    maxDeletionsPerMinute: read.number(
      CHECKER_ENV.maxDeletionsPerMinute,
      DEFAULT_MAX_DELETIONS_PER_MINUTE,
      CHECKER_SETTING_BOUNDS.maxDeletionsPerMinute,
    ),
    reconcilerSafetyMarginMs: read.number(
      CHECKER_ENV.reconcilerSafetyMarginMs,
      DEFAULT_RECONCILER_SAFETY_MARGIN_MS,
      CHECKER_SETTING_BOUNDS.reconcilerSafetyMarginMs,
    ),
    inlineWaitMaxMs: read.number(
      CHECKER_ENV.inlineWaitMaxMs,
      DEFAULT_INLINE_WAIT_MAX_MS,
      CHECKER_SETTING_BOUNDS.inlineWaitMaxMs,
    ),
    eventSource: {
      batchSize: read.number(
        CHECKER_ENV.eventSourceBatchSize,
        DEFAULT_EVENT_SOURCE_BATCH_SIZE,
        EVENT_SOURCE_SETTING_BOUNDS.eventSourceBatchSize,
      ),
      batchingWindowMs:
        // Unset: the checker cannot know of a window, and assumes none (infra always sets it).
        read.number(
          CHECKER_ENV.eventSourceBatchingWindowSeconds,
          0,
          EVENT_SOURCE_SETTING_BOUNDS.eventSourceBatchingWindowSeconds,
        ) * 1000,
    },
    notificationDelayMs:
      // Unset: the checker cannot know of a delay, and assumes none (infra always sets it).
      read.number(
        CHECKER_ENV.notificationDelaySeconds,
        0,
        EVENT_SOURCE_SETTING_BOUNDS.notificationDelaySeconds,
      ) * 1000,
    registry: {
      tableName: registryTable,
      ttlHours: read.number(
        CHECKER_ENV.registryTtlHours,
        DEFAULT_REGISTRY_TTL_HOURS,
        CHECKER_SETTING_BOUNDS.registryTtlHours,
      ),
    },
    metrics: metrics.ok ? metrics.config : DEFAULT_METRICS_CONFIG,
    logLevel: read.oneOf(CHECKER_ENV.logLevel, LOG_LEVELS, DEFAULT_LOG_LEVEL),
    ...(pipelines === undefined ? {} : { pipelines }),
    allStalePolicy: read.oneOf(
      CHECKER_ENV.allStalePolicy,
      ALL_STALE_POLICIES,
      DEFAULT_ALL_STALE_POLICY,
    ),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** Is this key one the checker may act on? (`.m3u8` is checked separately.) */
export function isWatched(scope: WatchScope, bucket: string, key: string): boolean {
  return scope.buckets.includes(bucket) && scope.prefixes.some((prefix) => key.startsWith(prefix));
}
