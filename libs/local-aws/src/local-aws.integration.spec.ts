import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { FaultKind, startFaultProxy, type FaultProxy } from './fault-proxy';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  type LocalAws,
} from './start-fauxqs';

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_AWS_REGION,
  credentials: LOCAL_AWS_CREDENTIALS,
});

describe('fauxqs on 127.0.0.1', () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await startFauxqs();
  });
  afterAll(async () => {
    await aws.stop();
  });

  it('listens on loopback and serves explicit byte ranges (the bounded playlist read relies on them)', async () => {
    expect(aws.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const s3 = new S3Client({ ...clientConfig(aws.endpoint), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'range-bucket' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'range-bucket', Key: 'a.m3u8', Body: '0123456789' }),
    );
    const tail = await s3.send(
      new GetObjectCommand({ Bucket: 'range-bucket', Key: 'a.m3u8', Range: 'bytes=6-9' }),
    );
    expect(await tail.Body?.transformToString()).toBe('6789');
    expect(tail.ContentRange).toBe('bytes 6-9/10');
  });

  it('hides a message for the ChangeMessageVisibility period and redelivers it', async () => {
    const sqs = new SQSClient(clientConfig(aws.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'visibility' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    const message = first.Messages?.[0];
    expect(message?.Body).toBe('hello');
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: message?.ReceiptHandle,
        VisibilityTimeout: 1,
      }),
    );
    const during = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
    expect(during.Messages ?? []).toHaveLength(0);
    const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 3 }));
    expect(after.Messages?.[0]?.Body).toBe('hello');
  });

  it('stops the child it started', async () => {
    const other = await startFauxqs();
    await other.stop();
    expect(() => process.kill(other.pid, 0)).toThrow();
  });
});

describe('fault proxy', () => {
  let aws: LocalAws;
  let proxy: FaultProxy;
  beforeAll(async () => {
    aws = await startFauxqs();
  });
  afterAll(async () => {
    await proxy?.stop();
    await aws.stop();
  });

  it('injects the seeded share of faults and the SDK retries through them', async () => {
    proxy = await startFaultProxy({
      target: aws.endpoint,
      faultRate: 0.3,
      seed: 7,
      kinds: [FaultKind.InternalError, FaultKind.SlowDown, FaultKind.ResetBefore],
    });
    const s3 = new S3Client({
      ...clientConfig(proxy.endpoint),
      forcePathStyle: true,
      maxAttempts: 10,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'faulty' }));
    for (let i = 0; i < 30; i += 1) {
      await s3.send(new PutObjectCommand({ Bucket: 'faulty', Key: `k${i}`, Body: `v${i}` }));
    }
    const { requests, faults } = proxy.stats();
    const injected = Object.values(faults).reduce((a, b) => a + b, 0);
    expect(requests).toBeGreaterThan(31);
    expect(injected).toBeGreaterThan(0);
    expect(injected / requests).toBeGreaterThan(0.1);
    expect(injected / requests).toBeLessThan(0.5);
  });
});
