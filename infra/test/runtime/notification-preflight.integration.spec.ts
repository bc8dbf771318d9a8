import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { parseInfraConfig } from '../../src/config/infra-config';
import { PreflightExit } from '../../src/preflight/notification-preflight';
import { runPreflight } from '../../src/preflight/run-preflight';

/**
 * The preflight through the real S3 client against an HTTP server on 127.0.0.1 that answers
 * GetBucketNotificationConfiguration with S3's XML
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketNotificationConfiguration.html).
 */
const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OUR_QUEUE = 'arn:aws:sqs:us-east-1:123456789012:hls-stale-guard-playlist-events';
const ANSWERS: Record<string, { status: number; body: string }> = {
  '/empty-bucket': { status: 200, body: `<NotificationConfiguration xmlns="${XMLNS}"/>` },
  '/our-bucket': {
    status: 200,
    body: `<NotificationConfiguration xmlns="${XMLNS}"><QueueConfiguration><Id>playlist-writes-0</Id><Queue>${OUR_QUEUE}</Queue><Event>s3:ObjectCreated:*</Event></QueueConfiguration></NotificationConfiguration>`,
  },
  '/topic-bucket': {
    status: 200,
    body: `<NotificationConfiguration xmlns="${XMLNS}"><TopicConfiguration><Id>uploads</Id><Topic>arn:aws:sns:us-east-1:123456789012:uploads</Topic><Event>s3:ObjectCreated:*</Event></TopicConfiguration></NotificationConfiguration>`,
  },
  '/eventbridge-bucket': {
    status: 200,
    body: `<NotificationConfiguration xmlns="${XMLNS}"><EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>`,
  },
  '/forbidden-bucket': {
    status: 403,
    body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
  },
};

let server: Server;
let s3: S3Client;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = url.searchParams.has('notification')
      ? ANSWERS[url.pathname.replace(/\/$/, '')]
      : undefined;
    response.writeHead(answer?.status ?? 404, { 'content-type': 'application/xml' });
    response.end(answer?.body ?? '<Error><Code>NoSuchBucket</Code></Error>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  s3.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A valid infra config adopting these buckets (one pipeline per bucket). */
const config = (buckets: string[]) =>
  parseInfraConfig(
    { existingOriginBuckets: buckets, pipelines: ['a', 'b'].slice(0, buckets.length) },
    'test',
  );

describe('notification preflight against S3 answers', () => {
  it('passes buckets with no configuration or only this stack’s', async () => {
    const result = await runPreflight(config(['empty-bucket', 'our-bucket']), s3);
    expect(result.exitCode).toBe(PreflightExit.ok);
    expect(result.text).toContain('ok       empty-bucket: no notification configuration');
    expect(result.text).toContain('ok       our-bucket: only this stack’s notification');
  });

  it('refuses a bucket that notifies a topic', async () => {
    const result = await runPreflight(config(['empty-bucket', 'topic-bucket']), s3);
    expect(result.exitCode).toBe(PreflightExit.foreign);
    expect(result.text).toContain(
      'topic configuration "uploads" → arn:aws:sns:us-east-1:123456789012:uploads',
    );
  });

  it('refuses a bucket with EventBridge delivery enabled', async () => {
    const result = await runPreflight(config(['eventbridge-bucket']), s3);
    expect(result.exitCode).toBe(PreflightExit.foreign);
    expect(result.text).toContain('Amazon EventBridge delivery is enabled');
  });

  it('reports a bucket it may not read (exit 2), naming the S3 error', async () => {
    const result = await runPreflight(config(['forbidden-bucket']), s3);
    expect(result.exitCode).toBe(PreflightExit.unreadable);
    expect(result.text).toContain('ERROR    forbidden-bucket');
    expect(result.text).toContain('AccessDenied');
  });
});
