import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { PipelineId } from '../layout';
import { EdgeCache } from './edge-cache';
import {
  cacheTtlSeconds,
  contentTypeOf,
  CORS_HEADERS,
  fetchFromOriginGroup,
  routeRequest,
  type OriginAnswer,
  type OriginAttempt,
} from './edge-policy';

/** Cached answers kept at most (segments are ~20 KB: a few tens of MB at worst). */
const EDGE_CACHE_ENTRIES = 2_000;
/** Largest control request body accepted. */
const MAX_API_BODY_BYTES = 16 * 1024;

export class EdgeListenError extends Error {
  override name = 'EdgeListenError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ApiRequest {
  method: string;
  body: string;
  contentType: string | undefined;
}

export interface ApiAnswer {
  status: number;
  json: unknown;
}

export interface EdgeOptions {
  /** 0: an ephemeral port. */
  port: number;
  pipelines: readonly PipelineId[];
  readOrigin: (pipeline: PipelineId, key: string) => Promise<OriginAnswer>;
  api: (name: string, request: ApiRequest) => Promise<ApiAnswer>;
  /** Static files: `/` is `index.html`, `/assets/<name>` the others. */
  assets: Readonly<Record<string, string>>;
  now?: () => number;
}

export interface EdgeCounters {
  requests: number;
  cacheHits: number;
  /** Answers (cache hits included) served by another origin than the group's first, after it failed. */
  failovers: Record<PipelineId, number>;
}

export interface Edge {
  port: number;
  url: string;
  counters(): EdgeCounters;
  stop(): Promise<void>;
}

interface CachedAnswer {
  status: number;
  body: Buffer;
  etag?: string;
  lastModified?: string;
  servedBy: PipelineId;
  attempts: OriginAttempt[];
  ttlSeconds: number;
}

const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function staticType(name: string): string {
  const ext = /\.[a-z]+$/.exec(name)?.[0] ?? '';
  return STATIC_TYPES[ext] ?? 'application/octet-stream';
}

/** Reads the page's files once (they are small and never change while the lab runs). */
function loadAssets(files: Readonly<Record<string, string>>): Map<string, Buffer> {
  return new Map(Object.entries(files).map(([name, path]) => [name, readFileSync(path)]));
}

/** `index.html`, `lab-page.js`, `lab-page.css` from `dir`, and hls.js from node_modules. */
export function defaultAssetFiles(dir: string): Record<string, string> {
  return {
    'index.html': join(dir, 'index.html'),
    'lab-page.js': join(dir, 'lab-page.js'),
    'lab-page.css': join(dir, 'lab-page.css'),
    'hls.min.js': require.resolve('hls.js/dist/hls.min.js'),
  };
}

/**
 * The local edge that plays CloudFront: serves `/a/<key>` and `/b/<key>` from one bucket, `/<key>` from the
 * origin group (A, failing over to B on `ORIGIN_FAILOVER_STATUS_CODES`), caches playlists 1 s, segments a
 * day and 403/404 answers 1 s, collapses concurrent misses, adds CORS, and serves the page and its API.
 * Listens on 127.0.0.1 only.
 *
 * @example
 * const edge = await startEdge({ port: 0, pipelines: ['a', 'b'], readOrigin, api, assets });
 */
export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const now = options.now ?? Date.now;
  const assets = loadAssets(options.assets);
  const cache = new EdgeCache<CachedAnswer>({ maxEntries: EDGE_CACHE_ENTRIES, now });
  const inFlight = new Map<string, Promise<CachedAnswer>>();
  const counters: EdgeCounters = { requests: 0, cacheHits: 0, failovers: { a: 0, b: 0 } };

  const fetchMedia = (cacheKey: string, key: string, origins: PipelineId[]) => {
    const pending = inFlight.get(cacheKey);
    if (pending) return pending;
    const run = fetchFromOriginGroup(origins, (pipeline) => options.readOrigin(pipeline, key))
      .then(({ answer, servedBy, attempts }): CachedAnswer => {
        const entry: CachedAnswer = {
          status: answer.status,
          body: answer.body ?? Buffer.alloc(0),
          etag: answer.etag,
          lastModified: answer.lastModified,
          servedBy,
          attempts,
          ttlSeconds: cacheTtlSeconds(key, answer.status),
        };
        cache.set(cacheKey, entry, entry.ttlSeconds);
        return entry;
      })
      .finally(() => inFlight.delete(cacheKey));
    inFlight.set(cacheKey, run);
    return run;
  };

  const serveMedia = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: { key: string; origins: PipelineId[] },
    cacheKey: string,
  ) => {
    const cached = cache.get(cacheKey);
    if (cached) counters.cacheHits += 1;
    const entry = cached?.value ?? (await fetchMedia(cacheKey, route.key, route.origins));
    // Every answer another origin than the group's first gave, cached or not: what the viewer got.
    if (entry.attempts.length > 1 && entry.status === 200) counters.failovers[entry.servedBy] += 1;
    const failedOver = entry.attempts
      .slice(0, -1)
      .map((a) => `${a.pipeline}:${a.status}`)
      .join(',');
    const ok = entry.status === 200;
    const body = ok
      ? entry.body
      : Buffer.from(
          `${entry.status} from the origin${entry.attempts.length > 1 ? ' group' : ''} (${entry.attempts.map((a) => `${a.pipeline}=${a.status}`).join(' ')})\n`,
        );
    res.writeHead(entry.status, {
      ...CORS_HEADERS,
      'content-type': ok ? contentTypeOf(route.key) : 'text/plain; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': entry.ttlSeconds > 0 ? `max-age=${entry.ttlSeconds}` : 'no-store',
      age: String(cached?.ageSeconds ?? 0),
      'x-cache': cached ? 'Hit from lab-edge' : 'Miss from lab-edge',
      'x-lab-origin': entry.servedBy,
      ...(failedOver ? { 'x-lab-failover': failedOver } : {}),
      ...(entry.etag ? { etag: entry.etag } : {}),
      ...(entry.lastModified ? { 'last-modified': entry.lastModified } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const serveApi = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_API_BODY_BYTES) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const answer = await options.api(name, {
      method: req.method ?? 'GET',
      body: Buffer.concat(chunks).toString('utf8'),
      contentType: req.headers['content-type'],
    });
    const body = JSON.stringify(answer.json);
    // No CORS on the API: only the lab's own page may press its buttons.
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    counters.requests += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routeRequest(url.pathname, options.pipelines);
    if (route.kind === 'api') return serveApi(req, res, route.name);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    if (route.kind === 'page' || route.kind === 'asset') {
      const name = route.kind === 'page' ? 'index.html' : route.name;
      const bytes = assets.get(name);
      if (!bytes || (route.kind === 'asset' && name === 'index.html')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      res.writeHead(200, {
        'content-type': staticType(name),
        'content-length': String(bytes.length),
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : bytes);
      return;
    }
    if (route.kind === 'not-found') {
      res.writeHead(404, { ...CORS_HEADERS, 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const cacheKey = route.pinned ? `/${route.origins[0]}/${route.key}` : `/${route.key}`;
    await serveMedia(req, res, route, cacheKey);
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`lab edge error: ${String(error)}\n`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new EdgeListenError(
          `cannot listen on 127.0.0.1:${options.port}: ${error.code}`,
          error.code,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    counters: () => structuredClone(counters),
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
