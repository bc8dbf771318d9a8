import { runCli } from './main';
import { parseRegisterArgs, REGISTER_USAGE } from './register';

const io = () => {
  const captured = { out: '', err: '' };
  return {
    captured,
    io: {
      stdout: (t: string) => void (captured.out += t),
      stderr: (t: string) => void (captured.err += t),
      isTty: false,
      env: {},
    },
  };
};

describe('hls-stale-guard register: arguments', () => {
  it('--help prints the usage and exits 0', async () => {
    const { captured, io: cli } = io();
    expect(await runCli(['register', '--help'], cli)).toBe(0);
    expect(captured.out).toBe(REGISTER_USAGE);
    expect(REGISTER_USAGE).toContain('{"hlsStaleGuard": "register"}');
  });

  it('takes several buckets and prefixes; the whole bucket and 168 h by default', () => {
    expect(
      parseRegisterArgs(['--bucket', 'a', '--bucket', 'b', '--table', 't', '--prefix', 'live/']),
    ).toMatchObject({ buckets: ['a', 'b'], prefixes: ['live/'], table: 't', ttlHours: 168 });
    expect(parseRegisterArgs(['--bucket', 'a', '--table', 't'])).toMatchObject({
      prefixes: [''],
    });
  });

  it('lists every problem at once and exits 2', async () => {
    const { captured, io: cli } = io();
    const code = await runCli(
      ['register', '--endpoint', 'localhost:4566', '--ttl-hours', '0.5', 'extra'],
      cli,
    );
    expect(code).toBe(2);
    for (const fragment of [
      '--bucket is required',
      '--table is required',
      '--endpoint must be a URL',
      '--ttl-hours must be an integer ≥ 1, got "0.5"',
      'unexpected arguments: extra',
      'node tools/cli/bin/hls-stale-guard.cjs register --help',
    ]) {
      expect(captured.err).toContain(fragment);
    }
  });

  it('an unknown flag lists the valid ones', async () => {
    const { captured, io: cli } = io();
    expect(await runCli(['register', '--bucket', 'b', '--tabel', 't'], cli)).toBe(2);
    expect(captured.err).toContain(
      'unknown flag --tabel; valid flags: --bucket, --prefix, --table, --endpoint, --dynamodb-endpoint',
    );
  });

  it('the main usage points to register', async () => {
    const { captured, io: cli } = io();
    expect(await runCli(['--help'], cli)).toBe(0);
    expect(captured.out).toContain('register --bucket <name> --table <name>');
  });
});
