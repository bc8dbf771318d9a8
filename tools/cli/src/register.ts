import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import {
  createChecker,
  DynamoDbPlaylistRegistry,
  registerExisting,
  S3PlaylistStore,
  type Logger,
  type RegisterReport,
} from '@hls-stale-guard/checker';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import { DEFAULT_METRICS_CONFIG, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import { DEFAULT_STALENESS_POLICY } from '@hls-stale-guard/playlist';
import { parseArgs } from 'node:util';
import { describeCause, describeParseArgsError } from './explain';
import type { CliIo } from './main';

export const REGISTER_USAGE = `hls-stale-guard register — put the playlists that predate the guard into its registry

Usage:
  hls-stale-guard register --bucket <name> [--bucket <name> …] --table <name> [--prefix <p> …]
                           [--endpoint <url>] [--dynamodb-endpoint <url>] [--region <r>]
                           [--ttl-hours <n>] [--json]

The stale-checker's reconciler sweeps its playlist registry (a DynamoDB table), never the buckets, so it
only knows the playlists whose uploads it has seen. Run this once after deploying, for playlists that
were already there: it lists every key under the prefixes (paginated ListObjectsV2), reads each .m3u8
(first 16 KB, and the last 8 KB of a larger one) and registers it as live, with its TARGETDURATION, or as kept (master, VOD,
ENDLIST, invalid, too large). Nothing is deleted. What the Lambda recorded since is never overwritten
(the newest observation wins), so running it twice is harmless. The Lambda does the same when invoked
with {"hlsStaleGuard": "register"}, within its timeout.

Options:
  --bucket <name>            a watched bucket (required; repeat for several)
  --table <name>             the registry table (required; the Lambda's ${CHECKER_ENV.registryTable})
  --prefix <p>               a watched key prefix (repeat for several; default: the whole bucket)
  --endpoint <url>           S3-compatible endpoint (path-style), e.g. http://127.0.0.1:4566
  --dynamodb-endpoint <url>  DynamoDB-compatible endpoint, e.g. http://127.0.0.1:4567
  --region <r>               AWS region (default: AWS_REGION or us-east-1)
  --ttl-hours <n>            registered items expire after n hours unless seen again (default 168)
  --json                     print the report as JSON
  -h, --help                 show this help

Credentials come from the AWS default provider chain (env, profile, SSO, instance role). The caller
needs s3:ListBucket and s3:GetObject on the buckets and dynamodb:UpdateItem on the table.

Exit codes: 0 every playlist registered, 1 some listings or playlists failed (see the report), 2 error.

Examples:
  hls-stale-guard register --bucket origin-a --bucket origin-b --prefix live/ --table hls-stale-guard-registry
  hls-stale-guard register --bucket origin-a --table registry --endpoint http://127.0.0.1:4566 \\
    --dynamodb-endpoint http://127.0.0.1:4567 --json
`;

class RegisterUsageError extends Error {
  override name = 'RegisterUsageError';
}

export interface RegisterArgs {
  buckets: string[];
  prefixes: string[];
  table: string;
  endpoint?: string;
  dynamodbEndpoint?: string;
  region?: string;
  ttlHours: number;
  json: boolean;
}

/** Parses `register`'s arguments (after the command name). */
const REGISTER_OPTIONS = {
  bucket: { type: 'string', multiple: true },
  prefix: { type: 'string', multiple: true },
  table: { type: 'string' },
  endpoint: { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  region: { type: 'string' },
  'ttl-hours': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseRegisterArgs(
  argv: string[],
): { help: true } | ({ help: false } & RegisterArgs) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: REGISTER_OPTIONS,
  });
  if (values.help) return { help: true };
  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`unexpected arguments: ${positionals.join(' ')}`);
  const buckets = values.bucket ?? [];
  if (buckets.length === 0) problems.push('--bucket is required');
  if (!values.table) problems.push('--table is required');
  for (const name of ['endpoint', 'dynamodb-endpoint'] as const) {
    const url = values[name];
    if (url !== undefined && !/^https?:\/\//.test(url)) {
      problems.push(`--${name} must be a URL, got "${url}"`);
    }
  }
  const ttlText = values['ttl-hours'];
  const ttlHours = ttlText === undefined ? 168 : Number(ttlText);
  if (!Number.isInteger(ttlHours) || ttlHours < 1) {
    problems.push(`--ttl-hours must be an integer ≥ 1, got "${ttlText}"`);
  }
  if (problems.length > 0) throw new RegisterUsageError(problems.join('\n'));
  return {
    help: false,
    buckets,
    prefixes: values.prefix && values.prefix.length > 0 ? values.prefix : [''],
    table: values.table as string,
    endpoint: values.endpoint,
    dynamodbEndpoint: values['dynamodb-endpoint'],
    region: values.region,
    ttlHours,
    json: values.json ?? false,
  };
}

/** The report as a few aligned lines. */
function formatRegisterReport(report: RegisterReport): string {
  const rows: Array<[string, number | string]> = [
    ['objects listed', report.listed],
    ['playlists (.m3u8)', report.playlists],
    ['registered live', report.live],
    ['registered kept', report.kept],
    ['already newer in the registry', report.alreadyNewer],
    ['replaced while being read', report.superseded],
    ['errors', report.errors],
    ['duration', `${(report.durationMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** `hls-stale-guard register …`: returns the exit code. */
export async function runRegister(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseRegisterArgs(argv);
  } catch (error) {
    const parseArgsError = String((error as { code?: unknown }).code ?? '').startsWith(
      'ERR_PARSE_ARGS',
    );
    if (!(error instanceof RegisterUsageError) && !parseArgsError) throw error;
    const message = parseArgsError
      ? describeParseArgsError(
          error as Error,
          Object.keys(REGISTER_OPTIONS).map((name) => `--${name}`),
        )
      : (error as Error).message;
    io.stderr(
      `error: ${message}\n\nRun node tools/cli/bin/hls-stale-guard.cjs register --help for usage.\n`,
    );
    return 2;
  }
  if (args.help) {
    io.stdout(REGISTER_USAGE);
    return 0;
  }
  const region = args.region ?? io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const s3 = new S3Client({
    region,
    ...(args.endpoint ? { endpoint: args.endpoint, forcePathStyle: true } : {}),
    maxAttempts: 5,
  });
  const dynamodb = new DynamoDBClient({
    region,
    ...(args.dynamodbEndpoint ? { endpoint: args.dynamodbEndpoint } : {}),
    maxAttempts: 5,
  });
  const checker = createChecker({
    config: {
      scope: { buckets: args.buckets, prefixes: args.prefixes },
      queueUrl: 'unused://register',
      policy: DEFAULT_STALENESS_POLICY,
      maxPlaylistBytes: 5 * 1024 * 1024,
      dryRun: true,
      maxDeletionsPerMinute: 0,
      reconcilerSafetyMarginMs: 0,
      metrics: DEFAULT_METRICS_CONFIG,
      registry: { tableName: args.table, ttlHours: args.ttlHours },
    },
    store: new S3PlaylistStore(s3),
    queue: { postpone: async () => {} },
    metrics: new InMemoryMetricsSink(),
    registry: new DynamoDbPlaylistRegistry(dynamodb, args.table),
    logger: silentLogger,
  });
  try {
    const progress = io.isTty && !args.json;
    const report = await registerExisting(checker.deps, {
      ...(progress
        ? {
            onProgress: (so: Readonly<RegisterReport>) =>
              io.stderr(`\rlisted ${so.listed} objects, ${so.playlists} playlists…`),
          }
        : {}),
    });
    if (progress) io.stderr('\n');
    io.stdout(
      args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatRegisterReport(report)}\n`,
    );
    return report.complete && report.errors === 0 ? 0 : 1;
  } catch (error) {
    io.stderr(`error: register failed: ${describeCause(error, args.endpoint)}\n`);
    return 2;
  } finally {
    s3.destroy();
    dynamodb.destroy();
  }
}
