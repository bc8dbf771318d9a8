import { CHANNEL_SEGMENT_INDEX_BOUND, CHECKER_SETTING_BOUNDS } from '@hls-stale-guard/contract';
import {
  DEFAULT_METRICS_CONFIG,
  loadMetricsConfig,
  METRICS_ENV,
  MetricsConfigError,
  parseMetricsConfig,
  resolveMetricsConfig,
  validateMetricsConfig,
} from './metrics-config';

describe('loadMetricsConfig', () => {
  it('gives the defaults for an empty environment', () => {
    expect(loadMetricsConfig({})).toEqual({
      namespace: 'HlsStaleGuard',
      channelRule: { kind: 'segment', index: 0 },
      maxChannels: 50,
      highResolution: true,
      publishTimeoutMs: 2000,
    });
  });

  it('treats blank variables as unset', () => {
    expect(loadMetricsConfig({ METRICS_NAMESPACE: '  ', METRICS_MAX_CHANNELS: '' })).toEqual(
      DEFAULT_METRICS_CONFIG,
    );
  });

  it('reads every variable', () => {
    const config = loadMetricsConfig({
      METRICS_NAMESPACE: 'HlsStaleGuard/Staging',
      METRICS_CHANNEL_RULE: 'segment:1',
      METRICS_MAX_CHANNELS: '10',
      METRICS_HIGH_RESOLUTION: 'FALSE',
      METRICS_PUBLISH_TIMEOUT_MS: '750',
    });
    expect(config).toEqual({
      namespace: 'HlsStaleGuard/Staging',
      channelRule: { kind: 'segment', index: 1 },
      maxChannels: 10,
      highResolution: false,
      publishTimeoutMs: 750,
    });
  });

  it('reads the channel rule none', () => {
    expect(loadMetricsConfig({ METRICS_CHANNEL_RULE: 'none' }).channelRule).toEqual({
      kind: 'none',
    });
  });

  it('uses the contract names for the four contract variables', () => {
    expect(METRICS_ENV).toMatchObject({
      namespace: 'METRICS_NAMESPACE',
      channelRule: 'METRICS_CHANNEL_RULE',
      maxChannels: 'METRICS_MAX_CHANNELS',
      highResolution: 'METRICS_HIGH_RESOLUTION',
    });
  });

  it('throws one MetricsConfigError listing every problem, each naming its variable and value', () => {
    const env = {
      METRICS_NAMESPACE: 'AWS/Lambda',
      METRICS_CHANNEL_RULE: 'prefix:1',
      METRICS_MAX_CHANNELS: '10abc',
      METRICS_HIGH_RESOLUTION: 'yes',
      METRICS_PUBLISH_TIMEOUT_MS: '60000',
    };
    let error: unknown;
    try {
      loadMetricsConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MetricsConfigError);
    const problems = (error as MetricsConfigError).problems;
    expect(problems).toHaveLength(5);
    for (const [name, value] of Object.entries(env)) {
      expect(
        problems.some((p) => p.startsWith(`${name}:`) && p.includes(JSON.stringify(value))),
      ).toBe(true);
    }
  });

  it.each([
    ['METRICS_NAMESPACE', 'a leading colon', ':hls'],
    ['METRICS_NAMESPACE', 'non-ASCII', 'émetteur'],
    ['METRICS_NAMESPACE', '256 characters', 'x'.repeat(256)],
    ['METRICS_MAX_CHANNELS', 'zero', '0'],
    ['METRICS_MAX_CHANNELS', 'above 1,000', '1001'],
    ['METRICS_MAX_CHANNELS', 'exponent notation', '1e3'],
    ['METRICS_MAX_CHANNELS', 'a fraction', '2.5'],
    ['METRICS_PUBLISH_TIMEOUT_MS', 'below 100 ms', '99'],
    ['METRICS_CHANNEL_RULE', 'a segment beyond 32', 'segment:99'],
  ])('rejects %s with %s', (name, _label, value) => {
    const result = parseMetricsConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toEqual([expect.stringMatching(new RegExp(`^${name}:`))]);
  });
});

describe('resolveMetricsConfig', () => {
  it('fills missing fields with the defaults', () => {
    expect(resolveMetricsConfig({ maxChannels: 5 })).toEqual({
      ...DEFAULT_METRICS_CONFIG,
      maxChannels: 5,
    });
  });

  it('throws a MetricsConfigError for an invalid object', () => {
    expect(() => resolveMetricsConfig({ publishTimeoutMs: Number.NaN })).toThrow(
      MetricsConfigError,
    );
  });
});

describe('validateMetricsConfig', () => {
  it('prefixes each problem with its field', () => {
    expect(
      validateMetricsConfig({
        ...DEFAULT_METRICS_CONFIG,
        maxChannels: 0,
        channelRule: { kind: 'segment', index: -1 },
      }),
    ).toEqual([
      'channelRule: expected "segment:<n>" (0 ≤ n ≤ 32) or "none", got {"kind":"segment","index":-1}',
      'maxChannels: expected an integer from 1 to 1000, got 0',
    ]);
  });

  it('accepts the defaults', () => {
    expect(validateMetricsConfig(DEFAULT_METRICS_CONFIG)).toEqual([]);
  });
});

describe('parseMetricsConfig: misspelt variables', () => {
  it.each(['metrics_namespace', 'MetricsNamespace', 'METRICS-NAMESPACE'])(
    'reports %s (meant METRICS_NAMESPACE) instead of ignoring it',
    (name) => {
      expect(parseMetricsConfig({ [name]: 'Custom' })).toEqual({
        ok: false,
        problems: [
          `${name}: unknown variable; did you mean METRICS_NAMESPACE? (names are case-sensitive)`,
        ],
      });
    },
  );
});

describe('parseMetricsConfig: bounds come from the contract', () => {
  it.each([
    ['METRICS_PUBLISH_TIMEOUT_MS', String(CHECKER_SETTING_BOUNDS.metricsPublishTimeoutMs.min)],
    ['METRICS_PUBLISH_TIMEOUT_MS', String(CHECKER_SETTING_BOUNDS.metricsPublishTimeoutMs.max)],
    ['METRICS_MAX_CHANNELS', String(CHECKER_SETTING_BOUNDS.metricsMaxChannels.max)],
    ['METRICS_CHANNEL_RULE', `segment:${CHANNEL_SEGMENT_INDEX_BOUND.max}`],
  ])('accepts %s=%s, the edge of its bound', (name, value) => {
    expect(parseMetricsConfig({ [name]: value }).ok).toBe(true);
  });

  it.each([
    ['METRICS_PUBLISH_TIMEOUT_MS', String(CHECKER_SETTING_BOUNDS.metricsPublishTimeoutMs.max + 1)],
    ['METRICS_MAX_CHANNELS', String(CHECKER_SETTING_BOUNDS.metricsMaxChannels.max + 1)],
    ['METRICS_CHANNEL_RULE', `segment:${CHANNEL_SEGMENT_INDEX_BOUND.max + 1}`],
  ])('rejects %s=%s, just outside its bound', (name, value) => {
    expect(parseMetricsConfig({ [name]: value }).ok).toBe(false);
  });
});
