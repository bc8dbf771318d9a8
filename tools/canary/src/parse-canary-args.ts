/** Command-line flags of the canary → {@link CanaryOptions}. Pure: every problem is reported at once. */
import { parseArgs } from 'node:util';
import { parseChannelRule } from '@hls-stale-guard/metrics';
import { CANARY_DEFAULTS, type CanaryOptions } from './canary-plan';
import { EXIT_CODES } from './exit-codes';

export const CANARY_USAGE = `Post-deploy canary for hls-stale-guard.

Uploads two media playlists under the canary prefix of the origin bucket: a live one (no
#EXT-X-ENDLIST) that is never updated again, and a finished one (with #EXT-X-ENDLIST). Then it
polls the playback domain and passes when the live playlist answers 404 within
  multiple × target-duration + error-ttl + margin   (or --timeout)
seconds of the upload, the finished one still answers 200 afterwards, and the bucket agrees
(live object deleted, finished object present). It deletes what it wrote in every case.

With --dry-run (the checker deployed with DRY_RUN=true deletes nothing) it passes instead when the
live playlist still answers 200 after its deadline, the finished one 200, both are still in the
bucket, and CloudWatch shows the checker's DryRunWouldDelete for the live playlist's key within
  multiple × target-duration + error-ttl + margin + metric-wait   seconds of the upload.

Usage:
  npm run canary -- --domain <domain|url> --bucket <bucket> [options]

Required:
  --domain <d>            playback domain (d123.cloudfront.net → https://d123.cloudfront.net)
                          or a base URL (http://127.0.0.1:8080)
  --bucket <name>         origin bucket to upload to (terraform output primary_bucket)

Options:
  --prefix <p>            key prefix watched by the checker   [default: ${CANARY_DEFAULTS.prefix}]
  --target-duration <s>   EXT-X-TARGETDURATION, whole seconds [default: ${CANARY_DEFAULTS.targetDurationS}]
  --multiple <m>          the checker's TARGETDURATION multiple, >= 1 [default: ${CANARY_DEFAULTS.multiple}]
  --error-ttl <s>         CloudFront error caching TTL for 404 [default: ${CANARY_DEFAULTS.errorTtlS}]
  --margin <s>            slack for S3 events, queue and Lambda [default: ${CANARY_DEFAULTS.marginS}]
  --timeout <s>           total seconds to wait for the 404 (replaces the sum above)
  --interval <s>          seconds between polls              [default: ${CANARY_DEFAULTS.intervalS}]
  --request-timeout <s>   per-request timeout                [default: ${CANARY_DEFAULTS.requestTimeoutS}]
  --region <region>       bucket region (default: AWS SDK chain, e.g. AWS_REGION)
  --dry-run               the checker runs with DRY_RUN=true: expect DryRunWouldDelete, not a 404
  --metrics-namespace <n> the checker's CloudWatch namespace [default: ${CANARY_DEFAULTS.metricsNamespace}]
  --channel-rule <r>      the checker's Channel rule (segment:<n> or none) [default: ${CANARY_DEFAULTS.channelRule}]
  --metric-wait <s>       dry-run: extra seconds for CloudWatch to show the metric [default: ${CANARY_DEFAULTS.metricWaitS}]
  -h, --help              show this help

Credentials come from the AWS SDK default chain (environment, profile, OIDC role in CI). The
caller needs s3:PutObject, s3:GetObject (HeadObject) and s3:DeleteObject on <prefix>*, and with
--dry-run cloudwatch:GetMetricData.

Examples:
  npm run canary -- --domain d123.cloudfront.net --bucket hsg-origin-a-123
  npm run canary -- --domain d123.cloudfront.net --bucket hsg-origin-a-123 \\
    --prefix hls-stale-guard-canary/ --target-duration 2 --multiple 1.5 --region eu-west-1
  npm run canary -- --domain http://127.0.0.1:8080 --bucket lab --timeout 20 --interval 0.5
  npm run canary -- --domain d123.cloudfront.net --bucket hsg-origin-a-123 --dry-run

Exit codes:
  ${EXIT_CODES.passed}    passed, everything written was deleted
  ${EXIT_CODES.failed}    the canary failed (the reason is printed); cleanup still ran
  ${EXIT_CODES.usage}    usage error (bad or missing flags)
  ${EXIT_CODES.setupFailed}    could not upload (credentials, bucket, region): nothing was verified
  ${EXIT_CODES.cleanupFailed}    passed, but deleting the canary objects failed (keys are printed)
  ${EXIT_CODES.interrupted}  interrupted (SIGINT/SIGTERM); cleanup still ran`;

export type ParsedCanaryArgs =
  | { kind: 'run'; options: CanaryOptions }
  | { kind: 'help' }
  | { kind: 'usage-error'; problems: string[] };

type NumberRule = {
  readonly min: number;
  readonly integer?: boolean;
  readonly exclusive?: boolean;
};

function readNumber(
  raw: string | undefined,
  flag: string,
  rule: NumberRule,
  problems: string[],
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const tooSmall = rule.exclusive ? value <= rule.min : value < rule.min;
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    tooSmall ||
    (rule.integer && !Number.isInteger(value))
  ) {
    problems.push(
      `${flag} must be ${rule.integer ? 'a whole number' : 'a number'} ${rule.exclusive ? '>' : '>='} ${rule.min} (got "${raw}")`,
    );
    return undefined;
  }
  return value;
}

/**
 * Parses the canary's argv (without `node script`).
 *
 * @example
 * parseCanaryArgs(['--domain', 'd1.cloudfront.net', '--bucket', 'b']).kind // 'run'
 * parseCanaryArgs(['--bucket', 'b']) // { kind: 'usage-error', problems: ['missing --domain …'] }
 */
export function parseCanaryArgs(argv: readonly string[]): ParsedCanaryArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        domain: { type: 'string' },
        bucket: { type: 'string' },
        prefix: { type: 'string' },
        'target-duration': { type: 'string' },
        multiple: { type: 'string' },
        'error-ttl': { type: 'string' },
        margin: { type: 'string' },
        timeout: { type: 'string' },
        interval: { type: 'string' },
        'request-timeout': { type: 'string' },
        region: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'metrics-namespace': { type: 'string' },
        'channel-rule': { type: 'string' },
        'metric-wait': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return { kind: 'usage-error', problems: [(error as Error).message] };
  }
  if (values['help'] === true) return { kind: 'help' };

  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`unexpected argument(s): ${positionals.join(' ')}`);
  const text = (flag: string): string | undefined => {
    const v = values[flag];
    return typeof v === 'string' ? v : undefined;
  };
  const domain = text('domain');
  const bucket = text('bucket');
  if (!domain) problems.push('missing --domain (the playback domain, e.g. d123.cloudfront.net)');
  if (!bucket)
    problems.push('missing --bucket (the origin bucket, terraform output primary_bucket)');
  const prefix = text('prefix') ?? CANARY_DEFAULTS.prefix;
  if (prefix.startsWith('/')) problems.push(`--prefix must not start with "/" (got "${prefix}")`);

  // RFC 8216 §4.3.3.1: EXT-X-TARGETDURATION is a decimal-integer number of seconds.
  const targetDurationS = readNumber(
    text('target-duration'),
    '--target-duration',
    { min: 1, integer: true },
    problems,
  );
  const multiple = readNumber(text('multiple'), '--multiple', { min: 1 }, problems);
  const errorTtlS = readNumber(text('error-ttl'), '--error-ttl', { min: 0 }, problems);
  const marginS = readNumber(text('margin'), '--margin', { min: 0 }, problems);
  const timeoutS = readNumber(text('timeout'), '--timeout', { min: 0, exclusive: true }, problems);
  const intervalS = readNumber(text('interval'), '--interval', { min: 0.05 }, problems);
  const requestTimeoutS = readNumber(
    text('request-timeout'),
    '--request-timeout',
    { min: 0, exclusive: true },
    problems,
  );

  const metricsNamespace = text('metrics-namespace') ?? CANARY_DEFAULTS.metricsNamespace;
  if (metricsNamespace.trim() === '') problems.push('--metrics-namespace must not be empty');
  const channelRule = text('channel-rule') ?? CANARY_DEFAULTS.channelRule;
  const rule = parseChannelRule(channelRule);
  if (!rule.ok) problems.push(`--channel-rule: ${rule.problem}`);
  const metricWaitS = readNumber(text('metric-wait'), '--metric-wait', { min: 0 }, problems);

  if (problems.length > 0 || !domain || !bucket) return { kind: 'usage-error', problems };
  return {
    kind: 'run',
    options: {
      domain,
      bucket,
      prefix,
      targetDurationS: targetDurationS ?? CANARY_DEFAULTS.targetDurationS,
      multiple: multiple ?? CANARY_DEFAULTS.multiple,
      errorTtlS: errorTtlS ?? CANARY_DEFAULTS.errorTtlS,
      marginS: marginS ?? CANARY_DEFAULTS.marginS,
      timeoutS,
      intervalS: intervalS ?? CANARY_DEFAULTS.intervalS,
      requestTimeoutS: requestTimeoutS ?? CANARY_DEFAULTS.requestTimeoutS,
      region: text('region'),
      dryRun: values['dry-run'] === true,
      metricsNamespace,
      channelRule,
      metricWaitS: metricWaitS ?? CANARY_DEFAULTS.metricWaitS,
    },
  };
}
