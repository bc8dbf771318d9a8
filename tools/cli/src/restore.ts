import { S3Client } from '@aws-sdk/client-s3';
import { restore, S3PlaylistStore, type RestoreOutcome } from '@hls-stale-guard/checker';
import { parseArgs } from 'node:util';
import { describeCause, describeParseArgsError } from './explain';
import type { CliIo } from './main';

const RUN = 'node tools/cli/bin/hls-stale-guard.cjs restore';

const RESTORE_USAGE = `hls-stale-guard restore — undo the deletion of playlists on a versioned bucket

Usage (from the root of this repository's checkout):
  ${RUN} --bucket <name> --key <k> [--key <k> …] [--endpoint <url>] [--region <r>] [--apply] [--json]

Removes the delete marker a deletion left on a versioned bucket, so the deleted version is served again —
only when the marker is the key's newest entry, right above an object version: the playlist was deleted
and nothing was written since. A playlist written again is left alone; a history that cannot be read
(versioning off, no s3:ListBucketVersions, a server without ListObjectVersions) or is ambiguous (entries
in the same LastModified second) is refused. Dry-run unless --apply: it says what it would do.

Options:
  --bucket <name>      the bucket (versioning enabled) (required)
  --key <k>            a playlist key; repeat for several (required)
  --endpoint <url>     S3-compatible endpoint (path-style), e.g. http://127.0.0.1:4566
  --region <r>         AWS region (default: AWS_REGION or us-east-1)
  --apply              remove the delete markers (default: dry-run)
  --json               print one JSON document instead of lines
  -h, --help           show this help

Needs s3:ListBucketVersions and s3:DeleteObjectVersion (with --apply).

Exit codes:
  0  every key restored (--apply) or restorable (dry-run)
  1  some key was not restored: not deleted (written again since) or refused (cannot tell)
  2  error (usage, connection, permissions)

Examples:
  ${RUN} --bucket my-origin --key live/channel-1/720p.m3u8
  ${RUN} --bucket my-origin --key live/channel-1/720p.m3u8 --key live/channel-1/1080p.m3u8 --apply
`;

const RESTORE_OPTIONS = {
  bucket: { type: 'string' },
  key: { type: 'string', multiple: true },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  apply: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** One line per key: what was (or would be) done, and why not otherwise. */
function describeRestore(key: string, outcome: RestoreOutcome): string {
  switch (outcome.kind) {
    case 'restorable':
      return `${outcome.applied ? 'RESTORED' : 'WOULD RESTORE'}  ${key}: ${outcome.applied ? 'removed' : 'remove'} delete marker ${outcome.deleteMarkerVersionId} (${new Date(outcome.deletedAtMs).toISOString()}); version ${outcome.restoresVersionId} of ${new Date(outcome.restoresWrittenAtMs).toISOString()} is current${outcome.applied ? '' : ' then'}`;
    case 'not-deleted':
      return `NOT DELETED    ${key}: ${outcome.detail}`;
    case 'cannot-tell':
      return `REFUSED        ${key}: ${outcome.detail}`;
  }
}

export async function runRestore(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: RESTORE_OPTIONS }));
  } catch (error) {
    io.stderr(
      `error: ${describeParseArgsError(
        error as Error,
        Object.keys(RESTORE_OPTIONS).map((n) => `--${n}`),
      )}\n\nRun ${RUN} --help for usage.\n`,
    );
    return 2;
  }
  if (values.help) {
    io.stdout(RESTORE_USAGE);
    return 0;
  }
  const problems: string[] = [];
  if (!values.bucket) problems.push('--bucket is required');
  if (!values.key || values.key.length === 0) problems.push('--key is required');
  if (values.endpoint && !/^https?:\/\//.test(values.endpoint)) {
    problems.push(`--endpoint must be a URL, got "${values.endpoint}"`);
  }
  if (problems.length > 0) {
    io.stderr(`${problems.map((p) => `error: ${p}`).join('\n')}\n\nRun ${RUN} --help for usage.\n`);
    return 2;
  }
  const bucket = values.bucket as string;
  const keys = values.key as string[];
  const s3 = new S3Client({
    region: values.region ?? io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(values.endpoint ? { endpoint: values.endpoint, forcePathStyle: true } : {}),
    maxAttempts: 5,
  });
  const store = new S3PlaylistStore(s3);
  try {
    const results: Array<{ key: string } & RestoreOutcome> = [];
    for (const key of keys) {
      results.push({
        key,
        ...(await restore(store, { bucket, key, apply: values.apply ?? false })),
      });
    }
    io.stdout(
      values.json
        ? `${JSON.stringify({ bucket, apply: values.apply, results }, null, 2)}\n`
        : `${results.map((r) => describeRestore(r.key, r)).join('\n')}\n`,
    );
    if (!values.apply && results.some((r) => r.kind === 'restorable')) {
      io.stderr(
        'dry-run: nothing was changed; run again with --apply to remove the delete markers\n',
      );
    }
    return results.every((r) => r.kind === 'restorable') ? 0 : 1;
  } catch (error) {
    io.stderr(
      `error: restore on s3://${bucket} failed: ${describeCause(error, values.endpoint)}\n`,
    );
    return 2;
  } finally {
    s3.destroy();
  }
}
