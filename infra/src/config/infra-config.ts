import {
  CHANNEL_SEGMENT_INDEX_BOUND,
  CHECKER_SETTING_BOUNDS,
  DEFAULT_BATCHING_WINDOW_SECONDS,
  DEFAULT_INLINE_WAIT_MAX_MS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_MIN_TARGET_DURATION_SECONDS,
  DEFAULT_REGISTRY_TTL_HOURS,
  LOG_LEVELS,
  ALL_STALE_POLICIES,
  DEFAULT_ALL_STALE_POLICY,
  DEFAULT_METRICS_NAMESPACE,
  METRICS_NAMESPACE_PATTERN,
} from '@hls-stale-guard/contract';
import {
  CLOUDFRONT_CERTIFICATE_REGION,
  CLOUDFRONT_PRICE_CLASSES,
  CLOUDWATCH_LOG_RETENTION_DAYS,
  EVENTBRIDGE_MIN_RATE_MINUTES,
  LAMBDA_MEMORY_MAX_MB,
  LAMBDA_MEMORY_MIN_MB,
  LAMBDA_TIMEOUT_MAX_SECONDS,
  MAX_WATCHED_PREFIXES,
  S3_BUCKET_NAME_MAX_LENGTH,
  SQS_ESM_MAX_BATCH_SIZE_WITHOUT_WINDOW,
  SQS_ESM_MAX_BATCHING_WINDOW_SECONDS,
  SQS_ESM_MAX_MAXIMUM_CONCURRENCY,
  SQS_ESM_MIN_MAXIMUM_CONCURRENCY,
} from '../aws-limits';
import {
  booleanRule,
  boundRule,
  channelRuleRule,
  listRule,
  nullableRule,
  numberRule,
  oneOfRule,
  stringRule,
  type FieldRule,
  type RuleValue,
} from './field-rules';

/**
 * The values of the `tracing` setting: `off` (Lambda's `PassThrough`: the function records no trace of
 * its own) or `active` (Lambda's `Active`).
 */
const TRACING_SETTINGS = ['off', 'active'] as const;

/** A key prefix: one or more `segment/`, no leading slash, no wildcard characters (they would widen IAM ARNs). */
const keyPrefix = (defaultValue: string) =>
  stringRule(
    /^(?:[A-Za-z0-9_.-]+\/)+$/,
    'must be one or more path segments ending in "/" (e.g. "live/"), no "*"',
    defaultValue,
  );

/**
 * The stack configuration, field by field: every field has a default, so `{}` is a valid config and
 * `infra/config/default.json` spells the defaults out. README "Configuration reference" explains each.
 */
export const INFRA_CONFIG_FIELDS = {
  /** Prefix of every resource name (buckets, queue, function, roles, alarms). */
  namePrefix: stringRule(
    /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/,
    'must be 3–20 of a-z, 0-9, "-" (starts with a letter)',
    'hls-stale-guard',
  ),
  /** AWS region of the stack (CloudFront is global). */
  region: stringRule(
    /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
    'must be an AWS region such as "us-east-1"',
    'us-east-1',
  ),
  /** GitHub repository `owner/name` whose workflows may assume the plan and deploy roles (bootstrap). */
  githubRepository: stringRule(
    /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/,
    'must be "owner/name"',
    'hls-stale-guard/hls-stale-guard',
  ),
  /**
   * GitHub's OIDC provider (an account holds one per URL): `create` it in the bootstrap stack, use the
   * `existing` one (looked up by URL), or the ARN of an existing one.
   */
  githubOidcProvider: stringRule(
    /^(create|existing|arn:aws:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com)$/,
    'must be "create", "existing" or the ARN of the token.actions.githubusercontent.com OIDC provider',
    'create',
  ),
  /** Encoder pipelines, one origin bucket each; the first is the primary of the CloudFront origin group. */
  pipelines: listRule(
    stringRule(/^[a-z0-9]{1,4}$/, 'must be 1–4 of a-z, 0-9', 'a'),
    {
      min: 1,
      max: 2,
      unique: true,
      lengthMessage: 'needs one or two pipelines (a CloudFront origin group has two members)',
    },
    ['a', 'b'],
  ),
  /** Key prefixes the encoders write live playlists under; the canary prefix is added automatically. */
  watchedPrefixes: listRule(
    keyPrefix('live/'),
    { min: 1, max: MAX_WATCHED_PREFIXES, unique: true },
    ['live/'],
  ),
  /** Prefix the deploy canary writes its test playlist under (always watched). */
  canaryPrefix: keyPrefix('hls-stale-guard-canary/'),
  /** RFC 8216 §6.2.1: a live playlist must change within this multiple of EXT-X-TARGETDURATION. */
  targetDurationMultiple: boundRule(CHECKER_SETTING_BOUNDS.targetDurationMultiple, 1.5),
  /** LL-HLS: multiple of PART-TARGET within which a new part must appear. */
  partTargetMultiple: boundRule(CHECKER_SETTING_BOUNDS.partTargetMultiple, 3),
  /** Extra milliseconds on every deadline. */
  graceMs: boundRule(CHECKER_SETTING_BOUNDS.graceMs, 0),
  /** Largest EXT-X-TARGETDURATION the encoders use; sizes the queue-age alarm. */
  maxTargetDurationSeconds: numberRule({ min: 1, max: 3_600, integer: true }, 10),
  /**
   * Shortest EXT-X-TARGETDURATION the encoders use (s); `null`: no delay. The playlist queue holds every
   * notification for `notificationDelaySeconds` = floor(targetDurationMultiple × it) −
   * batchingWindowSeconds (2 s with the defaults), one batching window before the earliest RFC 8216
   * deadline, so most notifications reach the checker when their version has already been replaced and
   * one look at S3 settles them: one delivery per upload instead of two (notification, then its return at
   * the deadline). A playlist with a shorter TARGETDURATION is checked late by up to the difference,
   * never early and never wrongly deleted. LL-HLS origins, whose deadlines are PART-TARGET based, and
   * origins with TARGETDURATION 1 should set it to 1 or `null`. At most `maxTargetDurationSeconds`.
   */
  minTargetDurationSeconds: nullableRule(
    numberRule({ min: 1, max: 3_600, integer: true }, DEFAULT_MIN_TARGET_DURATION_SECONDS),
    DEFAULT_MIN_TARGET_DURATION_SECONDS,
  ),
  /** Playlists larger than this are never deleted (not a media playlist the checker understands). */
  maxPlaylistBytes: boundRule(CHECKER_SETTING_BOUNDS.maxPlaylistBytes, 5 * 1024 * 1024),
  /** Deletion valve: deletions per minute per instance before it switches itself to dry-run. */
  maxDeletionsPerMinute: boundRule(CHECKER_SETTING_BOUNDS.maxDeletionsPerMinute, 120),
  /** Decide, log and count, but delete nothing. */
  dryRun: booleanRule(false),
  /** The reconciler sweep runs every this many minutes (default every minute: a lost event costs ≤ 1 min). */
  reconcileIntervalMinutes: numberRule(
    { min: EVENTBRIDGE_MIN_RATE_MINUTES, max: 1_440, integer: true },
    1,
  ),
  /** The reconciler stops this many ms before the function timeout. */
  reconcilerSafetyMarginMs: boundRule(CHECKER_SETTING_BOUNDS.reconcilerSafetyMarginMs, 5_000),
  /**
   * Longest rest of a deadline the checker waits inside an invocation (ms), 0–1,000. Default 1,000: with
   * the notification delay (`minTargetDurationSeconds`) a notification arrives about a window before its
   * deadline, and one whose version is not replaced yet waits the rest inline, so checks land on the
   * deadline. Lower postpones those to a second delivery (a busy origin measured a lag p99 over 1 s at
   * 500 and no saving); without the delay, lower holds instances for less. See docs/performance.md.
   */
  inlineWaitMaxMs: boundRule(CHECKER_SETTING_BOUNDS.inlineWaitMaxMs, DEFAULT_INLINE_WAIT_MAX_MS),
  /**
   * Lambda memory (MB), and with it the CPU (memory / 1,769 MB of a vCPU). 128 by default: the function
   * mostly waits (inline waits, S3 round trips), and waiting costs GB-seconds in proportion to memory;
   * measured at Lambda's CPU share, a busy origin's GB-seconds halve and the lag stays within 150 ms.
   * Raise it for origins of thousands of playlists (a fresh instance's reconciler sweep takes 8–14 s per
   * 1,000 at 128 MB, 4.5 s at 256) or for faster cold starts. See docs/performance.md.
   */
  memoryMb: numberRule(
    { min: LAMBDA_MEMORY_MIN_MB, max: LAMBDA_MEMORY_MAX_MB, integer: true },
    128,
  ),
  /** Lambda timeout (s). */
  timeoutSeconds: numberRule({ min: 1, max: LAMBDA_TIMEOUT_MAX_SECONDS, integer: true }, 60),
  /** SQS event source batch size. */
  batchSize: numberRule({ min: 1, max: SQS_ESM_MAX_BATCH_SIZE_WITHOUT_WINDOW, integer: true }, 10),
  /**
   * SQS event source batching window (s): the poller gathers messages this long (or until the batch is
   * full) before invoking. 0 invokes at once. A window fills batches (fewer receives, acknowledgements,
   * invocations per upload); on a quiet queue a returning message may sit in it, so the checker (told the
   * window and the batch size) postpones the messages of a batch that was not full one window earlier.
   * Default 1 s, measured in docs/performance.md; 0 invokes for every message or two and costs more.
   */
  batchingWindowSeconds: numberRule(
    { min: 0, max: SQS_ESM_MAX_BATCHING_WINDOW_SECONDS, integer: true },
    DEFAULT_BATCHING_WINDOW_SECONDS,
  ),
  /** SQS event source maximum concurrency. */
  maxConcurrency: numberRule(
    { min: SQS_ESM_MIN_MAXIMUM_CONCURRENCY, max: SQS_ESM_MAX_MAXIMUM_CONCURRENCY, integer: true },
    5,
  ),
  /**
   * Reserved concurrency of the function (`null`, the default: none). A new account's concurrency quota
   * can be as low as 10, and Lambda refuses a reservation that leaves less than 10 unreserved, so
   * reserving fails there. When set, it caps the total deletion rate at valve × concurrency and must
   * leave one instance for the reconciler beyond `maxConcurrency`.
   */
  reservedConcurrency: nullableRule(numberRule({ min: 1, max: 10_000, integer: true }, 6)),
  /** A registered playlist not seen for this many hours expires from the registry table (DynamoDB TTL). */
  registryTtlHours: boundRule(CHECKER_SETTING_BOUNDS.registryTtlHours, DEFAULT_REGISTRY_TTL_HOURS),
  /** DynamoDB deletion protection of the registry table (a destroy must turn it off first). */
  registryDeletionProtection: booleanRule(true),
  /**
   * Lowest level of the checker's own log lines (`LOG_LEVEL`): `info` logs the decisions that matter,
   * `debug` also every routine outcome (one line per upload: log ingestion is billed per GB).
   */
  logLevel: oneOfRule(LOG_LEVELS, DEFAULT_LOG_LEVEL),
  /**
   * The checker's `ALL_STALE_POLICY`, when every pipeline's copy of a rendition is stale: `delete` (RFC
   * 8216 §6.2.1: players get 404 and can show "stream interrupted") or `keep-last` (players freeze on
   * the last copy).
   */
  allStalePolicy: oneOfRule(ALL_STALE_POLICIES, DEFAULT_ALL_STALE_POLICY),
  /**
   * X-Ray tracing of the function: `off` (default; Lambda mode `PassThrough`, no X-Ray permission) or
   * `active` (mode `Active`, with `xray:PutTraceSegments`/`PutTelemetryRecords`). Lambda samples the
   * first invocation each second and 5 % of the rest, and that rate cannot be configured for a function
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html); at $5 per million traces
   * (https://aws.amazon.com/xray/pricing/) the one-a-second reservoir alone is about $13 a month once the
   * function runs every second. The JSON decision lines and EMF metrics already say what the checker
   * did: turn it on to debug.
   */
  tracing: oneOfRule(TRACING_SETTINGS, 'off'),
  /** Retention of the function's log group (a value CloudWatch Logs accepts). */
  logRetentionDays: oneOfRule(CLOUDWATCH_LOG_RETENTION_DAYS, 30),
  /** CloudWatch namespace of the checker's metrics. */
  metricsNamespace: stringRule(
    METRICS_NAMESPACE_PATTERN,
    'must be a CloudWatch namespace: 1–255 of [0-9A-Za-z._-/#: ], not starting with ":" or "AWS/"',
    DEFAULT_METRICS_NAMESPACE,
  ),
  /**
   * Channel dimension rule: `segment:<n>` (n-th key path segment) or `none`. Default `segment:1`: with the
   * default watched prefix `live/`, keys are `live/<channel>/<rendition>.m3u8`.
   */
  metricsChannelRule: channelRuleRule(CHANNEL_SEGMENT_INDEX_BOUND, 'segment:1'),
  /** Distinct channels per invocation before aggregating into `Channel=other`. */
  metricsMaxChannels: boundRule(CHECKER_SETTING_BOUNDS.metricsMaxChannels, 50),
  /** 1-second storage resolution for StalePlaylistsDeleted (and a 10 s alarm period). */
  highResolutionMetrics: booleanRule(true),
  /** Objects under the watched prefixes expire after this many days (segments; see README). */
  segmentExpirationDays: numberRule({ min: 1, max: 3_650, integer: true }, 7),
  /** Non-current versions (deleted or overwritten playlists and segments) expire after this many days. */
  noncurrentVersionExpirationDays: numberRule({ min: 1, max: 365, integer: true }, 3),
  /** CloudFront price class. */
  priceClass: oneOfRule(CLOUDFRONT_PRICE_CLASSES, 'PriceClass_100'),
  /** ACM certificate (us-east-1) for the aliases; `null`: the *.cloudfront.net certificate. */
  certificateArn: nullableRule(
    stringRule(
      new RegExp(
        `^arn:aws:acm:${CLOUDFRONT_CERTIFICATE_REGION}:\\d{12}:certificate/[0-9a-f-]{36}$`,
      ),
      `must be an ACM certificate ARN in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront requirement)`,
      '',
    ),
  ),
  /** Alternate domain names of the distribution (need `certificateArn`). */
  aliases: listRule(
    stringRule(
      /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'must be a lower-case host name',
      '',
    ),
    { min: 0, max: 100, unique: true },
    [],
  ),
  /** AWS WAF web ACL (global scope, us-east-1) for the distribution; `null`: no WAF (documented exception). */
  webAclArn: nullableRule(
    stringRule(
      /^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]{36}$/,
      'must be a WAFv2 web ACL ARN with global scope (us-east-1)',
      '',
    ),
  ),
  /** Existing bucket for S3 server access logs and CloudFront standard logs; `null`: no access logs. */
  accessLogBucket: nullableRule(
    stringRule(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name', ''),
  ),
  /** E-mail addresses subscribed to the alarm topic (each must confirm the subscription). */
  alarmEmails: listRule(
    stringRule(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address', ''),
    { min: 0, max: 10, unique: true },
    [],
  ),
  /**
   * An existing SNS topic that also receives every alarm (e.g. one AWS Chatbot / Amazon Q Developer in
   * chat applications forwards to Slack or Teams); `null`: none. Its policy must let CloudWatch publish.
   */
  alarmTopicArn: nullableRule(
    stringRule(
      /^arn:aws[a-z-]*:sns:[a-z]{2}(-gov)?-[a-z]+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/,
      'must be an SNS topic ARN',
      '',
    ),
  ),
  /**
   * Existing origin buckets to attach to, one per pipeline in the same order; `null` (default): the
   * stack creates the buckets. Adopted buckets are not created or modified: the stack adds only the
   * event notification (run `npx nx run infra:preflight` first: S3 keeps one notification configuration
   * per bucket), the checker's IAM and the encoder policy.
   */
  existingOriginBuckets: nullableRule(
    listRule(
      stringRule(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name', ''),
      { min: 1, max: 2, unique: true },
      [],
    ),
  ),
  /**
   * `create` (default): the stack creates the CloudFront distribution. `existing`: players use the
   * distribution `existingDistributionId`, which the stack reads but does not modify. `none`: no
   * distribution.
   */
  distribution: oneOfRule(['create', 'existing', 'none'] as const, 'create'),
  /** The CloudFront distribution id when `distribution` is `existing`. */
  existingDistributionId: nullableRule(
    stringRule(/^E[A-Z0-9]{5,20}$/, 'must be a CloudFront distribution id (E…)', ''),
  ),
} as const;

/** The validated stack configuration. */
export type InfraConfig = {
  -readonly [K in keyof typeof INFRA_CONFIG_FIELDS]: RuleValue<(typeof INFRA_CONFIG_FIELDS)[K]>;
};

/** Thrown when the configuration is invalid; `problems` lists every problem found, one per line. */
export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `invalid infra configuration (${source}), ${problems.length} problem(s):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
      options,
    );
  }
}

/**
 * The watched prefixes with the canary prefix added (once), in configuration order.
 *
 * @example
 * effectivePrefixes({ watchedPrefixes: ['live/'], canaryPrefix: 'canary/' }); // ['live/', 'canary/']
 */
export function effectivePrefixes(
  config: Pick<InfraConfig, 'watchedPrefixes' | 'canaryPrefix'>,
): string[] {
  return [...new Set([...config.watchedPrefixes, config.canaryPrefix])];
}

/** Length of `<namePrefix>-origin-<pipeline>-<account id>-<region>`, the longest bucket name. */
function originBucketNameLength(namePrefix: string, pipeline: string, region: string) {
  const ACCOUNT_ID_LENGTH = 12;
  return `${namePrefix}-origin-${pipeline}--${region}`.length + ACCOUNT_ID_LENGTH;
}

/** Rules across fields; each runs when the fields it reads are valid on their own. */
function crossFieldProblems(c: Partial<InfraConfig>): string[] {
  const problems: string[] = [];
  if (c.watchedPrefixes && c.canaryPrefix) {
    const prefixes = effectivePrefixes({
      watchedPrefixes: c.watchedPrefixes,
      canaryPrefix: c.canaryPrefix,
    });
    // S3 rejects two notification configurations whose prefixes overlap for the same event type.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
    for (const a of prefixes) {
      for (const b of prefixes) {
        if (a !== b && b.startsWith(a)) {
          problems.push(
            `watchedPrefixes: "${a}" is a prefix of "${b}" (canary prefix included): S3 rejects overlapping notification filters`,
          );
        }
      }
    }
  }
  if (c.namePrefix && c.pipelines && c.region) {
    for (const pipeline of c.pipelines) {
      const length = originBucketNameLength(c.namePrefix, pipeline, c.region);
      if (length > S3_BUCKET_NAME_MAX_LENGTH) {
        problems.push(
          `namePrefix: bucket name for pipeline "${pipeline}" would be ${length} > ${S3_BUCKET_NAME_MAX_LENGTH} characters`,
        );
      }
    }
  }
  if (
    c.reservedConcurrency !== undefined &&
    c.reservedConcurrency !== null &&
    c.maxConcurrency !== undefined &&
    c.reservedConcurrency < c.maxConcurrency + 1
  ) {
    problems.push(
      `reservedConcurrency: ${c.reservedConcurrency} must be ≥ maxConcurrency + 1 (${c.maxConcurrency + 1}): the event source would be throttled and the reconciler starved`,
    );
  }
  if (c.reconcilerSafetyMarginMs !== undefined && c.timeoutSeconds !== undefined) {
    if (c.reconcilerSafetyMarginMs >= c.timeoutSeconds * 1000) {
      problems.push(
        `reconcilerSafetyMarginMs: ${c.reconcilerSafetyMarginMs} must be < timeoutSeconds × 1000 (${c.timeoutSeconds * 1000})`,
      );
    }
  }
  if (c.reconcileIntervalMinutes !== undefined && c.timeoutSeconds !== undefined) {
    if (c.reconcileIntervalMinutes * 60 < c.timeoutSeconds) {
      problems.push(
        `reconcileIntervalMinutes: ${c.reconcileIntervalMinutes} min is shorter than timeoutSeconds (${c.timeoutSeconds} s): sweeps would overlap`,
      );
    }
  }
  if (
    c.minTargetDurationSeconds !== undefined &&
    c.minTargetDurationSeconds !== null &&
    c.maxTargetDurationSeconds !== undefined &&
    c.minTargetDurationSeconds > c.maxTargetDurationSeconds
  ) {
    problems.push(
      `minTargetDurationSeconds: ${c.minTargetDurationSeconds} must be ≤ maxTargetDurationSeconds (${c.maxTargetDurationSeconds}): the shortest target duration cannot exceed the longest`,
    );
  }
  if (c.existingOriginBuckets && c.pipelines) {
    if (c.existingOriginBuckets.length !== c.pipelines.length) {
      problems.push(
        `existingOriginBuckets: ${c.existingOriginBuckets.length} bucket(s) for ${c.pipelines.length} pipeline(s): give one per pipeline, in pipeline order`,
      );
    }
  }
  if (c.distribution === 'existing' && c.existingDistributionId === null) {
    problems.push('existingDistributionId: required when distribution is "existing"');
  }
  if (c.distribution !== undefined && c.distribution !== 'existing' && c.existingDistributionId) {
    problems.push(
      `existingDistributionId: only used when distribution is "existing" (it is "${c.distribution}")`,
    );
  }
  if (c.distribution !== undefined && c.distribution !== 'create') {
    for (const field of ['certificateArn', 'webAclArn'] as const) {
      if (c[field]) {
        problems.push(
          `${field}: configures the distribution the stack creates; distribution is "${c.distribution}"`,
        );
      }
    }
    if (c.aliases && c.aliases.length > 0) {
      problems.push(
        `aliases: configure the distribution the stack creates; distribution is "${c.distribution}"`,
      );
    }
  }
  if (c.aliases && c.aliases.length > 0 && c.certificateArn === null) {
    problems.push(
      'aliases: need certificateArn (CloudFront serves aliases only with a certificate)',
    );
  }
  return problems;
}

/**
 * Validates a parsed JSON value as the stack configuration. Pure: no I/O.
 *
 * @throws {InfraConfigError} listing every problem (field errors and cross-field rules) at once.
 * @example
 * const config = parseInfraConfig({ pipelines: ['a'] }, 'inline');
 * config.watchedPrefixes; // ['live/'] (default)
 */
export function parseInfraConfig(raw: unknown, source: string): InfraConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InfraConfigError(source, ['the configuration must be a JSON object']);
  }
  const record = raw as Record<string, unknown>;
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(INFRA_CONFIG_FIELDS) as [string, FieldRule<unknown>][]) {
    if (record[key] === undefined) {
      config[key] = structuredClone(rule.defaultValue);
      continue;
    }
    const result = rule.parse(record[key]);
    if (result.ok) config[key] = result.value;
    else problems.push(`${key}: ${result.problem}`);
  }
  for (const key of Object.keys(record)) {
    if (!(key in INFRA_CONFIG_FIELDS)) problems.push(`${key}: unknown field (a typo?)`);
  }
  // Cross-field rules run on the fields that are valid alone, so one run reports everything.
  problems.push(...crossFieldProblems(config as Partial<InfraConfig>));
  if (problems.length > 0) throw new InfraConfigError(source, problems);
  return config as InfraConfig;
}
