import { Agent, request } from 'node:http';

/** An upload's answer: the HTTP status and the new version's ETag (quoted). */
interface PutAnswer {
  status: number;
  etag?: string;
}

export interface RawS3Putter {
  put(bucket: string, key: string, body: string): Promise<PutAnswer>;
  close(): void;
}

class RawPutError extends Error {
  override name = 'RawPutError';
}

/**
 * Plain HTTP PUTs of playlists to a path-style S3 endpoint, the way ffmpeg's HLS muxer uploads
 * (`-method PUT`): unsigned, keep-alive. The simulated encoders use it instead of the SDK so that 200
 * encoders cost the shared benchmark machine as little CPU as possible; the local server does not check
 * signatures.
 *
 * @example
 * const putter = createRawS3Putter('http://127.0.0.1:4566');
 * const { etag } = await putter.put('origin-a', 'live/ch001/720p.m3u8', text);
 */
export function createRawS3Putter(endpoint: string): RawS3Putter {
  const target = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    put: (bucket, key, body) =>
      new Promise<PutAnswer>((resolve, reject) => {
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            method: 'PUT',
            path: `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`,
            agent,
            headers: {
              'content-type': 'application/vnd.apple.mpegurl',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              const etag = res.headers.etag;
              resolve({
                status: res.statusCode ?? 0,
                etag: typeof etag === 'string' ? etag : undefined,
              });
            });
          },
        );
        req.setTimeout(10_000, () =>
          req.destroy(new RawPutError(`PUT ${bucket}/${key} timed out`)),
        );
        req.on('error', (cause) =>
          reject(new RawPutError(`PUT ${bucket}/${key} failed`, { cause })),
        );
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
