import { ORIGIN_FAILOVER_STATUS_CODES } from '@hls-stale-guard/contract';
import {
  cacheTtlSeconds,
  contentTypeOf,
  fetchFromOriginGroup,
  routeRequest,
  shouldFailOver,
  type OriginAnswer,
} from './edge-policy';

describe('edge routing', () => {
  it('serves the page, its assets and its API', () => {
    expect(routeRequest('/', ['a', 'b'])).toEqual({ kind: 'page' });
    expect(routeRequest('/assets/hls.min.js', ['a', 'b'])).toEqual({
      kind: 'asset',
      name: 'hls.min.js',
    });
    expect(routeRequest('/api/status', ['a', 'b'])).toEqual({ kind: 'api', name: 'status' });
  });

  it('/a/<key> and /b/<key> pin one pipeline', () => {
    expect(routeRequest('/b/live/180p/index.m3u8', ['a', 'b'])).toEqual({
      kind: 'media',
      key: 'live/180p/index.m3u8',
      origins: ['b'],
      pinned: true,
    });
  });

  it('any other /<key> goes through the origin group, A first', () => {
    expect(routeRequest('/live/180p/seg-3.ts', ['a', 'b'])).toEqual({
      kind: 'media',
      key: 'live/180p/seg-3.ts',
      origins: ['a', 'b'],
      pinned: false,
    });
  });

  it('refuses what CloudFront would not expose: other prefixes, traversal, absent pipelines', () => {
    expect(routeRequest('/secret.txt', ['a', 'b'])).toEqual({ kind: 'not-found' });
    expect(routeRequest('/live/../x', ['a', 'b'])).toEqual({ kind: 'not-found' });
    expect(routeRequest('/live/%2e%2e/x', ['a', 'b'])).toEqual({ kind: 'not-found' });
    expect(routeRequest('/b/live/180p/index.m3u8', ['a'])).toEqual({ kind: 'not-found' });
    expect(routeRequest('/%E0%A4%A', ['a'])).toEqual({ kind: 'not-found' });
  });
});

describe('origin group failover', () => {
  it('fails over on exactly the contract status codes (shared with the CloudFront origin group)', () => {
    for (const code of ORIGIN_FAILOVER_STATUS_CODES) expect(shouldFailOver(code)).toBe(true);
    for (const code of [200, 206, 304, 412, 416]) expect(shouldFailOver(code)).toBe(false);
  });

  const answers = (byPipeline: Record<string, OriginAnswer>) => {
    const asked: string[] = [];
    return {
      asked,
      fetch: async (pipeline: 'a' | 'b') => {
        asked.push(pipeline);
        return byPipeline[pipeline] ?? { status: 404 };
      },
    };
  };

  it('a deleted playlist on A is answered with B’s copy at the same URL', async () => {
    const origin = answers({
      a: { status: 404 },
      b: { status: 200, body: Buffer.from('#EXTM3U') },
    });
    const result = await fetchFromOriginGroup(['a', 'b'], origin.fetch);
    expect(result.servedBy).toBe('b');
    expect(result.answer.status).toBe(200);
    expect(result.attempts).toEqual([
      { pipeline: 'a', status: 404 },
      { pipeline: 'b', status: 200 },
    ]);
  });

  it('a live playlist on A never asks B', async () => {
    const origin = answers({ a: { status: 200 }, b: { status: 200 } });
    await fetchFromOriginGroup(['a', 'b'], origin.fetch);
    expect(origin.asked).toEqual(['a']);
  });

  it('a status outside the failover codes is answered as is', async () => {
    const origin = answers({ a: { status: 412 }, b: { status: 200 } });
    expect((await fetchFromOriginGroup(['a', 'b'], origin.fetch)).answer.status).toBe(412);
  });

  it('when every origin fails, the last answer is returned', async () => {
    const origin = answers({ a: { status: 503 }, b: { status: 404 } });
    const result = await fetchFromOriginGroup(['a', 'b'], origin.fetch);
    expect(result).toMatchObject({ servedBy: 'b', answer: { status: 404 } });
  });
});

describe('edge caching (infra’s playback distribution)', () => {
  it('caches playlists 1 s, segments a day, 403/404 for 1 s, other errors not at all', () => {
    expect(cacheTtlSeconds('live/180p/index.m3u8', 200)).toBe(1);
    expect(cacheTtlSeconds('live/180p/seg-1.ts', 200)).toBe(86_400);
    expect(cacheTtlSeconds('live/180p/index.m3u8', 404)).toBe(1);
    expect(cacheTtlSeconds('live/180p/index.m3u8', 403)).toBe(1);
    expect(cacheTtlSeconds('live/180p/index.m3u8', 503)).toBe(0);
  });

  it('answers HLS content types', () => {
    expect(contentTypeOf('a.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(contentTypeOf('a.ts')).toBe('video/mp2t');
  });
});
