import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * STAND-IN for S3 event notifications (no local S3 server sends them to SQS). An HTTP proxy in front of a
 * local S3-protocol server: it forwards every request unchanged and, after each successful PutObject,
 * sends the queue the message real S3 would send — `ObjectCreated:Put`, the key URL-encoded with `+` for
 * spaces, a millisecond `eventTime`, the bare ETag, and a `sequencer` that grows per key.
 * Path-style requests only (`/<bucket>/<key>`), which is what the SDK sends with `forcePathStyle`.
 */
export interface S3NotificationStandIn {
  /** Point S3 clients (and ffmpeg) here instead of at the server. */
  endpoint: string;
  /** Notifications sent so far. */
  sent(): number;
  stop(): Promise<void>;
}

export interface S3NotificationStandInOptions {
  /** `http://127.0.0.1:<port>` of the S3-protocol server. */
  target: string;
  sqs: SQSClient;
  queueUrl: string;
  region?: string;
  /** Which keys notify (S3's suffix filter); default `.m3u8`. */
  suffix?: string;
  /** Called instead of sending when a notification cannot be sent (default: log to stderr). */
  onError?: (error: unknown) => void;
}

/** Encodes a key the way S3 event notifications do: form-encoding, `+` for a space, `/` kept. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/gi, '/');
}

/** The notification body S3 sends for one object write. */
export function s3ObjectCreatedEvent(write: {
  bucket: string;
  key: string;
  etag: string;
  sizeBytes: number;
  eventTimeMs: number;
  sequencer: string;
  region?: string;
  eventName?: string;
}): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: write.region ?? 'us-east-1',
        eventTime: new Date(write.eventTimeMs).toISOString(),
        eventName: write.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: 'local-stand-in' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'hls-stale-guard-local',
          bucket: { name: write.bucket, arn: `arn:aws:s3:::${write.bucket}` },
          object: {
            key: encodeEventKey(write.key),
            size: write.sizeBytes,
            eTag: write.etag.replace(/"/g, ''),
            sequencer: write.sequencer,
          },
        },
      },
    ],
  });
}

function pathToBucketKey(url: string | undefined): { bucket: string; key: string } | undefined {
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
 * Starts the stand-in on 127.0.0.1 (ephemeral port).
 *
 * @example
 * const s3Events = await startS3NotificationStandIn({ target: aws.endpoint, sqs, queueUrl });
 * const s3 = new S3Client({ endpoint: s3Events.endpoint, forcePathStyle: true, ... });
 */
export async function startS3NotificationStandIn(
  options: S3NotificationStandInOptions,
): Promise<S3NotificationStandIn> {
  const target = new URL(options.target);
  const suffix = options.suffix ?? '.m3u8';
  const onError =
    options.onError ??
    ((error) => process.stderr.write(`s3 notification stand-in: ${String(error)}\n`));
  let sequencer = BigInt(Date.now()) * 1000n;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const sockets = new Set<Socket>();

  const notify = (req: IncomingMessage, etag: string, sizeBytes: number) => {
    const target = pathToBucketKey(req.url);
    if (!target || !target.key.endsWith(suffix)) return;
    sequencer += 1n;
    const body = s3ObjectCreatedEvent({
      ...target,
      etag,
      sizeBytes,
      eventTimeMs: Date.now(),
      sequencer: sequencer.toString(16).toUpperCase().padStart(18, '0'),
      region: options.region,
    });
    const send = options.sqs
      .send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: body }))
      .then(() => {
        sent += 1;
      })
      .catch(onError)
      .finally(() => pending.delete(send));
    pending.add(send);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers as OutgoingHttpHeaders,
        },
        (answer) => {
          const isPut = req.method === 'PUT' && !(req.url ?? '').includes('uploadId=');
          if (
            isPut &&
            (answer.statusCode ?? 500) < 300 &&
            typeof answer.headers.etag === 'string'
          ) {
            const length = Number(
              req.headers['x-amz-decoded-content-length'] ??
                req.headers['content-length'] ??
                body.length,
            );
            notify(req, answer.headers.etag, Number.isFinite(length) ? length : body.length);
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
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
    sent: () => sent,
    async stop() {
      await Promise.allSettled([...pending]);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
