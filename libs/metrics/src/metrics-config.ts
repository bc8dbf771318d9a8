import {
  CHECKER_ENV,
  CHECKER_SETTING_BOUNDS,
  METRICS_NAMESPACE_PATTERN,
  DEFAULT_METRICS_NAMESPACE,
} from '@hls-stale-guard/contract';
import {
  DEFAULT_CHANNEL_RULE,
  MAX_CHANNEL_SEGMENT_INDEX,
  parseChannelRule,
  type ChannelRule,
} from './channel-rule';
import { MAX_NAMESPACE_LENGTH } from './cloudwatch-limits';
import { misspeltEnvNames } from './misspelt-env-names';

/**
 * Environment variables the metrics configuration is read from. All come from the contract
 * (`CHECKER_ENV`).
 */
export const METRICS_ENV = {
  namespace: CHECKER_ENV.metricsNamespace,
  channelRule: CHECKER_ENV.metricsChannelRule,
  maxChannels: CHECKER_ENV.metricsMaxChannels,
  highResolution: CHECKER_ENV.metricsHighResolution,
  publishTimeoutMs: CHECKER_ENV.metricsPublishTimeoutMs,
} as const;

/** Default distinct channels per invocation before `Channel=other`. */
const DEFAULT_MAX_CHANNELS = 50;
/** Upper bound for `maxChannels` (the contract's bound, shared with infra's config validation). */
const MAX_CHANNELS_UPPER_BOUND = CHECKER_SETTING_BOUNDS.metricsMaxChannels.max;
/** Default bound on one flush, ms: long enough for a retry, short enough not to delay the checker. */
const DEFAULT_PUBLISH_TIMEOUT_MS = 2000;
/** Publish timeout bounds, ms (the contract's, shared with infra's config validation). */
const MIN_PUBLISH_TIMEOUT_MS = CHECKER_SETTING_BOUNDS.metricsPublishTimeoutMs.min;
const MAX_PUBLISH_TIMEOUT_MS = CHECKER_SETTING_BOUNDS.metricsPublishTimeoutMs.max;

/** Validated metrics configuration. */
export interface MetricsConfig {
  /** CloudWatch namespace (default {@link DEFAULT_METRICS_NAMESPACE}). */
  namespace: string;
  /** How `Channel` is derived from the key (default `segment:0`). */
  channelRule: ChannelRule;
  /** Distinct channels per invocation before `Channel=other` (default 50, 1–1,000). */
  maxChannels: number;
  /** 1-second storage resolution for StalePlaylistsDeleted (default true). */
  highResolution: boolean;
  /** Bound on one flush, ms, retries included (default 2,000, 100–10,000). */
  publishTimeoutMs: number;
}

export const DEFAULT_METRICS_CONFIG: Readonly<MetricsConfig> = {
  namespace: DEFAULT_METRICS_NAMESPACE,
  channelRule: DEFAULT_CHANNEL_RULE,
  maxChannels: DEFAULT_MAX_CHANNELS,
  highResolution: true,
  publishTimeoutMs: DEFAULT_PUBLISH_TIMEOUT_MS,
};

/** Every problem found in a metrics configuration, in one error. */
export class MetricsConfigError extends Error {
  override readonly name = 'MetricsConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid metrics configuration: ${problems.join('; ')}`);
  }
}

export type ParseMetricsConfigResult =
  { ok: true; config: MetricsConfig } | { ok: false; problems: string[] };

type Env = Readonly<Record<string, string | undefined>>;

interface FieldRule {
  isValid(value: unknown): boolean;
  expected: string;
}

/**
 * Namespace rules (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Namespace):
 * 1–255 characters of `0-9A-Za-z . - _ / # :` and space, not starting with `:` (API pattern `[^:].*`)
 * and not `AWS/…` (reserved for AWS services).
 */
const FIELD_RULES: Readonly<Record<keyof MetricsConfig, FieldRule>> = {
  namespace: {
    isValid: (value) =>
      typeof value === 'string' &&
      value.length <= MAX_NAMESPACE_LENGTH &&
      METRICS_NAMESPACE_PATTERN.test(value),
    expected: `1–${MAX_NAMESPACE_LENGTH} characters of [0-9A-Za-z._-/#: ], not starting with ":" or "AWS/"`,
  },
  channelRule: {
    isValid: (value) => {
      const rule = value as ChannelRule | undefined;
      if (rule?.kind === 'none') return true;
      if (rule?.kind !== 'segment') return false;
      const parsed = parseChannelRule(`segment:${rule.index}`);
      return parsed.ok && parsed.rule.kind === 'segment' && parsed.rule.index === rule.index;
    },
    expected: `"segment:<n>" (0 ≤ n ≤ ${MAX_CHANNEL_SEGMENT_INDEX}) or "none"`,
  },
  maxChannels: {
    isValid: (value) => isIntegerIn(value, 1, MAX_CHANNELS_UPPER_BOUND),
    expected: `an integer from 1 to ${MAX_CHANNELS_UPPER_BOUND}`,
  },
  highResolution: {
    isValid: (value) => typeof value === 'boolean',
    expected: '"true" or "false"',
  },
  publishTimeoutMs: {
    isValid: (value) => isIntegerIn(value, MIN_PUBLISH_TIMEOUT_MS, MAX_PUBLISH_TIMEOUT_MS),
    expected: `an integer number of ms from ${MIN_PUBLISH_TIMEOUT_MS} to ${MAX_PUBLISH_TIMEOUT_MS}`,
  },
};

/**
 * Reads the metrics configuration from environment variables ({@link METRICS_ENV}); unset or blank
 * variables take the defaults. A variable whose name differs from one of {@link METRICS_ENV} only in
 * case, `_` or `-` (`metrics_namespace`, `METRICSNAMESPACE`) is a problem, not silently ignored. Pure and never throws: returns every problem, each naming the variable
 * and quoting its value, so the checker's own `loadConfig` can merge them into its single `ConfigError`.
 *
 * @example
 * const result = parseMetricsConfig(process.env);
 * if (!result.ok) problems.push(...result.problems);
 */
export function parseMetricsConfig(env: Env): ParseMetricsConfigResult {
  const problems: string[] = misspeltEnvNames(env, Object.values(METRICS_ENV));
  const config: MetricsConfig = { ...DEFAULT_METRICS_CONFIG };
  const fields = Object.keys(METRICS_ENV) as (keyof MetricsConfig)[];
  for (const field of fields) {
    const name = METRICS_ENV[field];
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = fromText(field, raw);
    if (FIELD_RULES[field].isValid(value)) {
      Object.assign(config, { [field]: value });
    } else {
      problems.push(`${name}: expected ${FIELD_RULES[field].expected}, got ${JSON.stringify(raw)}`);
    }
  }
  return problems.length === 0 ? { ok: true, config } : { ok: false, problems };
}

/**
 * {@link parseMetricsConfig} for callers that want the exception.
 *
 * @throws {MetricsConfigError} listing every problem.
 * @example
 * const metrics = loadMetricsConfig(process.env); // at cold start, once
 */
export function loadMetricsConfig(env: Env): MetricsConfig {
  const result = parseMetricsConfig(env);
  if (!result.ok) throw new MetricsConfigError(result.problems);
  return result.config;
}

/**
 * Fills a partial configuration with the defaults and validates it (for code that builds the options
 * object directly, e.g. the local lab).
 *
 * @throws {MetricsConfigError} listing every problem.
 * @example
 * const config = resolveMetricsConfig({ namespace: 'HlsStaleGuardLab', publishTimeoutMs: 500 });
 */
export function resolveMetricsConfig(partial: Partial<MetricsConfig> = {}): MetricsConfig {
  const config: MetricsConfig = { ...DEFAULT_METRICS_CONFIG, ...partial };
  const problems = validateMetricsConfig(config);
  if (problems.length > 0) throw new MetricsConfigError(problems);
  return config;
}

/**
 * Every problem of a configuration object, each prefixed with its field name; empty when valid.
 *
 * @example
 * validateMetricsConfig({ ...DEFAULT_METRICS_CONFIG, maxChannels: 0 });
 * // ['maxChannels: expected an integer from 1 to 1000, got 0']
 */
export function validateMetricsConfig(config: MetricsConfig): string[] {
  const fields = Object.keys(FIELD_RULES) as (keyof MetricsConfig)[];
  return fields
    .filter((field) => !FIELD_RULES[field].isValid(config[field]))
    .map((field) => {
      const value = config[field];
      const shown =
        field === 'channelRule' && value !== null && typeof value === 'object'
          ? JSON.stringify(value)
          : typeof value === 'string'
            ? JSON.stringify(value)
            : String(value);
      return `${field}: expected ${FIELD_RULES[field].expected}, got ${shown}`;
    });
}

function fromText(field: keyof MetricsConfig, text: string): unknown {
  switch (field) {
    case 'namespace':
      return text;
    case 'channelRule': {
      const parsed = parseChannelRule(text);
      return parsed.ok ? parsed.rule : undefined;
    }
    case 'highResolution': {
      const lower = text.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : undefined;
    }
    case 'maxChannels':
    case 'publishTimeoutMs':
      // Decimal integers only: parseInt('10abc') is 10, Number('') 0, Number('1e3') 1000.
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
  }
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
