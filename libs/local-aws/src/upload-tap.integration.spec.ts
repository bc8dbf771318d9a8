import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startUploadTap, type ObservedPut, type UploadTap } from './upload-tap';

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
    tap = await startUploadTap({ target: `http://127.0.0.1:${port}`, onPut: (p) => puts.push(p) });
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
});
