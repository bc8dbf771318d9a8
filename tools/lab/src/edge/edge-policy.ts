/**
 * The edge's rules, pure: which origin(s) serve a path, when to fail over, how long to cache, which
 * headers to send. They mirror the CloudFront distribution that `infra` builds.
 */
import { ORIGIN_FAILOVER_STATUS_CODES } from '@hls-stale-guard/contract';
import { PIPELINE_IDS, type PipelineId } from '../layout';

/**
 * Cache TTLs of infra's playback distribution (infra/src/constructs/playback-distribution.ts):
 * playlists 1 s, segments 1 day, 403/404 errors 1 s (`error_caching_min_ttl`). Other errors are not cached
 * in the lab.
 */
const PLAYLIST_TTL_SECONDS = 1;
const SEGMENT_TTL_SECONDS = 86_400;
const ERROR_CACHING_MIN_TTL_SECONDS = 1;
const CACHED_ERRORS: readonly number[] = [403, 404];

export type EdgeRoute =
  | { kind: 'page' }
  | { kind: 'asset'; name: string }
  | { kind: 'api'; name: string }
  /** An object from the origin group (`origins.length > 1`) or from one pinned origin. */
  | { kind: 'media'; key: string; origins: PipelineId[]; pinned: boolean }
  | { kind: 'not-found' };

/** Keys the edge may serve: what CloudFront's behaviours expose (no listing, no bucket root, no dot segments). */
const MEDIA_KEY = /^live(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+)+$/;

/**
 * `/` is the page, `/assets/*` its files, `/api/*` the lab's controls, `/a/<key>` and `/b/<key>` one
 * pipeline's bucket, and any other `/<key>` the origin group (A, then B).
 *
 * @example
 * routeRequest('/live/180p/index.m3u8', ['a', 'b']); // { kind: 'media', origins: ['a', 'b'], pinned: false, ... }
 */
export function routeRequest(pathname: string, pipelines: readonly PipelineId[]): EdgeRoute {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'page' };
  const asset = /^\/assets\/([A-Za-z0-9._-]+)$/.exec(pathname);
  if (asset?.[1]) return { kind: 'asset', name: asset[1] };
  const api = /^\/api\/([a-z-]+)$/.exec(pathname);
  if (api?.[1]) return { kind: 'api', name: api[1] };
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return { kind: 'not-found' };
  }
  const pinned = /^\/([a-z])\/(.+)$/.exec(path);
  if (pinned?.[1] && pinned[2]) {
    const pipeline = PIPELINE_IDS.find((id) => id === pinned[1]);
    if (!pipeline || !pipelines.includes(pipeline) || !MEDIA_KEY.test(pinned[2])) {
      return { kind: 'not-found' };
    }
    return { kind: 'media', key: pinned[2], origins: [pipeline], pinned: true };
  }
  const key = path.slice(1);
  if (!MEDIA_KEY.test(key)) return { kind: 'not-found' };
  return { kind: 'media', key, origins: [...pipelines], pinned: false };
}

/** CloudFront origin groups fail over on the chosen status codes (the contract shared with infra). */
export function shouldFailOver(status: number): boolean {
  return (ORIGIN_FAILOVER_STATUS_CODES as readonly number[]).includes(status);
}

function isPlaylistKey(key: string): boolean {
  return key.endsWith('.m3u8');
}

/** Seconds the edge keeps an answer (0: not cached). */
export function cacheTtlSeconds(key: string, status: number): number {
  if (status === 200) return isPlaylistKey(key) ? PLAYLIST_TTL_SECONDS : SEGMENT_TTL_SECONDS;
  return CACHED_ERRORS.includes(status) ? ERROR_CACHING_MIN_TTL_SECONDS : 0;
}

export function contentTypeOf(key: string): string {
  if (key.endsWith('.m3u8')) return 'application/vnd.apple.mpegurl';
  if (key.endsWith('.ts')) return 'video/mp2t';
  if (key.endsWith('.m4s') || key.endsWith('.mp4')) return 'video/mp4';
  return 'application/octet-stream';
}

/** CORS for players on other origins (fauxqs has none; CloudFront adds it with a response headers policy). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Range, Origin, Accept',
  'access-control-expose-headers':
    'Age, Content-Length, Content-Range, ETag, X-Cache, X-Lab-Origin, X-Lab-Failover',
  'access-control-max-age': '600',
};

/** One origin's answer as the edge sees it. */
export interface OriginAnswer {
  status: number;
  body?: Buffer;
  etag?: string;
  lastModified?: string;
}

export interface OriginAttempt {
  pipeline: PipelineId;
  status: number;
}

/**
 * The origin group: asks each origin in order, moving on when the answer's status is a failover code;
 * answers with the first other answer, or the last one.
 *
 * @example
 * const { answer, servedBy, attempts } = await fetchFromOriginGroup(['a', 'b'], (p) => origins[p].get(key));
 */
export async function fetchFromOriginGroup(
  origins: readonly PipelineId[],
  fetch: (pipeline: PipelineId) => Promise<OriginAnswer>,
): Promise<{ answer: OriginAnswer; servedBy: PipelineId; attempts: OriginAttempt[] }> {
  const attempts: OriginAttempt[] = [];
  let last: { answer: OriginAnswer; servedBy: PipelineId } | undefined;
  for (const pipeline of origins) {
    const answer = await fetch(pipeline);
    attempts.push({ pipeline, status: answer.status });
    last = { answer, servedBy: pipeline };
    if (!shouldFailOver(answer.status)) break;
  }
  if (!last) return { answer: { status: 404 }, servedBy: origins[0] ?? 'a', attempts };
  return { ...last, attempts };
}
