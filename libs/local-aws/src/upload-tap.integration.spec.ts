import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from './start-fauxqs';
import {
  startUploadTap,
  type ObservedDelete,
  type ObservedPut,
  type UploadTap,
} from './upload-tap';

function send(endpoint: string, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${path}`, { method }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the upload tap', () => {
  let upstream: Server;
  let tap: UploadTap;
  const puts: ObservedPut[] = [];
  const deletes: ObservedDelete[] = [];

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const failing = (req.url ?? '').includes('fail');
        res.writeHead(failing ? 500 : 200, failing ? {} : { etag: '"abc"' }).end();
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    tap = await startUploadTap({
      target: `http://127.0.0.1:${port}`,
      onPut: (p) => puts.push(p),
      onDelete: (d) => deletes.push(d),
    });
  });
  afterAll(async () => {
    await tap.stop();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('reports an accepted PutObject with its body, decoded key and times, and forwards the answer', async () => {
    const before = Date.now();
    expect(
      await send(
        tap.endpoint,
        'PUT',
        '/lab-origin-a/live/180p/index%20x.m3u8?x-id=PutObject',
        '#EXTM3U\n',
      ),
    ).toBe(200);
    expect(puts).toHaveLength(1);
    const [put] = puts;
    expect(put).toMatchObject({
      bucket: 'lab-origin-a',
      key: 'live/180p/index x.m3u8',
      etag: '"abc"',
    });
    expect(put?.body.toString()).toBe('#EXTM3U\n');
    expect(put!.requestAtMs).toBeGreaterThanOrEqual(before);
    expect(put!.atMs).toBeGreaterThanOrEqual(put!.requestAtMs);
  });

  it('does not report refused uploads or other methods', async () => {
    puts.length = 0;
    expect(await send(tap.endpoint, 'PUT', '/lab-origin-a/live/fail.m3u8', 'x')).toBe(500);
    expect(await send(tap.endpoint, 'GET', '/lab-origin-a/live/180p/index.m3u8')).toBe(200);
    expect(puts).toEqual([]);
  });

  it('reports an accepted DeleteObject with its decoded key and the version it named', async () => {
    deletes.length = 0;
    const before = Date.now();
    expect(
      await send(
        tap.endpoint,
        'DELETE',
        '/lab-origin-a/live/180p/index%20x.m3u8?x-id=DeleteObject',
      ),
    ).toBe(200);
    expect(
      await send(tap.endpoint, 'DELETE', '/lab-origin-b/live/90p/index.m3u8?versionId=v%2B1'),
    ).toBe(200);
    expect(deletes).toEqual([
      { bucket: 'lab-origin-a', key: 'live/180p/index x.m3u8', atMs: expect.any(Number) },
      {
        bucket: 'lab-origin-b',
        key: 'live/90p/index.m3u8',
        versionId: 'v+1',
        atMs: expect.any(Number),
      },
    ]);
    expect(deletes[0]!.atMs).toBeGreaterThanOrEqual(before);
  });

  it('does not report refused deletes, nor other actions on an object path (abort upload, tagging)', async () => {
    deletes.length = 0;
    expect(await send(tap.endpoint, 'DELETE', '/lab-origin-a/live/fail.m3u8')).toBe(500);
    expect(await send(tap.endpoint, 'DELETE', '/lab-origin-a/live/a.m3u8?uploadId=u1')).toBe(200);
    expect(await send(tap.endpoint, 'DELETE', '/lab-origin-a/live/a.m3u8?tagging')).toBe(200);
    expect(await send(tap.endpoint, 'DELETE', '/lab-origin-a')).toBe(200);
    expect(deletes).toEqual([]);
  });
});

describe('the upload tap in front of fauxqs', () => {
  let aws: LocalAws;
  let tap: UploadTap;
  let s3: S3Client;
  const puts: ObservedPut[] = [];
  const deletes: ObservedDelete[] = [];

  beforeAll(async () => {
    aws = await startFauxqs();
    tap = await startUploadTap({
      target: aws.endpoint,
      onPut: (p) => puts.push(p),
      onDelete: (d) => deletes.push(d),
    });
    s3 = new S3Client({
      endpoint: tap.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'tap-bucket' }));
  });
  afterAll(async () => {
    s3.destroy();
    await tap.stop();
    await aws.stop();
  });

  it('reports an SDK PutObject then DeleteObject of the same key, in that order', async () => {
    await s3.send(
      new PutObjectCommand({ Bucket: 'tap-bucket', Key: 'live/1.m3u8', Body: '#EXTM3U\n' }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'tap-bucket', Key: 'live/1.m3u8' }));
    expect(puts.map((p) => [p.bucket, p.key])).toEqual([['tap-bucket', 'live/1.m3u8']]);
    expect(deletes).toEqual([
      { bucket: 'tap-bucket', key: 'live/1.m3u8', atMs: expect.any(Number) },
    ]);
    expect(deletes[0]!.atMs).toBeGreaterThanOrEqual(puts[0]!.atMs);
  });

  it('does not report a DeleteObject that S3 refused (404 NoSuchBucket)', async () => {
    deletes.length = 0;
    await expect(
      s3.send(new DeleteObjectCommand({ Bucket: 'no-such-bucket', Key: 'live/1.m3u8' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(deletes).toEqual([]);
  });
});
