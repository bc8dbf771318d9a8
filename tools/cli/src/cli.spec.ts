import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exitCodeFor,
  exitCodeForRedundancy,
  formatDuration,
  formatRedundancy,
  formatTable,
  WHOLE_SECOND_NOTE,
} from './format';
import { describeCause } from './explain';
import { parseCli, RUN_FROM_CHECKOUT, runCli, UsageError, USAGE } from './main';

describe('format', () => {
  it('formats durations for people', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
  });
  it('prints one line per playlist and a summary', () => {
    const text = formatTable({
      bucket: 'b',
      prefix: 'live/',
      scanned: 3,
      playlists: 2,
      counts: { stale: 1, ended: 1 },
      entries: [
        { key: 'live/a.m3u8', state: 'stale', ageMs: 9000, byMs: 6000 },
        { key: 'live/b.m3u8', state: 'ended', ageMs: 1000 },
      ],
    });
    expect(text).toContain('stale by 6.0 s');
    expect(text).toContain('live/b.m3u8');
    expect(text).toContain('s3://b/live/: 2 playlists of 3 objects — 1 stale, 1 ended');
  });
  it('exits 0 clean, 1 stale left, 2 error; --delete that deleted every stale playlist exits 0', () => {
    const summary = (counts: object) => ({
      bucket: 'b',
      prefix: '',
      scanned: 0,
      playlists: 0,
      entries: [],
      counts,
    });
    expect(exitCodeFor(summary({ live: 3 }))).toBe(0);
    expect(exitCodeFor(summary({ stale: 1 }))).toBe(1);
    expect(exitCodeFor(summary({ deleted: 1 }), { deleteRequested: true })).toBe(0);
    expect(exitCodeFor(summary({ deleted: 1, stale: 1 }), { deleteRequested: true })).toBe(1);
    expect(exitCodeFor(summary({ deleted: 1, error: 1 }), { deleteRequested: true })).toBe(2);
    expect(exitCodeFor(summary({ stale: 1, error: 1 }))).toBe(2);
  });
});

describe('parseCli', () => {
  it('reads the flags', () => {
    expect(
      parseCli([
        'audit',
        '--bucket',
        'b',
        '--prefix',
        'live/',
        '--multiple',
        '2',
        '--delete',
        '--json',
      ]),
    ).toMatchObject({
      bucket: 'b',
      prefix: 'live/',
      delete: true,
      json: true,
      policy: { targetDurationMultiple: 2 },
    });
  });
  it('lists every problem at once', () => {
    expect(() => parseCli(['frobnicate', '--multiple', '0.5', '--endpoint', 'nope'])).toThrow(
      UsageError,
    );
    try {
      parseCli(['frobnicate', '--multiple', '0.5', '--endpoint', 'nope']);
    } catch (error) {
      const message = (error as Error).message;
      for (const part of [
        'unknown command "frobnicate"',
        '--bucket is required',
        '--endpoint must be a URL',
        '--multiple must be ≥ 1, got 0.5',
      ]) {
        expect(message).toContain(part);
      }
      expect(message).not.toContain('targetDurationMultiple');
    }
  });
  it('invalid values name the flag, not an internal field', () => {
    const problems = (...argv: string[]) => {
      try {
        parseCli(['audit', '--bucket', 'b', ...argv]);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problems('--multiple', 'abc')).toBe('--multiple must be a number, got "abc"');
    expect(problems('--grace-ms=-1')).toBe('--grace-ms must be ≥ 0, got -1');
    expect(problems('--multiple', '0')).toBe('--multiple must be ≥ 1, got 0');
  });
  it('the table explains the whole-second resolution of S3 timestamps when it shows ages', () => {
    const entries = [{ key: 'live/a.m3u8', state: 'stale' as const, ageMs: 2_200, byMs: 200 }];
    const text = formatTable({
      bucket: 'b',
      prefix: '',
      scanned: 1,
      playlists: 1,
      counts: { stale: 1 },
      entries,
    });
    expect(text).toContain(WHOLE_SECOND_NOTE);
    expect(WHOLE_SECOND_NOTE).toMatch(/whole-second resolution.*LastModified \+ 999 ms/);
    const ended = formatTable({
      bucket: 'b',
      prefix: '',
      scanned: 1,
      playlists: 1,
      counts: { ended: 1 },
      entries: [{ key: 'live/a.m3u8', state: 'ended', ageMs: 2_200 }],
    });
    expect(ended).not.toContain(WHOLE_SECOND_NOTE);
  });
  it('prints help with examples and exits 0', async () => {
    let out = '';
    const code = await runCli(['--help'], {
      stdout: (t) => (out += t),
      stderr: () => {},
      isTty: false,
      env: {},
    });
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toMatch(
      /0 +no stale playlist left: none found, or --delete deleted every one it found/,
    );
    expect(out).toMatch(/1 +stale playlists remain/);
  });
  it('exits 2 with a clear message on an unknown flag', async () => {
    let err = '';
    const code = await runCli(['audit', '--bukket', 'x'], {
      stdout: () => {},
      stderr: (t) => (err += t),
      isTty: false,
      env: {},
    });
    expect(code).toBe(2);
    expect(err).toContain('unknown flag --bukket; valid flags: --bucket, --prefix, --endpoint');
    expect(err).toContain('--delete, --json, --pipelines, --help');
  });
  it('restore: an unknown flag lists its valid flags; a missing --key is named', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), isTty: false, env: {} };
    expect(await runCli(['restore', '--bucket', 'b', '--delete'], io)).toBe(2);
    expect(err).toContain('unknown flag --delete; valid flags: --bucket, --key, --endpoint');
    err = '';
    expect(await runCli(['restore', '--bucket', 'b'], io)).toBe(2);
    expect(err).toContain('error: --key is required');
  });
  it('restore --help says it is a dry run unless --apply and lists its exit codes', async () => {
    let out = '';
    const io = { stdout: (t: string) => (out += t), stderr: () => {}, isTty: false, env: {} };
    expect(await runCli(['restore', '--help'], io)).toBe(0);
    expect(out).toContain('Dry-run unless --apply');
    expect(out).toMatch(/0 +every key restored/);
  });
});

describe('running the CLI: only this checkout’s own binary, never npx', () => {
  // npx with the CLI's name would, outside the checkout, download and run whatever someone published
  // under that name on the public registry, with the user's AWS credentials.
  const npxForm = /npx\s+hls-stale-guard/;
  const root = join(__dirname, '..', '..', '..');

  it('--help shows the checkout’s own forms (npm script, node bin path) and never npx', async () => {
    let out = '';
    await runCli(['--help'], {
      stdout: (t) => (out += t),
      stderr: () => {},
      isTty: false,
      env: {},
    });
    expect(out).toContain('npm run audit -- --bucket');
    expect(out).toContain('node tools/cli/bin/hls-stale-guard.cjs audit --bucket');
    expect(out).not.toMatch(npxForm);
    expect(out).not.toMatch(/^\s+hls-stale-guard audit/m);
  });

  it('a usage error points at the checkout’s own binary', async () => {
    let err = '';
    await runCli(['audit'], { stdout: () => {}, stderr: (t) => (err += t), isTty: false, env: {} });
    expect(err).toContain(`Run ${RUN_FROM_CHECKOUT} --help`);
    expect(err).not.toMatch(npxForm);
  });

  it('the npm script the help names runs the checkout’s bin, and the docs agree', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.audit).toBe(`${RUN_FROM_CHECKOUT} audit`);
    for (const doc of ['README.md', 'libs/checker/README.md']) {
      expect(readFileSync(join(root, doc), 'utf8')).not.toMatch(npxForm);
    }
    expect(USAGE).not.toMatch(npxForm);
  });
});

describe('errors name their cause', () => {
  it('a flag without its value is named', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), isTty: false, env: {} };
    expect(await runCli(['audit', '--bucket', 'b', '--grace-ms', '-1'], io)).toBe(2);
    expect(err).toContain(
      'error: --grace-ms needs a value (one that starts with - goes as --grace-ms=-…)',
    );
  });
  it('a refused connection anywhere in the cause chain names the host and port', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 4566,
    });
    const wrapped = new Error('ListObjectsV2 s3://b/ failed: Error', { cause: refused });
    expect(describeCause(wrapped, 'http://127.0.0.1:4566')).toBe(
      'cannot reach 127.0.0.1:4566 (connection refused, ECONNREFUSED): is an S3 server listening at http://127.0.0.1:4566?',
    );
  });
  it('other errors list the error and its causes', () => {
    const cause = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    expect(describeCause(new Error('LIST failed', { cause }))).toBe(
      'Error: LIST failed ← AccessDenied: Access Denied',
    );
  });
});

describe('network causes kept only as text', () => {
  it('a wrapper whose message carries "connect ECONNREFUSED host:port" still names them', () => {
    const wrapper = new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9');
    expect(describeCause(new Error('LIST failed', { cause: wrapper }))).toMatch(
      /^cannot reach 127\.0\.0\.1:9 \(connection refused, ECONNREFUSED\)/,
    );
  });
});

describe('audit --pipelines', () => {
  it('reads the pipelines and needs no --bucket', () => {
    const args = parseCli(['audit', '--pipelines', 'a=origin/pipeline-a/,b=origin/pipeline-b/']);
    expect(args.help === false && args.pipelines).toEqual([
      { name: 'a', bucket: 'origin', prefix: 'pipeline-a/' },
      { name: 'b', bucket: 'origin', prefix: 'pipeline-b/' },
    ]);
  });

  it.each([
    [['--pipelines', 'a=origin-a,b'], /--pipelines: "b" is not name=bucket/],
    [['--pipelines', 'a=origin-a', '--bucket', 'origin-a'], /exclude each other/],
  ])('rejects %p with a clear message', (extra, message) => {
    expect(() => parseCli(['audit', ...extra])).toThrow(message);
  });

  it('shows each rendition’s redundancy and exits 1 when one is down', () => {
    const summary = (pipeline: string) => ({
      pipeline,
      bucket: `origin-${pipeline}`,
      prefix: 'live/',
      scanned: 0,
      playlists: 0,
      counts: {},
      entries: [],
    });
    const result = {
      pipelines: [summary('a'), summary('b')],
      renditions: [
        {
          renditionId: 'live/ch1/720p.m3u8',
          state: 'failed-over' as const,
          livePipelines: ['b'],
          copies: { a: 'stale' as const, b: 'live' as const },
          description: 'failed over to b',
        },
        {
          renditionId: 'live/ch1/360p.m3u8',
          state: 'down' as const,
          livePipelines: [],
          copies: { a: 'stale' as const, b: 'missing' as const },
          description: 'down',
        },
      ],
      counts: { 'failed-over': 1, down: 1 },
    };
    const text = formatRedundancy(result);
    expect(text).toMatch(/failed over to b\s+stale\s+live\s+live\/ch1\/720p\.m3u8/);
    expect(text).toMatch(/down\s+stale\s+missing\s+live\/ch1\/360p\.m3u8/);
    expect(text).toContain('2 renditions on 2 pipelines — 1 failed-over, 1 down');
    expect(exitCodeForRedundancy(result)).toBe(1);
    expect(exitCodeForRedundancy({ ...result, renditions: [], counts: {} })).toBe(0);
  });
});
