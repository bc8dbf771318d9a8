import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from '@hls-stale-guard/local-aws';
import { runCliLocally } from './testing/run-cli-locally';

const playlist = (td: number) =>
  [
    '#EXTM3U',
    `#EXT-X-TARGETDURATION:${td}`,
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXTINF:1.0,',
    'a.ts',
    '',
  ].join('\n');

describe('hls-stale-guard audit --pipelines against an S3-protocol server', () => {
  let aws: LocalAws;
  let s3: S3Client;
  beforeAll(async () => {
    aws = await startFauxqs();
    s3 = new S3Client({
      endpoint: aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    for (const Bucket of ['red-a', 'red-b']) await s3.send(new CreateBucketCommand({ Bucket }));
    const put = (Bucket: string, Key: string, Body: string) =>
      s3.send(new PutObjectCommand({ Bucket, Key, Body }));
    // Stale (TARGETDURATION 1 s) on A only, on both; then fresh (10 s) copies.
    await put('red-a', 'live/ch1/1080p.m3u8', playlist(1));
    await put('red-a', 'live/ch1/360p.m3u8', playlist(1));
    await put('red-b', 'live/ch1/360p.m3u8', playlist(1));
    await new Promise((r) => setTimeout(r, 3_200)); // past 1.5 × 1 s (+ 1 s LastModified conservatism)
    await put('red-b', 'live/ch1/1080p.m3u8', playlist(10));
    await put('red-a', 'live/ch1/720p.m3u8', playlist(10));
    await put('red-b', 'live/ch1/720p.m3u8', playlist(10));
  });
  afterAll(async () => {
    s3?.destroy();
    await aws?.stop();
  });

  it('shows live on a, b / failed over to b / down per rendition, and exits 1', async () => {
    const { code, out } = await runCliLocally([
      'audit',
      '--pipelines',
      'a=red-a,b=red-b',
      '--prefix',
      'live/',
      '--endpoint',
      aws.endpoint,
      '--region',
      LOCAL_AWS_REGION,
    ]);
    expect(out).toMatch(/failed over to b\s+stale\s+live\s+live\/ch1\/1080p\.m3u8/);
    expect(out).toMatch(/down\s+stale\s+stale\s+live\/ch1\/360p\.m3u8/);
    expect(out).toMatch(/live on a, b\s+live\s+live\s+live\/ch1\/720p\.m3u8/);
    expect(out).toContain('3 renditions on 2 pipelines');
    expect(code).toBe(1);
  });
});
