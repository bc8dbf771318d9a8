import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { REGISTER_EVENT_INPUT, RECONCILE_EVENT_INPUT } from '@hls-stale-guard/contract';
import { DynamoDbPlaylistRegistry, type RegistryEntry } from '@hls-stale-guard/checker';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynalite,
  startFauxqs,
  type LocalAws,
  type LocalDynamoDb,
} from '@hls-stale-guard/local-aws';
import type { Context } from 'aws-lambda';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const live = (td: number) =>
  `#EXTM3U\n#EXT-X-TARGETDURATION:${td}\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:1.0,\na.ts\n`;

/**
 * The handler module itself (its wiring: configuration, one client per service, the invocation kinds)
 * against fauxqs and dynalite, the SDK pointed at them through `AWS_ENDPOINT_URL_*` as in production code.
 */
describe('the Lambda handler: the manual register invocation and the reconcile schedule', () => {
  let aws: LocalAws;
  let dynamodb: LocalDynamoDb;
  let handler: Handler;
  const saved = { ...process.env };
  const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

  beforeAll(async () => {
    [aws, dynamodb] = await Promise.all([startFauxqs(), startDynalite()]);
    const s3 = new S3Client({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'origin-a' }));
    for (const [Key, Body] of [
      ['live/ch1/720p.m3u8', live(6)],
      ['live/ch1/seg_1.ts', 'ts'],
      ['live/ch2/720p.m3u8', `${live(6)}#EXT-X-ENDLIST\n`],
      ['live/ch3/720p.m3u8', live(1)],
    ] as const) {
      await s3.send(new PutObjectCommand({ Bucket: 'origin-a', Key, Body }));
    }
    s3.destroy();
    Object.assign(process.env, {
      AWS_REGION: LOCAL_AWS_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: aws.endpoint,
      AWS_ENDPOINT_URL_SQS: aws.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      // Nothing listens there: the metrics flush fails fast and is logged, as without CloudWatch.
      AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:9',
      WATCHED_BUCKETS: 'origin-a',
      WATCHED_PREFIXES: 'live/',
      QUEUE_URL: `${aws.endpoint}/000000000000/unused`,
      REGISTRY_TABLE: dynamodb.tableName,
      METRICS_PUBLISH_TIMEOUT_MS: '200',
    });
    // Imported after the environment is set: the handler reads it at module load (cold start).
    await jest.isolateModulesAsync(async () => {
      handler = (await import('../src/handler')).handler as Handler;
    });
  });
  afterAll(async () => {
    process.env = saved;
    await aws.stop();
    await dynamodb.stop();
  });

  async function registered(): Promise<Map<string, RegistryEntry>> {
    const client = dynamodb.client();
    const page = await new DynamoDbPlaylistRegistry(client, dynamodb.tableName).scan({
      limit: 100,
    });
    client.destroy();
    return new Map(
      page.items.flatMap((item) => ('entry' in item ? [[item.entry.key, item.entry]] : [])),
    );
  }

  it('{ "hlsStaleGuard": "register" } registers the playlists that predate the registry', async () => {
    expect(await registered()).toEqual(new Map());
    await handler({ ...REGISTER_EVENT_INPUT }, context);
    const items = await registered();
    expect([...items.keys()].sort()).toEqual([
      'live/ch1/720p.m3u8',
      'live/ch2/720p.m3u8',
      'live/ch3/720p.m3u8',
    ]);
    expect(items.get('live/ch1/720p.m3u8')).toMatchObject({
      state: 'live',
      timing: { targetDurationMs: 6_000 },
    });
    expect(items.get('live/ch2/720p.m3u8')).toMatchObject({ state: 'kept', reason: 'endlist' });
  });

  it('the reconcile input sweeps the registry: the stale playlist goes, the fresh and the kept stay', async () => {
    // ch3 (TARGETDURATION 1 s) is stale 1.5 s after its write, + 1 s of LastModified truncation.
    await new Promise((resolve) => setTimeout(resolve, 2_700));
    await handler({ ...RECONCILE_EVENT_INPUT }, context);
    const items = await registered();
    expect(items.get('live/ch3/720p.m3u8')).toMatchObject({ state: 'deleted', reason: 'stale' });
    expect(items.get('live/ch1/720p.m3u8')?.state).toBe('live');
    expect(items.get('live/ch2/720p.m3u8')?.state).toBe('kept');
    const s3 = new S3Client({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    const exists = async (Key: string) =>
      s3.send(new HeadObjectCommand({ Bucket: 'origin-a', Key })).then(
        () => true,
        () => false,
      );
    expect(await exists('live/ch3/720p.m3u8')).toBe(false);
    expect(await exists('live/ch1/720p.m3u8')).toBe(true);
    s3.destroy();
  });
});
