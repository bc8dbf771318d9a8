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

/** A DeleteObject that the S3 server accepted (2xx), whoever sent it through the tap. */
export interface ObservedDelete {
  bucket: string;
  key: string;
  /** The `versionId` the request named: only that version was deleted, and the key may still be there. */
  versionId?: string;
  /** When the server's 2xx answer arrived back at the tap. */
  atMs: number;
}

export interface UploadTap {
  /** Point the encoders (SDK clients or ffmpeg `-method PUT`) here. */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * DeleteObject's query names at most the version (and the SDK's `x-id`); anything else is another action
 * on the same path (`?uploadId=` AbortMultipartUpload, `?tagging` DeleteObjectTagging).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
 */
function deleteObjectVersion(url: string | undefined): { versionId?: string } | undefined {
  const query = new URLSearchParams((url ?? '').split('?')[1] ?? '');
  for (const [name, value] of query) {
    if (name === 'versionId' || (name === 'x-id' && value === 'DeleteObject')) continue;
    return undefined;
  }
  const versionId = query.get('versionId');
  return versionId ? { versionId } : {};
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
 * PutObject, whatever the client (SDK or ffmpeg `-method PUT`), and every accepted DeleteObject
 * (`DELETE /<bucket>/<key>`, with or without `?versionId=`). The S3 → SQS notification stand-in is built on
 * it; the lab's status panel and scenario timelines use it to learn when each version was written, and
 * when a client other than the checker deleted a playlist.
 *
 * @example
 * const tap = await startUploadTap({ target: notifications.endpoint, onPut: (put) => ... });
 */
export async function startUploadTap(options: {
  target: string;
  onPut: (put: ObservedPut) => void;
  onDelete?: (deleted: ObservedDelete) => void;
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
          const deleted = req.method === 'DELETE' ? bucketAndKey(req.url) : undefined;
          const version = deleted ? deleteObjectVersion(req.url) : undefined;
          if (deleted && version && status >= 200 && status < 300) {
            options.onDelete?.({ ...deleted, ...version, atMs: now() });
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
