import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from './seeded-random';

/** The faults the proxy injects; each is something S3 or SQS really does now and then. */
export const FaultKind = {
  /** 500 InternalError before the request reaches the server. */
  InternalError: 'internal-error',
  /** 503 SlowDown (S3 throttling) before the request reaches the server. */
  SlowDown: 'slow-down',
  /** The connection is reset before the request reaches the server. */
  ResetBefore: 'reset-before',
  /** The server handles the request, then the connection is reset: the client never sees the answer. */
  ResetAfter: 'reset-after',
  /** No answer at all until the client gives up (exercises the SDK's request timeout). */
  Hang: 'hang',
} as const;
export type FaultKind = (typeof FaultKind)[keyof typeof FaultKind];

export interface FaultProxyOptions {
  /** `http://127.0.0.1:<port>` of the real server. */
  target: string;
  /** Probability in [0, 1] that a request gets a fault. */
  faultRate: number;
  /** Seed of the deterministic fault sequence. */
  seed?: number;
  /** Which faults to draw from (default: all). */
  kinds?: readonly FaultKind[];
  /** How long a hung request is held before its socket is destroyed (default 10 s). */
  hangMs?: number;
}

export interface FaultProxy {
  endpoint: string;
  /** Faults injected so far, by kind, and requests seen. */
  stats(): { requests: number; faults: Record<FaultKind, number> };
  stop(): Promise<void>;
}

function xmlError(res: ServerResponse, status: number, code: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected ${code}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * An HTTP proxy on 127.0.0.1 (ephemeral port) in front of a real protocol server that injects faults on a
 * seeded fraction of requests: 500s, 503 SlowDown, connection resets before and after the server acted,
 * and hangs. Point SDK clients at `endpoint` instead of the server.
 *
 * @example
 * const proxy = await startFaultProxy({ target: aws.endpoint, faultRate: 0.1, seed: 42 });
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed ?? 1);
  const kinds = options.kinds ?? Object.values(FaultKind);
  const hangMs = options.hangMs ?? 10_000;
  const target = new URL(options.target);
  const faults = Object.fromEntries(Object.values(FaultKind).map((k) => [k, 0])) as Record<
    FaultKind,
    number
  >;
  let requests = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    onResponse: (upstream: IncomingMessage, data: Buffer) => void,
    onError: (e: Error) => void,
  ) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: req.headers.host ?? target.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onResponse(res, Buffer.concat(chunks)));
        res.on('error', onError);
      },
    );
    upstream.on('error', onError);
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests += 1;
      const body = Buffer.concat(chunks);
      const fault =
        random() < options.faultRate ? kinds[Math.floor(random() * kinds.length)] : undefined;
      if (fault) faults[fault] += 1;
      switch (fault) {
        case FaultKind.InternalError:
          return xmlError(res, 500, 'InternalError');
        case FaultKind.SlowDown:
          return xmlError(res, 503, 'SlowDown');
        case FaultKind.ResetBefore:
          return req.socket.destroy();
        case FaultKind.Hang: {
          const timer = setTimeout(() => {
            timers.delete(timer);
            req.socket.destroy();
          }, hangMs);
          timers.add(timer);
          return;
        }
        case FaultKind.ResetAfter:
        case undefined:
          forward(
            req,
            body,
            (upstream, data) => {
              if (fault === FaultKind.ResetAfter) return req.socket.destroy();
              res.writeHead(upstream.statusCode ?? 502, upstream.headers);
              res.end(data);
            },
            () => req.socket.destroy(),
          );
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats: () => ({ requests, faults: { ...faults } }),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
