import { CANARY_DEFAULTS } from './canary-plan';
import { EXIT_CODES } from './exit-codes';
import { CANARY_USAGE, parseCanaryArgs } from './parse-canary-args';

const REQUIRED = ['--domain', 'd1.cloudfront.net', '--bucket', 'hsg-origin-a'];

describe('parseCanaryArgs', () => {
  it('needs only --domain and --bucket; the rest has defaults', () => {
    expect(parseCanaryArgs(REQUIRED)).toEqual({
      kind: 'run',
      options: {
        ...CANARY_DEFAULTS,
        domain: 'd1.cloudfront.net',
        bucket: 'hsg-origin-a',
        timeoutS: undefined,
        region: undefined,
      },
    });
  });

  it('reads every option', () => {
    const parsed = parseCanaryArgs([
      ...REQUIRED,
      '--prefix',
      'c/',
      '--target-duration',
      '6',
      '--multiple',
      '2',
      '--error-ttl',
      '0',
      '--margin',
      '30',
      '--timeout',
      '90',
      '--interval',
      '0.5',
      '--request-timeout',
      '3',
      '--region',
      'eu-west-1',
      '--dry-run',
      '--metrics-namespace',
      'Acme/Hsg',
      '--channel-rule',
      'segment:0',
      '--metric-wait',
      '120',
    ]);
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        domain: 'd1.cloudfront.net',
        bucket: 'hsg-origin-a',
        prefix: 'c/',
        targetDurationS: 6,
        multiple: 2,
        errorTtlS: 0,
        marginS: 30,
        timeoutS: 90,
        intervalS: 0.5,
        requestTimeoutS: 3,
        region: 'eu-west-1',
        dryRun: true,
        metricsNamespace: 'Acme/Hsg',
        channelRule: 'segment:0',
        metricWaitS: 120,
      },
    });
  });

  it('names every missing required flag at once', () => {
    const parsed = parseCanaryArgs([]);
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.problems).toEqual([
      expect.stringContaining('missing --domain'),
      expect.stringContaining('missing --bucket'),
    ]);
  });

  it('rejects a TARGETDURATION that is not a whole number (RFC 8216 §4.3.3.1 decimal-integer)', () => {
    const parsed = parseCanaryArgs([...REQUIRED, '--target-duration', '2.5']);
    expect(parsed.kind === 'usage-error' && parsed.problems).toEqual([
      '--target-duration must be a whole number >= 1 (got "2.5")',
    ]);
  });

  it('rejects a multiple below 1, as the checker does', () => {
    const parsed = parseCanaryArgs([...REQUIRED, '--multiple', '0.9']);
    expect(parsed.kind === 'usage-error' && parsed.problems[0]).toMatch(
      /--multiple must be a number >= 1/,
    );
  });

  it('rejects non-numbers and a zero timeout, all in one report', () => {
    const parsed = parseCanaryArgs([...REQUIRED, '--margin', 'soon', '--timeout', '0']);
    expect(parsed.kind === 'usage-error' && parsed.problems).toHaveLength(2);
  });

  it('rejects unknown flags and stray arguments', () => {
    expect(parseCanaryArgs([...REQUIRED, '--domian', 'x']).kind).toBe('usage-error');
    expect(parseCanaryArgs([...REQUIRED, 'extra']).kind).toBe('usage-error');
  });

  it('rejects a prefix starting with a slash (S3 keys have none)', () => {
    expect(parseCanaryArgs([...REQUIRED, '--prefix', '/canary/']).kind).toBe('usage-error');
  });

  it('answers --help even without the required flags', () => {
    expect(parseCanaryArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCanaryArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it('documents every flag and every exit code in --help', () => {
    for (const flag of [
      '--domain',
      '--bucket',
      '--prefix',
      '--target-duration',
      '--multiple',
      '--error-ttl',
      '--margin',
      '--timeout',
      '--interval',
      '--request-timeout',
      '--region',
    ])
      expect(CANARY_USAGE).toContain(flag);
    for (const code of Object.values(EXIT_CODES))
      expect(CANARY_USAGE).toMatch(new RegExp(`^  ${code} `, 'm'));
    expect(CANARY_USAGE).toContain('Examples:');
  });
});

describe('parseCanaryArgs in dry-run', () => {
  it('rejects a channel rule the checker would reject', () => {
    const parsed = parseCanaryArgs([...REQUIRED, '--channel-rule', 'prefix']);
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.problems.join()).toMatch(/--channel-rule/);
  });
});
