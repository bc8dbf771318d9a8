import { ConfigError, loadConfig, type CheckerConfig } from '@hls-stale-guard/checker';
import {
  CHANNEL_SEGMENT_INDEX_BOUND,
  CHECKER_ENV,
  CHECKER_SETTING_BOUNDS,
} from '@hls-stale-guard/contract';
import {
  effectivePrefixes,
  parseInfraConfig,
  type InfraConfig,
} from '../../src/config/infra-config';
import { checkerEnvironment } from '../../src/constructs/stale-checker-function';

/**
 * Infra must never synthesize a setting the function rejects at cold start: every value infra's config
 * validation accepts is loaded here through the checker's own `loadConfig`, with the environment infra
 * builds (`checkerEnvironment`). And the converse: just outside a bound, both reject.
 */

type BoundField = keyof typeof CHECKER_SETTING_BOUNDS;
/** The bounded settings infra passes to the function (METRICS_PUBLISH_TIMEOUT_MS is not one: EMF). */
const BOUND_FIELDS = (Object.keys(CHECKER_SETTING_BOUNDS) as BoundField[]).filter(
  (field) => field !== 'metricsPublishTimeoutMs',
);

/** The longest function timeout, so the cross-field rules (margin/timeout < timeout) leave the most room. */
const ROOMY = { timeoutSeconds: 900, reconcileIntervalMinutes: 15 };

function environmentOf(config: InfraConfig): Record<string, string> {
  return checkerEnvironment(config, {
    bucketNames: ['hls-stale-guard-origin-a-123456789012-us-east-1'],
    prefixes: effectivePrefixes(config),
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/hls-stale-guard-playlist-events',
    registryTableName: 'hls-stale-guard-playlist-registry',
  });
}

function runtimeOf(overrides: Record<string, unknown>): CheckerConfig {
  return loadConfig(environmentOf(parseInfraConfig({ ...ROOMY, ...overrides }, 'test')));
}

/** The largest value infra accepts: the bound, or less where a cross-field rule says so. */
function infraMax(field: BoundField): number {
  // reconcilerSafetyMarginMs must be < timeoutSeconds × 1000.
  const crossFieldCap = ROOMY.timeoutSeconds * 1000 - 1;
  const { max } = CHECKER_SETTING_BOUNDS[field];
  return field === 'reconcilerSafetyMarginMs' ? Math.min(max, crossFieldCap) : max;
}

describe('every value infra accepts loads in the runtime (CHECKER_SETTING_BOUNDS on both sides)', () => {
  it('the defaults', () => {
    expect(() => loadConfig(environmentOf(parseInfraConfig({}, 'defaults')))).not.toThrow();
  });

  it.each(
    BOUND_FIELDS.flatMap((field) => [
      [field, 'minimum', CHECKER_SETTING_BOUNDS[field].min],
      [field, 'maximum', infraMax(field)],
    ]),
  )('%s at its %s (%p)', (field, _edge, value) => {
    expect(() => runtimeOf({ [field]: value })).not.toThrow();
  });

  it.each([
    [1, 0],
    [10, 300],
  ])(
    'the event source batch size %p and window %p s reach the runtime as deployed',
    (batchSize, batchingWindowSeconds) => {
      const config = runtimeOf({ batchSize, batchingWindowSeconds });
      expect(config.eventSource).toEqual({
        batchSize,
        batchingWindowMs: batchingWindowSeconds * 1000,
      });
    },
  );

  it.each([
    ['the defaults', {}, 2000],
    ['no delay', { minTargetDurationSeconds: null }, 0],
    ['no window', { batchingWindowSeconds: 0 }, 3000],
    // floor(10 × 3,600 s) − 1 s, capped at SQS's 900 s.
    [
      'the longest delay',
      {
        minTargetDurationSeconds: 3_600,
        maxTargetDurationSeconds: 3_600,
        targetDurationMultiple: 10,
      },
      900_000,
    ],
  ] as const)(
    'the queue delay infra derives reaches the runtime: %s',
    (_name, overrides, notificationDelayMs) => {
      expect(runtimeOf(overrides).notificationDelayMs).toBe(notificationDelayMs);
    },
  );

  it('carries every bounded value through unchanged', () => {
    const extremes = Object.fromEntries(BOUND_FIELDS.map((f) => [f, infraMax(f)]));
    const config = runtimeOf(extremes);
    expect({
      targetDurationMultiple: config.policy.targetDurationMultiple,
      partTargetMultiple: config.policy.partTargetMultiple,
      graceMs: config.policy.graceMs,
      maxPlaylistBytes: config.maxPlaylistBytes,
      maxDeletionsPerMinute: config.maxDeletionsPerMinute,
      reconcilerSafetyMarginMs: config.reconcilerSafetyMarginMs,
      inlineWaitMaxMs: config.inlineWaitMaxMs,
      registryTtlHours: config.registry.ttlHours,
      metricsMaxChannels: config.metrics.maxChannels,
    }).toEqual(extremes);
  });

  it.each([
    ['metricsChannelRule', `segment:${CHANNEL_SEGMENT_INDEX_BOUND.min}`],
    ['metricsChannelRule', `segment:${CHANNEL_SEGMENT_INDEX_BOUND.max}`],
    ['metricsChannelRule', 'none'],
    ['metricsNamespace', 'x'],
    ['metricsNamespace', 'N'.repeat(255)],
    ['metricsNamespace', 'Team A/Live:HLS#1_x.y-z'],
    ['dryRun', true],
    ['highResolutionMetrics', false],
  ])('%s = %p', (field, value) => {
    expect(() => runtimeOf({ [field]: value })).not.toThrow();
  });
});

describe('just outside a bound, infra and the runtime both reject', () => {
  const step = (field: BoundField) => (CHECKER_SETTING_BOUNDS[field].integer ? 1 : 0.5);
  const outside = BOUND_FIELDS.flatMap((field) => [
    [field, CHECKER_SETTING_BOUNDS[field].min - step(field)],
    [field, CHECKER_SETTING_BOUNDS[field].max + step(field)],
  ]) as [BoundField, number][];

  it.each(outside)('%s = %p', (field, value) => {
    expect(() => parseInfraConfig({ ...ROOMY, [field]: value }, 'test')).toThrow(
      new RegExp(`${field}: `),
    );
    const env = {
      ...environmentOf(parseInfraConfig(ROOMY, 'test')),
      [CHECKER_ENV[field]]: String(value),
    };
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it.each([
    ['metricsChannelRule', `segment:${CHANNEL_SEGMENT_INDEX_BOUND.max + 1}`],
    ['metricsNamespace', ':starts-with-colon'],
    ['metricsNamespace', 'AWS/Lambda'],
  ] as const)('%s = %p', (field, value) => {
    expect(() => parseInfraConfig({ [field]: value }, 'test')).toThrow(new RegExp(`${field}: `));
    const env = { ...environmentOf(parseInfraConfig({}, 'test')), [CHECKER_ENV[field]]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });
});
