import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A PutObject that the S3 server accepted, as the encoder's uplink saw it. */
export interface ObservedPut {
  bucket: string;
  key: string;
  /** The uploaded bytes (the lab reads playlists: media sequence, ENDLIST). */
  body: Buffer;
  etag: string;
  /**
   * When the tap forwarded the complete request: the earliest instant the new version can have become
   * visible. A deadline counted from here is never later than the true one, so a lag measured against it
   * is never smaller than the true lag.
   */
  requestAtMs: number;
  /** When the server's 2xx answer arrived back at the tap. */
  atMs: number;
}

export interface UploadTap {
  /** Point the encoders (SDK clients or ffmpeg `-method PUT`) here. */
  endpoint: string;
  stop(): Promise<void>;
}

function bucketAndKey(url: string | undefined): { bucket: string; key: string } | undefined {
  const path = (url ?? '').split('?')[0] ?? '';
  const match = /^\/([^/]+)\/(.+)$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  try {
    return { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

/**
 * A pass-through HTTP proxy on the encoders' uplink (path-style S3 requests) that reports every accepted
 * PutObject, whatever the client (SDK or ffmpeg `-method PUT`). The S3 → SQS notification stand-in is built
 * on it; the lab's status panel and scenario timelines use it to learn when each version was written.
 *
 * @example
 * const tap = await startUploadTap({ target: notifications.endpoint, onPut: (put) => ... });
 */
export async function startUploadTap(options: {
  target: string;
  onPut: (put: ObservedPut) => void;
  now?: () => number;
}): Promise<UploadTap> {
  const target = new URL(options.target);
  const now = options.now ?? Date.now;
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const requestAtMs = now();
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers as OutgoingHttpHeaders,
        },
        (answer) => {
          const status = answer.statusCode ?? 502;
          const object = req.method === 'PUT' ? bucketAndKey(req.url) : undefined;
          if (object && status < 300 && !(req.url ?? '').includes('uploadId=')) {
            const etag = typeof answer.headers.etag === 'string' ? answer.headers.etag : '';
            options.onPut({ ...object, body, etag, requestAtMs, atMs: now() });
          }
          res.writeHead(status, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(body);
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
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
