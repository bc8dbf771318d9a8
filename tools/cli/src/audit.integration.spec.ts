import { createServer, type AddressInfo } from 'node:net';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from '@hls-stale-guard/local-aws';
import { runCliLocally } from './testing/run-cli-locally';

const playlist = (td: number, endList = false) =>
  [
    '#EXTM3U',
    `#EXT-X-TARGETDURATION:${td}`,
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXTINF:1.0,',
    'a.ts',
    ...(endList ? ['#EXT-X-ENDLIST'] : []),
    '',
  ].join('\n');
const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n';

describe('hls-stale-guard audit against an S3-protocol server', () => {
  let aws: LocalAws;
  let s3: S3Client;
  /** The CLI with the local credentials in the environment (the SDK's default provider chain reads it). */
  const cli = (...argv: string[]) => runCliLocally(argv);
  const run = (...args: string[]) =>
    runCliLocally([
      'audit',
      '--bucket',
      'audit',
      '--endpoint',
      aws.endpoint,
      '--region',
      LOCAL_AWS_REGION,
      ...args,
    ]);
  const exists = async (key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: 'audit', Key: key })).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    aws = await startFauxqs();
    s3 = new S3Client({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'audit' }));
    const put = (Key: string, Body: string) =>
      s3.send(new PutObjectCommand({ Bucket: 'audit', Key, Body }));
    await put('live/stale/720p.m3u8', playlist(1));
    await put('live/ended/720p.m3u8', playlist(1, true));
    await put('live/master.m3u8', master);
    await put('live/garbage.m3u8', '<html>oops</html>');
    await put('live/stale/seg.ts', 'x');
    await new Promise((r) => setTimeout(r, 3_200)); // past 1.5 × 1 s (+ 1 s LastModified conservatism)
    await put('live/fresh/720p.m3u8', playlist(10));
  });
  afterAll(async () => {
    s3?.destroy();
    await aws?.stop();
  });

  it('lists every playlist with its verdict, deletes nothing by default, exits 1', async () => {
    const { code, out, err } = await run('--prefix', 'live/', '--json');
    const summary = JSON.parse(out);
    const state = (key: string) =>
      summary.entries.find((e: { key: string }) => e.key === key)?.state;
    expect(state('live/stale/720p.m3u8')).toBe('stale');
    expect(state('live/ended/720p.m3u8')).toBe('ended');
    expect(state('live/master.m3u8')).toBe('master');
    expect(state('live/garbage.m3u8')).toBe('invalid');
    expect(state('live/fresh/720p.m3u8')).toBe('live');
    expect(summary).toMatchObject({ scanned: 6, playlists: 5 });
    expect(code).toBe(1);
    expect(err).toContain('dry-run');
    expect(await exists('live/stale/720p.m3u8')).toBe(true);
  });

  it('--delete removes only the stale playlist with the conditional delete, exits 0 (none left); a second run is clean', async () => {
    const first = await run('--prefix', 'live/', '--delete');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/DELETED .*live\/stale\/720p\.m3u8/);
    expect(await exists('live/stale/720p.m3u8')).toBe(false);
    for (const key of [
      'live/ended/720p.m3u8',
      'live/master.m3u8',
      'live/garbage.m3u8',
      'live/fresh/720p.m3u8',
    ]) {
      expect(await exists(key)).toBe(true);
    }
    const second = await run('--prefix', 'live/');
    expect(second.code).toBe(0);
  });

  it('exits 2 with the cause when the bucket does not exist', async () => {
    const { code, err } = await cli(
      'audit',
      '--bucket',
      'no-such-bucket',
      '--endpoint',
      aws.endpoint,
    );
    expect(code).toBe(2);
    expect(err).toContain('s3://no-such-bucket/');
  });

  it('a refused connection names the host and port', async () => {
    const closed = await closedPort();
    const { code, err } = await cli(
      'audit',
      '--bucket',
      'audit',
      '--endpoint',
      `http://127.0.0.1:${closed}`,
    );
    expect(code).toBe(2);
    expect(err).toContain(`cannot reach 127.0.0.1:${closed} (connection refused, ECONNREFUSED)`);
  });

  it('restore refuses when the server cannot tell the history (fauxqs lists no versions) and changes nothing', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'audit', Key: 'restore/720p.m3u8', Body: playlist(2) }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'audit', Key: 'restore/720p.m3u8' }));
    const { code, out } = await cli(
      'restore',
      '--bucket',
      'audit',
      '--key',
      'restore/720p.m3u8',
      '--endpoint',
      aws.endpoint,
      '--apply',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^REFUSED +restore\/720p\.m3u8: no version of this key in its history/);
    expect(await exists('restore/720p.m3u8')).toBe(false);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
