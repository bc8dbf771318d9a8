import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  defaultAssetFiles,
  EdgeListenError,
  startEdge,
  type ApiRequest,
  type Edge,
} from '../src/edge/edge-server';
import type { OriginAnswer } from '../src/edge/edge-policy';
import type { PipelineId } from '../src/layout';

const PLAYLIST = Buffer.from('#EXTM3U\n#EXT-X-TARGETDURATION:2\n');

describe('the lab edge over HTTP', () => {
  let edge: Edge;
  const objects: Record<PipelineId, Map<string, Buffer>> = { a: new Map(), b: new Map() };
  const reads: string[] = [];
  const apiCalls: ApiRequest[] = [];

  beforeAll(async () => {
    edge = await startEdge({
      port: 0,
      pipelines: ['a', 'b'],
      readOrigin: async (pipeline, key): Promise<OriginAnswer> => {
        reads.push(`${pipeline}:${key}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const body = objects[pipeline].get(key);
        return body ? { status: 200, body, etag: `"${pipeline}"` } : { status: 404 };
      },
      api: async (name, request) => {
        apiCalls.push(request);
        return { status: 200, json: { name } };
      },
      assets: defaultAssetFiles(join(__dirname, '../src/page')),
    });
  });
  afterAll(() => edge.stop());
  beforeEach(() => {
    objects.a.clear();
    objects.b.clear();
    reads.length = 0;
  });

  const get = (path: string, init?: RequestInit) => fetch(new URL(path, edge.url), init);

  it('answers a deleted playlist on A with B’s copy at the same URL, and says so', async () => {
    objects.b.set('live/180p/index.m3u8', PLAYLIST);
    const answer = await get('/live/180p/index.m3u8');
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(PLAYLIST);
    expect(answer.headers.get('x-lab-origin')).toBe('b');
    expect(answer.headers.get('x-lab-failover')).toBe('a:404');
    expect(answer.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(answer.headers.get('cache-control')).toBe('max-age=1');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('counts every answer B gave after A failed, cache hits included (the page’s counter)', async () => {
    objects.b.set('live/180p/seg-7.ts', PLAYLIST);
    const before = edge.counters().failovers.b;
    await get('/live/180p/seg-7.ts');
    const again = await get('/live/180p/seg-7.ts');
    expect(again.headers.get('x-cache')).toBe('Hit from lab-edge');
    expect(edge.counters().failovers.b - before).toBe(2);
    await get('/b/live/180p/seg-7.ts');
    expect(edge.counters().failovers.b - before).toBe(2);
  });

  it('a pinned URL never fails over: /a/<key> answers A’s 404', async () => {
    objects.b.set('live/90p/index.m3u8', PLAYLIST);
    const answer = await get('/a/live/90p/index.m3u8');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('cache-control')).toBe('max-age=1');
    expect(reads).toEqual(['a:live/90p/index.m3u8']);
  });

  it('caches a playlist for 1 s and collapses concurrent misses into one origin read', async () => {
    objects.a.set('live/180p/cached.m3u8', PLAYLIST);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => get('/live/180p/cached.m3u8')),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const again = await get('/live/180p/cached.m3u8');
    expect(again.headers.get('x-cache')).toBe('Hit from lab-edge');
    expect(reads).toEqual(['a:live/180p/cached.m3u8']);
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    await get('/live/180p/cached.m3u8');
    expect(reads).toHaveLength(2);
  });

  it('caches segments for a day', async () => {
    objects.a.set('live/180p/seg-1.ts', Buffer.from([0x47]));
    const answer = await get('/live/180p/seg-1.ts');
    expect(answer.headers.get('cache-control')).toBe('max-age=86400');
    expect(answer.headers.get('content-type')).toBe('video/mp2t');
  });

  it('answers CORS preflights and HEAD requests, refuses other methods', async () => {
    const preflight = await get('/live/180p/index.m3u8', { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    objects.a.set('live/180p/head.m3u8', PLAYLIST);
    const head = await get('/live/180p/head.m3u8', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(PLAYLIST.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    expect((await get('/live/180p/index.m3u8', { method: 'DELETE' })).status).toBe(405);
  });

  it('serves the page with hls.js from node_modules, and nothing outside live/', async () => {
    const page = await (await get('/')).text();
    expect(page).toContain('/assets/hls.min.js');
    const hls = await get('/assets/hls.min.js');
    expect(hls.status).toBe(200);
    expect((await hls.text()).length).toBeGreaterThan(100_000);
    expect((await get('/etc/passwd')).status).toBe(404);
  });

  it('passes API calls through without CORS headers (only the page may press the buttons)', async () => {
    const answer = await get('/api/control', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action":"restore"}',
    });
    expect(await answer.json()).toEqual({ name: 'control' });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(apiCalls.at(-1)).toEqual({
      method: 'POST',
      body: '{"action":"restore"}',
      contentType: 'application/json',
    });
  });

  it('reports a taken port with its code (the lab then falls back to an ephemeral one)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(
        startEdge({
          port,
          pipelines: ['a'],
          readOrigin: async () => ({ status: 404 }),
          api: async () => ({ status: 404, json: {} }),
          assets: {},
        }),
      ).rejects.toMatchObject({ name: 'EdgeListenError', code: 'EADDRINUSE' });
      await expect(
        startEdge({
          port,
          pipelines: ['a'],
          readOrigin: async () => ({ status: 404 }),
          api: async () => ({ status: 404, json: {} }),
          assets: {},
        }),
      ).rejects.toBeInstanceOf(EdgeListenError);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
