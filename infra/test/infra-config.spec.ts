import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIN_TARGET_DURATION_SECONDS } from '@hls-stale-guard/contract';
import {
  InfraConfigError,
  effectivePrefixes,
  INFRA_CONFIG_FIELDS,
  parseInfraConfig,
} from '../src/config/infra-config';
import {
  DEFAULT_CONFIG_PATH,
  INFRA_CONFIG_ENV,
  loadInfraConfig,
} from '../src/config/load-infra-config';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseInfraConfig(raw, 'test');
  } catch (error) {
    if (error instanceof InfraConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected an InfraConfigError');
}

describe('default configuration', () => {
  const committed = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<
    string,
    unknown
  >;

  it('spells out every field of the schema', () => {
    expect(Object.keys(committed).sort()).toEqual(Object.keys(INFRA_CONFIG_FIELDS).sort());
  });

  it('holds exactly the schema defaults', () => {
    expect(parseInfraConfig(committed, 'default.json')).toEqual(parseInfraConfig({}, 'empty'));
  });

  it('is what loadInfraConfig reads without HSG_INFRA_CONFIG', () => {
    expect(loadInfraConfig({})).toEqual(parseInfraConfig(committed, 'default.json'));
  });
});

describe('HSG_INFRA_CONFIG', () => {
  it('replaces the default file; omitted fields take their defaults', () => {
    const config = loadInfraConfig({ [INFRA_CONFIG_ENV]: fixture('config-one-pipeline.json') });
    expect(config.pipelines).toEqual(['a']);
    expect(config.watchedPrefixes).toEqual(['channels/']);
    expect(config.timeoutSeconds).toBe(60);
  });

  it('reports a missing file with its path and cause', () => {
    const load = () => loadInfraConfig({ [INFRA_CONFIG_ENV]: fixture('does-not-exist.json') });
    expect(load).toThrow(InfraConfigError);
    expect(load).toThrow(/cannot read .*does-not-exist\.json/);
  });

  it('reports a file that is not JSON', () => {
    expect(() => loadInfraConfig({ [INFRA_CONFIG_ENV]: 'x' }, () => '{ nope')).toThrow(
      /not valid JSON/,
    );
  });
});

describe('validation reports every problem at once', () => {
  it('lists field errors and cross-field errors together in one InfraConfigError', () => {
    const problems = problemsOf(
      JSON.parse(readFileSync(fixture('config-invalid-everything.json'), 'utf8')),
    );
    const fields = [
      'namePrefix',
      'region',
      'pipelines',
      'logRetentionDays',
      'timeoutSeconds',
      'batchSize',
      'memoryMb',
      'priceClass',
      'alarmEmails',
      'certificateArn',
      'colour', // unknown key
      'watchedPrefixes', // overlap (cross-field)
      'reservedConcurrency', // < maxConcurrency + 1 (cross-field: the default maxConcurrency is valid)
    ];
    for (const field of fields) {
      expect(problems.some((p) => p.includes(field))).toBe(true);
    }
    expect(problems.length).toBeGreaterThanOrEqual(fields.length);
  });

  it('puts every problem in the error message, one per line', () => {
    expect(() => parseInfraConfig({ region: 'mars', logRetentionDays: 31 }, 'inline')).toThrow(
      /2 problem\(s\):\n {2}- region: .*\n {2}- logRetentionDays: /,
    );
  });

  it('rejects a non-object', () => {
    expect(problemsOf([1, 2])).toEqual(['the configuration must be a JSON object']);
  });
});

describe('pipelines', () => {
  it.each([[['a']], [['a', 'b']]])('accepts %j', (pipelines) => {
    expect(parseInfraConfig({ pipelines }, 't').pipelines).toEqual(pipelines);
  });

  it.each([[[]], [['a', 'b', 'c']], [['a', 'a']], [['A']]])('rejects %j', (pipelines) => {
    expect(problemsOf({ pipelines }).some((p) => p.startsWith('pipelines'))).toBe(true);
  });
});

describe('watched prefixes', () => {
  it('always include the canary prefix, once', () => {
    expect(effectivePrefixes(parseInfraConfig({ watchedPrefixes: ['live/'] }, 't'))).toEqual([
      'live/',
      'hls-stale-guard-canary/',
    ]);
    expect(
      effectivePrefixes(
        parseInfraConfig({ watchedPrefixes: ['live/', 'hls-stale-guard-canary/'] }, 't'),
      ),
    ).toEqual(['live/', 'hls-stale-guard-canary/']);
  });

  it('reject a prefix that is a prefix of another (S3 rejects overlapping notification filters)', () => {
    expect(problemsOf({ watchedPrefixes: ['live/', 'live/hd/'] })).toEqual([
      expect.stringMatching(/"live\/" is a prefix of "live\/hd\/"/),
    ]);
  });

  it('reject a prefix that overlaps the canary prefix', () => {
    expect(problemsOf({ watchedPrefixes: ['hls-stale-guard-canary/x/'] })).toEqual([
      expect.stringMatching(/"hls-stale-guard-canary\/" is a prefix of/),
    ]);
  });

  it.each(['live', '/live/', 'live/*', '', 'a//'])('reject the malformed prefix %j', (prefix) => {
    expect(
      problemsOf({ watchedPrefixes: [prefix] }).some((p) => p.startsWith('watchedPrefixes')),
    ).toBe(true);
  });

  it('reject duplicates', () => {
    expect(problemsOf({ watchedPrefixes: ['live/', 'live/'] })).toContainEqual(
      expect.stringMatching(/duplicates/),
    );
  });
});

describe('AWS limits and cross-field rules', () => {
  it.each([1, 30, 365, 3653])('accepts log retention %i (a value CloudWatch accepts)', (days) => {
    expect(parseInfraConfig({ logRetentionDays: days }, 't').logRetentionDays).toBe(days);
  });

  it.each([0, 2, 31, 4000])('rejects log retention %i', (days) => {
    expect(problemsOf({ logRetentionDays: days })[0]).toMatch(/^logRetentionDays: must be one of/);
  });

  it('requires maxConcurrency ≥ 2 (AWS minimum for SQS event sources)', () => {
    expect(problemsOf({ maxConcurrency: 1, reservedConcurrency: null })[0]).toMatch(
      /^maxConcurrency/,
    );
  });

  it('requires reservedConcurrency ≥ maxConcurrency + 1 (room for the reconciler)', () => {
    expect(problemsOf({ maxConcurrency: 5, reservedConcurrency: 5 })).toEqual([
      expect.stringMatching(/^reservedConcurrency: 5 must be ≥ maxConcurrency \+ 1 \(6\)/),
    ]);
    expect(parseInfraConfig({ reservedConcurrency: null }, 't').reservedConcurrency).toBeNull();
  });

  it('rejects a bucket name longer than 63 characters', () => {
    // <prefix 20>-origin-<4>-<account 12>-<region 19> = 65 characters
    const config = {
      namePrefix: 'a-very-long-prefix-x',
      region: 'ap-verylongregion-1',
      pipelines: ['abcd'],
    };
    expect(problemsOf(config)).toEqual([
      expect.stringMatching(/bucket name for pipeline "abcd" would be 65 > 63/),
    ]);
    expect(() => parseInfraConfig({ ...config, region: 'ap-southeast-2' }, 't')).not.toThrow();
  });

  it('rejects a reconcile interval shorter than the function timeout (overlapping sweeps)', () => {
    expect(problemsOf({ reconcileIntervalMinutes: 1, timeoutSeconds: 120 })).toEqual([
      expect.stringMatching(/^reconcileIntervalMinutes/),
    ]);
  });

  it('rejects a reconciler safety margin that does not fit the timeout', () => {
    expect(problemsOf({ timeoutSeconds: 5, reconcilerSafetyMarginMs: 5000 })).toEqual([
      expect.stringMatching(/^reconcilerSafetyMarginMs/),
    ]);
  });

  it('rejects aliases without a certificate', () => {
    expect(problemsOf({ aliases: ['live.example.com'] })).toEqual([
      expect.stringMatching(/^aliases: need certificateArn/),
    ]);
  });

  it('requires the ACM certificate in us-east-1 (CloudFront)', () => {
    const arn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
    expect(problemsOf({ certificateArn: arn })[0]).toMatch(/^certificateArn: .*us-east-1/);
    expect(
      parseInfraConfig({ certificateArn: arn.replace('eu-west-1', 'us-east-1') }, 't')
        .certificateArn,
    ).toContain('us-east-1');
  });

  it('rejects a batch size above 10 (no batching window)', () => {
    expect(problemsOf({ batchSize: 11 })[0]).toMatch(/^batchSize/);
  });
});

describe('minTargetDurationSeconds (the shortest target duration, which sets the queue delay)', () => {
  it('defaults to DEFAULT_MIN_TARGET_DURATION_SECONDS (2) and accepts null (no delay)', () => {
    expect(parseInfraConfig({}, 't').minTargetDurationSeconds).toBe(
      DEFAULT_MIN_TARGET_DURATION_SECONDS,
    );
    expect(DEFAULT_MIN_TARGET_DURATION_SECONDS).toBe(2);
    expect(
      parseInfraConfig({ minTargetDurationSeconds: null }, 't').minTargetDurationSeconds,
    ).toBeNull();
    expect(parseInfraConfig({ minTargetDurationSeconds: 1 }, 't').minTargetDurationSeconds).toBe(1);
  });

  it.each([
    [0, 'must be 1–3600, got 0'],
    [1.5, 'must be an integer, got 1.5'],
    ['2', 'must be a number, got "2"'],
    [3_601, 'must be 1–3600, got 3601'],
  ])('rejects %p: %s', (value, message) => {
    expect(problemsOf({ minTargetDurationSeconds: value })).toEqual([
      `minTargetDurationSeconds: ${message}`,
    ]);
  });

  it('must not exceed maxTargetDurationSeconds (the shortest target duration cannot exceed the longest)', () => {
    expect(problemsOf({ maxTargetDurationSeconds: 4, minTargetDurationSeconds: 6 })).toEqual([
      'minTargetDurationSeconds: 6 must be ≤ maxTargetDurationSeconds (4): the shortest target duration cannot exceed the longest',
    ]);
    expect(problemsOf({ maxTargetDurationSeconds: 1 })).toEqual([
      expect.stringMatching(
        /^minTargetDurationSeconds: 2 must be ≤ maxTargetDurationSeconds \(1\)/,
      ),
    ]);
    const equal = parseInfraConfig(
      { maxTargetDurationSeconds: 6, minTargetDurationSeconds: 6 },
      't',
    );
    expect(equal.minTargetDurationSeconds).toBe(6);
    expect(
      parseInfraConfig({ maxTargetDurationSeconds: 1, minTargetDurationSeconds: null }, 't')
        .minTargetDurationSeconds,
    ).toBeNull();
  });
});

describe('settings the runtime would reject are rejected here (bounds from CHECKER_SETTING_BOUNDS)', () => {
  it.each([
    ['metricsChannelRule', 'segment:40'],
    ['metricsNamespace', ':hls'],
    ['metricsNamespace', 'AWS/Lambda'],
    ['maxDeletionsPerMinute', 0],
    ['targetDurationMultiple', 10.5],
    ['registryTtlHours', 0],
    ['registryTtlHours', 1.5],
  ])('rejects %s = %p', (field, value) => {
    expect(problemsOf({ [field]: value })).toEqual([
      expect.stringMatching(new RegExp(`^${field}: `)),
    ]);
  });

  it('accepts the registry TTL and defaults it to 168 hours', () => {
    expect(parseInfraConfig({}, 't').registryTtlHours).toBe(168);
    expect(parseInfraConfig({ registryTtlHours: 1 }, 't').registryTtlHours).toBe(1);
  });
});

describe('a fresh account: no reserved concurrency by default', () => {
  it('defaults reservedConcurrency to null (new accounts cannot reserve)', () => {
    expect(parseInfraConfig({}, 't').reservedConcurrency).toBeNull();
  });
});

describe('X-Ray tracing of the function (tracing)', () => {
  it('defaults to off: the reservoir alone costs more than the rest of a small deployment', () => {
    expect(parseInfraConfig({}, 't').tracing).toBe('off');
  });

  it('accepts "active"', () => {
    expect(parseInfraConfig({ tracing: 'active' }, 't').tracing).toBe('active');
  });

  it.each(['on', 'Active', 'PassThrough', '', true, 1, null])(
    'rejects %p, naming the allowed values',
    (tracing) => {
      expect(problemsOf({ tracing })).toEqual([
        `tracing: must be one of off, active, got ${JSON.stringify(tracing)}`,
      ]);
    },
  );
});

describe('alarm destinations', () => {
  it('accepts e-mail addresses and an existing topic ARN', () => {
    const config = parseInfraConfig(
      {
        alarmEmails: ['ops@example.com', 'oncall@example.com'],
        alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:chat-alerts',
      },
      't',
    );
    expect(config.alarmEmails).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(config.alarmTopicArn).toBe('arn:aws:sns:us-east-1:123456789012:chat-alerts');
  });

  it.each([
    ['alarmEmails', ['not-an-address']],
    ['alarmTopicArn', 'arn:aws:sqs:us-east-1:123456789012:queue'],
  ])('rejects %s = %p', (field, value) => {
    expect(problemsOf({ [field]: value })).toEqual([
      expect.stringMatching(new RegExp(`^${field}: `)),
    ]);
  });
});

describe('adopting existing origins', () => {
  it('needs one existing bucket per pipeline', () => {
    expect(problemsOf({ existingOriginBuckets: ['only-one-bucket'] })).toEqual([
      expect.stringMatching(/^existingOriginBuckets: 1 bucket\(s\) for 2 pipeline\(s\)/),
    ]);
  });

  it('needs the distribution id when the distribution is existing, and only then', () => {
    expect(problemsOf({ distribution: 'existing' })).toEqual([
      'existingDistributionId: required when distribution is "existing"',
    ]);
    expect(problemsOf({ existingDistributionId: 'E1ABCDEF23456' })).toEqual([
      expect.stringMatching(/^existingDistributionId: only used when distribution is "existing"/),
    ]);
  });

  it('rejects settings of the created distribution when the stack creates none', () => {
    expect(
      problemsOf({
        distribution: 'none',
        webAclArn:
          'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/12345678-1234-1234-1234-123456789012',
      }),
    ).toEqual([expect.stringMatching(/^webAclArn: configures the distribution the stack creates/)]);
  });

  it('accepts existing buckets with an existing distribution', () => {
    const config = parseInfraConfig(
      {
        existingOriginBuckets: ['acme-live-a', 'acme-live-b'],
        distribution: 'existing',
        existingDistributionId: 'E1ABCDEF23456',
      },
      't',
    );
    expect(config.existingOriginBuckets).toEqual(['acme-live-a', 'acme-live-b']);
  });
});
