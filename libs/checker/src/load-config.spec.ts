import { DEFAULT_METRICS_CONFIG } from '@hls-stale-guard/metrics';
import { ConfigError, isWatched, loadConfig, pipelinesOf } from './load-config';

const minimal = {
  WATCHED_BUCKETS: 'origin-a,origin-b',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
  REGISTRY_TABLE: 'hls-stale-guard-registry',
};

/** The problems of a configuration that must fail. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

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
      inlineWaitMaxMs: 1000,
      // No window unless told: infra passes the event source mapping's settings.
      eventSource: { batchSize: 10, batchingWindowMs: 0 },
      // No delay unless told: infra passes the queue's DelaySeconds.
      notificationDelayMs: 0,
      registry: { tableName: 'hls-stale-guard-registry', ttlHours: 168 },
      metrics: DEFAULT_METRICS_CONFIG,
      logLevel: 'info',
      allStalePolicy: 'delete',
    });
    expect(pipelinesOf(config)).toEqual([
      { name: 'origin-a', bucket: 'origin-a', prefix: '' },
      { name: 'origin-b', bucket: 'origin-b', prefix: '' },
    ]);
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
      INLINE_WAIT_MAX_MS: '0',
      EVENT_SOURCE_BATCH_SIZE: '25',
      EVENT_SOURCE_BATCHING_WINDOW_SECONDS: '2',
      NOTIFICATION_DELAY_SECONDS: '3',
    });
    expect(config.eventSource).toEqual({ batchSize: 25, batchingWindowMs: 2000 });
    expect(config.notificationDelayMs).toBe(3000);
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
    expect(config.inlineWaitMaxMs).toBe(0);
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
      'TARGET_DURATION_MULTIPLE',
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

describe('loadConfig: LOG_LEVEL', () => {
  it.each([
    ['debug', 'debug'],
    ['WARN', 'warn'],
    [' error ', 'error'],
    ['', 'info'],
  ])('reads %p as %p', (text, level) => {
    expect(loadConfig({ ...minimal, LOG_LEVEL: text }).logLevel).toBe(level);
  });

  it('rejects a level that is not debug, info, warn or error', () => {
    expect(problemsOf({ ...minimal, LOG_LEVEL: 'verbose' })).toEqual([
      'LOG_LEVEL must be one of debug, info, warn, error, got "verbose"',
    ]);
  });
});

describe('loadConfig: PIPELINES and ALL_STALE_POLICY', () => {
  it('reads pipelines in their own buckets or under prefixes of a shared one', () => {
    expect(loadConfig({ ...minimal, PIPELINES: 'a=origin-a,b=origin-b' }).pipelines).toEqual([
      { name: 'a', bucket: 'origin-a', prefix: '' },
      { name: 'b', bucket: 'origin-b', prefix: '' },
    ]);
    const shared = loadConfig({
      ...minimal,
      WATCHED_BUCKETS: 'origin',
      PIPELINES: 'a=origin/pipeline-a/,b=origin/pipeline-b/',
    });
    expect(pipelinesOf(shared).map((p) => p.prefix)).toEqual(['pipeline-a/', 'pipeline-b/']);
  });

  it('rejects a malformed list, and a pipeline bucket that is not watched, in one ConfigError', () => {
    expect(problemsOf({ ...minimal, PIPELINES: 'a=origin-a,b' })).toEqual([
      'PIPELINES: "b" is not name=bucket or name=bucket/prefix/',
    ]);
    expect(problemsOf({ ...minimal, PIPELINES: 'a=origin-a,c=origin-c' })).toEqual([
      'PIPELINES: bucket "origin-c" of pipeline "c" is not in WATCHED_BUCKETS',
    ]);
  });

  it.each([
    ['keep-last', 'keep-last'],
    ['DELETE', 'delete'],
    ['', 'delete'],
  ])('reads ALL_STALE_POLICY=%p as %p', (text, policy) => {
    expect(loadConfig({ ...minimal, ALL_STALE_POLICY: text }).allStalePolicy).toBe(policy);
  });

  it('rejects an unknown ALL_STALE_POLICY', () => {
    expect(problemsOf({ ...minimal, ALL_STALE_POLICY: 'keep' })).toEqual([
      'ALL_STALE_POLICY must be one of delete, keep-last, got "keep"',
    ]);
  });
});

describe('loadConfig: NOTIFICATION_DELAY_SECONDS, the queue DelaySeconds (0–900 s)', () => {
  it.each([
    ['0', 0],
    ['2', 2000],
    [' 900 ', 900_000],
    ['', 0],
  ])('reads %p as %p ms', (text, ms) => {
    expect(loadConfig({ ...minimal, NOTIFICATION_DELAY_SECONDS: text }).notificationDelayMs).toBe(
      ms,
    );
  });

  it('is 0 when unset', () => {
    expect(loadConfig(minimal).notificationDelayMs).toBe(0);
  });

  it.each(['-1', '901', '1.5', 'soon'])('rejects %p', (text) => {
    expect(problemsOf({ ...minimal, NOTIFICATION_DELAY_SECONDS: text })).toEqual([
      `NOTIFICATION_DELAY_SECONDS must be an integer from 0 to 900, got "${text}"`,
    ]);
  });
});

describe('loadConfig: the registry', () => {
  it('requires REGISTRY_TABLE', () => {
    const { REGISTRY_TABLE: _omitted, ...withoutTable } = minimal;
    expect(problemsOf(withoutTable)).toEqual(['REGISTRY_TABLE is required']);
  });

  it('rejects a REGISTRY_TABLE that is not a DynamoDB table name', () => {
    expect(problemsOf({ ...minimal, REGISTRY_TABLE: 'no spaces allowed' })).toEqual([
      'REGISTRY_TABLE must be a DynamoDB table name, got "no spaces allowed"',
    ]);
  });

  it.each(['-1', '1001', '2.5', 'soon'])(
    'rejects INLINE_WAIT_MAX_MS=%s (an integer from 0 to 1000: SQS visibility is whole seconds)',
    (value) => {
      expect(problemsOf({ ...minimal, INLINE_WAIT_MAX_MS: value })).toEqual([
        `INLINE_WAIT_MAX_MS must be an integer from 0 to 1000, got "${value}"`,
      ]);
    },
  );

  it.each(['0', '-1', '1.5', 'week'])('rejects REGISTRY_TTL_HOURS=%s (an integer ≥ 1)', (value) => {
    expect(problemsOf({ ...minimal, REGISTRY_TTL_HOURS: value })).toEqual([
      `REGISTRY_TTL_HOURS must be an integer from 1 to 87600, got "${value}"`,
    ]);
  });
});

describe('loadConfig: bounds come from the contract (CHECKER_SETTING_BOUNDS)', () => {
  it('states the real rule for a value that is not a number (never "≥ -Infinity")', () => {
    const problems = problemsOf({ ...minimal, TARGET_DURATION_MULTIPLE: 'NaN', GRACE_MS: 'soon' });
    expect(problems).toEqual([
      'TARGET_DURATION_MULTIPLE must be a number from 1 to 10, got "NaN"',
      'GRACE_MS must be an integer from 0 to 600000, got "soon"',
    ]);
    expect(problems.join('\n')).not.toContain('Infinity');
  });

  it.each([
    ['TARGET_DURATION_MULTIPLE', '10.5'],
    ['PART_TARGET_MULTIPLE', '0.5'],
    ['GRACE_MS', '600001'],
    ['MAX_PLAYLIST_BYTES', String(50 * 1024 * 1024 + 1)],
    ['MAX_DELETIONS_PER_MINUTE', '0'],
    ['RECONCILER_SAFETY_MARGIN_MS', '900001'],
  ])('rejects %s=%s, outside its bound', (name, value) => {
    expect(problemsOf({ ...minimal, [name]: value })).toEqual([
      expect.stringMatching(new RegExp(`^${name} must be an? (integer|number) from `)),
    ]);
  });
});

describe('loadConfig: misspelt variables are errors, not silently ignored', () => {
  it.each(['DRYRUN', 'dry_run', 'Dry_Run', 'DRY-RUN'])('rejects %s (meant DRY_RUN)', (name) => {
    expect(problemsOf({ ...minimal, [name]: 'true' })).toEqual([
      `${name}: unknown variable; did you mean DRY_RUN? (names are case-sensitive)`,
    ]);
  });

  it('rejects a misspelt metrics variable once (metrics_namespace)', () => {
    expect(problemsOf({ ...minimal, metrics_namespace: 'Custom' })).toEqual([
      'metrics_namespace: unknown variable; did you mean METRICS_NAMESPACE? (names are case-sensitive)',
    ]);
  });

  it('ignores unrelated variables (the Lambda environment has many)', () => {
    expect(() =>
      loadConfig({ ...minimal, AWS_REGION: 'us-east-1', PATH: '/usr/bin', DRY: 'x' }),
    ).not.toThrow();
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
