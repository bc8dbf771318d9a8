import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_METRICS_CONFIG, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import {
  DEFAULT_STALENESS_POLICY,
  StalenessPolicyError,
  validatePolicy,
} from '@hls-stale-guard/playlist';
import {
  audit,
  auditRedundancy,
  createChecker,
  formatPipelines,
  parsePipelines,
  registryNotConfigured,
  S3PlaylistStore,
  type Logger,
  type Pipeline,
} from '@hls-stale-guard/checker';
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import {
  describeCause,
  describeParseArgsError,
  parseNumberFlag,
  policyProblemToFlag,
} from './explain';
import { runRegister } from './register';
import { runRestore } from './restore';
import { exitCodeFor, exitCodeForRedundancy, formatRedundancy, formatTable } from './format';

/**
 * How to run this checkout's own CLI. Never `npx` with the CLI's name: that name is not published on the
 * npm registry by this project, so outside the checkout npx would download and run whatever someone
 * published under it, with the user's AWS credentials.
 */
export const RUN_FROM_CHECKOUT = 'node tools/cli/bin/hls-stale-guard.cjs';
export const RUN_AUDIT_SCRIPT = 'npm run audit --';

export const USAGE = `hls-stale-guard — find (and remove) stale live HLS playlists on S3

Usage (from the root of this repository's checkout):
  ${RUN_AUDIT_SCRIPT} --bucket <name> [--prefix <p>] [--endpoint <url>] [--region <r>]
                    [--multiple <k>] [--grace-ms <ms>] [--delete] [--json]
  ${RUN_FROM_CHECKOUT} audit --bucket <name> [options as above]
  ${RUN_FROM_CHECKOUT} register --bucket <name> --table <name> …   (see register --help)
  ${RUN_FROM_CHECKOUT} restore --bucket <name> --key <k> [--apply]  (see restore --help)

Lists every .m3u8 under the prefix with its verdict — live, overdue by N, stale, ended, vod, master,
invalid, kept — with the stale-checker's own use case: the same judgeVersion rule (RFC 8216 §6.2.1),
bounded read and S3 clock. A playlist past its deadline goes through the checker's own check (HEAD,
version history, whole read); nothing is deleted unless --delete is given, and then only with the
checker's conditional delete (DeleteObject If-Match), so a fresh upload is never deleted.

Options:
  --bucket <name>      bucket to audit (required)
  --prefix <p>         key prefix (default: the whole bucket)
  --endpoint <url>     S3-compatible endpoint (path-style), e.g. http://127.0.0.1:4566
  --region <r>         AWS region (default: AWS_REGION or us-east-1)
  --multiple <k>       deadline = k × TARGETDURATION (default ${DEFAULT_STALENESS_POLICY.targetDurationMultiple}, RFC 8216 §6.2.1)
  --grace-ms <ms>      extra grace on every deadline (default ${DEFAULT_STALENESS_POLICY.graceMs})
  --pipelines <list>   audit every pipeline's copies instead of one bucket, and show each rendition's
                       redundancy (live on a, b / failed over to b / down): a comma list of
                       name=bucket or name=bucket/prefix/, e.g. a=origin-a,b=origin-b
  --delete             delete the stale playlists (default: dry-run)
  --json               print one JSON document instead of the table
  -h, --help           show this help

Credentials come from the AWS default provider chain (env, profile, SSO, instance role).

Exit codes:
  0  no stale playlist left: none found, or --delete deleted every one it found
  1  stale playlists remain: a dry run found some, or --delete could not delete them all;
     with --pipelines, also when a rendition is down on every pipeline
  2  error (usage, connection, permissions, or a playlist that could not be checked)

Examples:
  ${RUN_AUDIT_SCRIPT} --bucket my-origin --prefix live/
  ${RUN_AUDIT_SCRIPT} --bucket my-origin --prefix live/channel-1/ --delete
  ${RUN_FROM_CHECKOUT} audit --bucket origin-a --endpoint http://127.0.0.1:4566 --json
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

const AUDIT_OPTIONS = {
  bucket: { type: 'string' },
  prefix: { type: 'string', default: '' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  multiple: { type: 'string' },
  'grace-ms': { type: 'string' },
  delete: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  pipelines: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `--bucket, --prefix, …` of a parseArgs options object. */
export function flagsOf(options: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(options).map((name) => `--${name}`);
}

export function parseCli(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: AUDIT_OPTIONS,
  });
  if (values.help) return { help: true as const };
  const problems: string[] = [];
  const [command, ...rest] = positionals;
  if (command !== 'audit')
    problems.push(command ? `unknown command "${command}"` : 'missing command: audit');
  if (rest.length > 0) problems.push(`unexpected arguments: ${rest.join(' ')}`);
  let pipelines: Pipeline[] | undefined;
  if (values.pipelines !== undefined) {
    const parsed = parsePipelines(values.pipelines);
    if (parsed.ok) pipelines = parsed.pipelines;
    else problems.push(...parsed.problems.map((p) => `--pipelines: ${p}`));
    if (values.bucket) problems.push('--bucket and --pipelines exclude each other');
  } else if (!values.bucket) problems.push('--bucket is required');
  if (values.endpoint && !/^https?:\/\//.test(values.endpoint))
    problems.push(`--endpoint must be a URL, got "${values.endpoint}"`);
  let policy = DEFAULT_STALENESS_POLICY;
  const multiple = parseNumberFlag('--multiple', values.multiple);
  const graceMs = parseNumberFlag('--grace-ms', values['grace-ms']);
  for (const parsed of [multiple, graceMs]) if (parsed.problem) problems.push(parsed.problem);
  try {
    policy = validatePolicy({
      ...DEFAULT_STALENESS_POLICY,
      ...(multiple.value !== undefined ? { targetDurationMultiple: multiple.value } : {}),
      ...(graceMs.value !== undefined ? { graceMs: graceMs.value } : {}),
    });
  } catch (error) {
    if (!(error instanceof StalenessPolicyError)) throw error;
    if (!multiple.problem && !graceMs.problem)
      problems.push(...error.problems.map(policyProblemToFlag));
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return {
    help: false as const,
    bucket: (values.bucket ?? '') as string,
    pipelines,
    prefix: values.prefix ?? '',
    endpoint: values.endpoint,
    region: values.region,
    policy,
    delete: values.delete ?? false,
    json: values.json ?? false,
  };
}

const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Runs the CLI; returns the exit code (the bin calls `process.exit` with it). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'register') return runRegister(argv.slice(1), io);
  if (argv[0] === 'restore') return runRestore(argv.slice(1), io);
  let args;
  try {
    args = parseCli(argv);
  } catch (error) {
    const parseArgsError = String((error as { code?: unknown }).code ?? '').startsWith(
      'ERR_PARSE_ARGS',
    );
    if (!(error instanceof UsageError) && !parseArgsError) throw error;
    const message = parseArgsError
      ? describeParseArgsError(error as Error, flagsOf(AUDIT_OPTIONS))
      : (error as Error).message;
    io.stderr(`error: ${message}\n\nRun ${RUN_FROM_CHECKOUT} --help for usage.\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  const s3 = new S3Client({
    region: args.region ?? io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(args.endpoint ? { endpoint: args.endpoint, forcePathStyle: true } : {}),
    maxAttempts: 5,
  });
  const checker = createChecker({
    config: {
      scope: args.pipelines
        ? {
            buckets: [...new Set(args.pipelines.map((p) => p.bucket))],
            prefixes: args.pipelines.map((p) => `${p.prefix}${args.prefix}`),
          }
        : { buckets: [args.bucket], prefixes: [args.prefix] },
      ...(args.pipelines ? { pipelines: args.pipelines } : {}),
      queueUrl: 'unused://audit',
      policy: args.policy,
      maxPlaylistBytes: 5 * 1024 * 1024,
      dryRun: !args.delete,
      maxDeletionsPerMinute: Number.MAX_SAFE_INTEGER,
      reconcilerSafetyMarginMs: 0,
      // The audit reads and deletes through S3 only; it never touches the registry.
      registry: { tableName: 'unused-audit', ttlHours: 168 },
      metrics: DEFAULT_METRICS_CONFIG,
    },
    store: new S3PlaylistStore(s3),
    registry: registryNotConfigured('hls-stale-guard audit'),
    queue: { postpone: async () => {} },
    metrics: new InMemoryMetricsSink(),
    logger: silentLogger,
  });
  const bar =
    io.isTty && !args.json
      ? new SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true })
      : undefined;
  try {
    bar?.start(0, 0);
    if (args.pipelines) {
      const result = await auditRedundancy(checker.deps, {
        pipelines: args.pipelines,
        prefix: args.prefix,
        delete: args.delete,
        onProgress: (done, total) => {
          bar?.setTotal(total);
          bar?.update(done);
        },
      });
      bar?.stop();
      io.stdout(
        args.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatRedundancy(result)}\n`,
      );
      return exitCodeForRedundancy(result, { deleteRequested: args.delete });
    }
    const summary = await audit(checker.deps, {
      bucket: args.bucket,
      prefix: args.prefix,
      delete: args.delete,
      onProgress: (done, total) => {
        bar?.setTotal(total);
        bar?.update(done);
      },
    });
    bar?.stop();
    io.stdout(args.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatTable(summary)}\n`);
    if (!args.delete && (summary.counts.stale ?? 0) > 0) {
      io.stderr(
        'dry-run: nothing was deleted; run again with --delete to remove the stale playlists\n',
      );
    }
    return exitCodeFor(summary, { deleteRequested: args.delete });
  } catch (error) {
    bar?.stop();
    const what = args.pipelines
      ? `pipelines ${formatPipelines(args.pipelines)} under "${args.prefix}"`
      : `s3://${args.bucket}/${args.prefix}`;
    io.stderr(`error: audit of ${what} failed: ${describeCause(error, args.endpoint)}\n`);
    return 2;
  } finally {
    s3.destroy();
  }
}
