import { DEFAULT_METRICS_CONFIG } from '@hls-stale-guard/metrics';
import { ConfigError, isWatched, loadConfig } from './load-config';

const minimal = {
  WATCHED_BUCKETS: 'origin-a,origin-b',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
  REGISTRY_TABLE: 'hls-stale-guard-registry',
};

describe('loadConfig', () => {
  it('fills the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config).toEqual({
      scope: { buckets: ['origin-a', 'origin-b'], prefixes: [''] },
      queueUrl: minimal.QUEUE_URL,
      policy: { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 },
      maxPlaylistBytes: 5 * 1024 * 1024,
      dryRun: false,
      maxDeletionsPerMinute: 120,
      reconcilerSafetyMarginMs: 5000,
      metrics: DEFAULT_METRICS_CONFIG,
      registry: { tableName: 'hls-stale-guard-registry', ttlHours: 168 },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      ...minimal,
      WATCHED_PREFIXES: 'live/, canary/ ',
      TARGET_DURATION_MULTIPLE: '2',
      PART_TARGET_MULTIPLE: '4',
      GRACE_MS: '250',
      MAX_PLAYLIST_BYTES: '1000',
      DRY_RUN: 'TRUE',
      MAX_DELETIONS_PER_MINUTE: '5',
      RECONCILER_SAFETY_MARGIN_MS: '100',
      REGISTRY_TTL_HOURS: '24',
    });
    expect(config.scope.prefixes).toEqual(['live/', 'canary/']);
    expect(config.policy).toEqual({
      targetDurationMultiple: 2,
      partTargetMultiple: 4,
      graceMs: 250,
    });
    expect(config.maxPlaylistBytes).toBe(1000);
    expect(config.dryRun).toBe(true);
    expect(config.maxDeletionsPerMinute).toBe(5);
    expect(config.reconcilerSafetyMarginMs).toBe(100);
    expect(config.registry).toEqual({ tableName: 'hls-stale-guard-registry', ttlHours: 24 });
  });

  it('requires REGISTRY_TABLE and a whole REGISTRY_TTL_HOURS of at least 1', () => {
    const { REGISTRY_TABLE: _table, ...withoutTable } = minimal;
    expect(() => loadConfig(withoutTable)).toThrow(/REGISTRY_TABLE is required/);
    for (const bad of ['0', '1.5', 'week', '-3']) {
      expect(() => loadConfig({ ...minimal, REGISTRY_TTL_HOURS: bad })).toThrow(
        new RegExp(`REGISTRY_TTL_HOURS must be an integer ≥ 1, got "${bad}"`),
      );
    }
  });

  it('throws one ConfigError listing every problem', () => {
    let error: unknown;
    try {
      loadConfig({
        WATCHED_BUCKETS: 'Bad_Bucket',
        WATCHED_PREFIXES: '/live/',
        TARGET_DURATION_MULTIPLE: '0.5',
        GRACE_MS: 'soon',
        DRY_RUN: 'maybe',
        MAX_PLAYLIST_BYTES: '-1',
        METRICS_CHANNEL_RULE: 'by-magic',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const fragment of [
      'Bad_Bucket',
      '/live/',
      'QUEUE_URL is required',
      'GRACE_MS',
      'DRY_RUN',
      'MAX_PLAYLIST_BYTES',
      'targetDurationMultiple',
    ]) {
      expect(problems).toContain(fragment);
    }
    expect((error as ConfigError).message).toContain('invalid stale-checker configuration');
  });

  it('requires WATCHED_BUCKETS', () => {
    expect(() => loadConfig({ QUEUE_URL: minimal.QUEUE_URL })).toThrow(
      /WATCHED_BUCKETS is required/,
    );
  });
});

describe('isWatched', () => {
  const scope = { buckets: ['origin-a'], prefixes: ['live/', 'canary/'] };
  it('accepts a key in a watched bucket under a watched prefix', () => {
    expect(isWatched(scope, 'origin-a', 'live/ch1/720p.m3u8')).toBe(true);
  });
  it('rejects other buckets and prefixes', () => {
    expect(isWatched(scope, 'origin-b', 'live/ch1/720p.m3u8')).toBe(false);
    expect(isWatched(scope, 'origin-a', 'vod/ch1/720p.m3u8')).toBe(false);
  });
});
