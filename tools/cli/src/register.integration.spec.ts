import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDbPlaylistRegistry, type RegistryEntry } from '@hls-stale-guard/checker';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynalite,
  startFauxqs,
  type LocalAws,
  type LocalDynamoDb,
} from '@hls-stale-guard/local-aws';
import { runCliLocally } from './testing/run-cli-locally';

const live = (td: number) =>
  `#EXTM3U\n#EXT-X-TARGETDURATION:${td}\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:1.0,\na.ts\n`;
const ended = `${live(4)}#EXT-X-ENDLIST\n`;

describe('hls-stale-guard register against S3- and DynamoDB-protocol servers', () => {
  let aws: LocalAws;
  let dynamodb: LocalDynamoDb;
  const run = (...args: string[]) =>
    runCliLocally([
      'register',
      '--table',
      dynamodb.tableName,
      '--endpoint',
      aws.endpoint,
      '--dynamodb-endpoint',
      dynamodb.endpoint,
      '--region',
      LOCAL_AWS_REGION,
      ...args,
    ]);

  beforeAll(async () => {
    [aws, dynamodb] = await Promise.all([startFauxqs(), startDynalite()]);
    const s3 = new S3Client({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'origin-a' }));
    const objects: Array<[string, string]> = [
      ['live/ch1/720p.m3u8', live(6)],
      ['live/ch1/seg_1.ts', 'ts'],
      ['live/ch2/720p.m3u8', ended],
      ['vod/movie.m3u8', live(6)],
    ];
    for (const [Key, Body] of objects) {
      await s3.send(new PutObjectCommand({ Bucket: 'origin-a', Key, Body }));
    }
    s3.destroy();
  });
  afterAll(async () => {
    await aws.stop();
    await dynamodb.stop();
  });

  it('registers the playlists under the prefix, judged, and reports it as JSON', async () => {
    const { code, out } = await run('--bucket', 'origin-a', '--prefix', 'live/', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      complete: true,
      listed: 3,
      playlists: 2,
      registered: 2,
      live: 1,
      kept: 1,
      errors: 0,
    });
    const client = dynamodb.client();
    const page = await new DynamoDbPlaylistRegistry(client, dynamodb.tableName).scan({
      limit: 100,
    });
    client.destroy();
    const entries = page.items.flatMap((item) => ('entry' in item ? [item.entry] : []));
    const byKey = new Map<string, RegistryEntry>(entries.map((e) => [e.key, e]));
    expect([...byKey.keys()].sort()).toEqual(['live/ch1/720p.m3u8', 'live/ch2/720p.m3u8']);
    expect(byKey.get('live/ch1/720p.m3u8')).toMatchObject({
      state: 'live',
      timing: { targetDurationMs: 6_000 },
    });
    expect(byKey.get('live/ch2/720p.m3u8')).toMatchObject({ state: 'kept', reason: 'endlist' });
  });

  it('running it again is harmless: the same observations are written again', async () => {
    const { code, out } = await run('--bucket', 'origin-a', '--prefix', 'live/');
    expect(code).toBe(0);
    expect(out).toMatch(/already newer in the registry\s+0/);
    expect(out).toMatch(/registered live\s+1/);
  });

  it('a bucket that does not exist is reported and exits 1; the others are registered', async () => {
    const { code, out } = await run('--bucket', 'no-such-bucket', '--bucket', 'origin-a', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ complete: false, errors: 1, playlists: 3 });
  });
});
