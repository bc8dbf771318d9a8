import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startUploadTap } from './upload-tap';

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
function encodeEventKey(key: string): string {
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
  const suffix = options.suffix ?? '.m3u8';
  const onError =
    options.onError ??
    ((error) => process.stderr.write(`s3 notification stand-in: ${String(error)}\n`));
  let sequencer = BigInt(Date.now()) * 1000n;
  let sent = 0;
  const pending = new Set<Promise<void>>();

  const tap = await startUploadTap({
    target: options.target,
    onPut: (put) => {
      if (!put.key.endsWith(suffix)) return;
      sequencer += 1n;
      const body = s3ObjectCreatedEvent({
        bucket: put.bucket,
        key: put.key,
        etag: put.etag,
        sizeBytes: put.body.length,
        eventTimeMs: put.atMs,
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
    },
  });
  return {
    endpoint: tap.endpoint,
    sent: () => sent,
    async stop() {
      await Promise.allSettled([...pending]);
      await tap.stop();
    },
  };
}
