import { HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startLocalPipeline, type LocalLambda, type LocalPipeline } from './local-pipeline';
import { localClientConfig } from './start-fauxqs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return true;
    await sleep(25);
  }
  return false;
}

/** A Lambda instance that records the keys it was handed and fails the ones named `fail-*`. */
class RecordingLambda implements LocalLambda {
  readonly keys: string[] = [];
  scheduled = 0;
  running = 0;
  maxRunning = 0;
  async handleSqs(event: SQSEvent): Promise<SQSBatchResponse> {
    const failures = event.Records.flatMap((record) => {
      const key = (JSON.parse(record.body) as { Records: { s3: { object: { key: string } } }[] })
        .Records[0]?.s3.object.key;
      this.keys.push(key ?? '');
      return key?.startsWith('fail-') ? [{ itemIdentifier: record.messageId }] : [];
    });
    return { batchItemFailures: failures };
  }
  async handleSchedule(): Promise<void> {
    this.scheduled += 1;
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await sleep(120);
    this.running -= 1;
  }
}

describe('startLocalPipeline: the pipeline on 127.0.0.1 with an injected checker', () => {
  let pipeline: LocalPipeline<RecordingLambda>;
  let encoder: S3Client;
  const instrumented: string[] = [];
  const created: number[] = [];
  beforeAll(async () => {
    pipeline = await startLocalPipeline({
      buckets: ['origin-a', 'origin-b'],
      queue: { name: 'pipeline-spec', visibilityTimeoutSeconds: 1, maxReceiveCount: 2 },
      onError: () => {},
      checker: {
        clientSettings: { maxAttempts: 2 },
        instrument: (client) => instrumented.push(client.constructor.name),
        instances: 2,
        eventSource: { pollers: 1 },
        scheduleEveryMs: 50,
        create: (env, index) => {
          expect(env.buckets).toEqual(['origin-a', 'origin-b']);
          expect(env.tableName).not.toBe('');
          created.push(index);
          return new RecordingLambda();
        },
      },
    });
    encoder = new S3Client({ ...localClientConfig(pipeline.uploadEndpoint), forcePathStyle: true });
  });
  afterAll(async () => {
    encoder.destroy();
    await pipeline.stop();
  });

  const upload = (key: string, bucket = 'origin-a') =>
    encoder.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '#EXTM3U\n' }));
  const handled = () => pipeline.lambdas.flatMap((lambda) => lambda.keys);

  it('creates every instance with the shared clients, each instrumented once', () => {
    expect(created).toEqual([0, 1]);
    expect(instrumented.sort()).toEqual(['DynamoDBClient', 'S3Client', 'SQSClient']);
    expect(pipeline.dynamodb?.tableName).toBeDefined();
  });

  it('creates the buckets', async () => {
    for (const Bucket of ['origin-a', 'origin-b']) {
      await expect(pipeline.s3.send(new HeadBucketCommand({ Bucket }))).resolves.toBeDefined();
    }
  });

  it('hands an upload through the upload endpoint to an instance, and the handled message leaves the queue', async () => {
    await upload('live/ok.m3u8');
    expect(await waitFor(() => handled().includes('live/ok.m3u8'), 10_000)).toBe(true);
    expect(pipeline.invocations()).toBeGreaterThanOrEqual(1);
    expect(
      await waitFor(async () => {
        const depth = await pipeline.queueDepth();
        return depth.visible + depth.inFlight === 0;
      }, 10_000),
    ).toBe(true);
  });

  it('moves a message that keeps failing to the DLQ after maxReceiveCount receives', async () => {
    await upload('fail-always.m3u8', 'origin-b');
    expect(await waitFor(async () => (await pipeline.queueDepth()).dlq === 1, 15_000)).toBe(true);
    expect(handled().filter((key) => key === 'fail-always.m3u8')).toHaveLength(2);
  });

  it('runs the schedule on the first instance only, one run at a time', async () => {
    const [first, second] = pipeline.lambdas;
    // Every 50 ms, but a run lasts 120 ms: ticks during a run are skipped, never overlapped.
    expect(await waitFor(() => first!.scheduled >= 3, 10_000)).toBe(true);
    expect(first!.maxRunning).toBe(1);
    expect(second!.scheduled).toBe(0);
  });
});

describe('startLocalPipeline without a checker', () => {
  it('starts fauxqs with the notification stand-in, and neither dynalite nor an instance', async () => {
    const pipeline = await startLocalPipeline({ buckets: ['origin-a'] });
    try {
      expect(pipeline.dynamodb).toBeUndefined();
      expect(pipeline.lambdas).toEqual([]);
      expect(pipeline.uploadEndpoint).not.toBe(pipeline.aws.endpoint);
      const encoder = new S3Client({
        ...localClientConfig(pipeline.uploadEndpoint),
        forcePathStyle: true,
      });
      await encoder.send(
        new PutObjectCommand({ Bucket: 'origin-a', Key: 'a.m3u8', Body: '#EXTM3U\n' }),
      );
      encoder.destroy();
      expect(await waitFor(async () => (await pipeline.queueDepth()).visible === 1, 5_000)).toBe(
        true,
      );
      expect(pipeline.notifications?.sent()).toBe(1);
    } finally {
      await pipeline.stop();
    }
  });

  it('without notifications, uploads go straight to fauxqs and notify nobody', async () => {
    const pipeline = await startLocalPipeline({ buckets: ['origin-a'], notifications: false });
    try {
      expect(pipeline.uploadEndpoint).toBe(pipeline.aws.endpoint);
      expect(pipeline.notifications).toBeUndefined();
    } finally {
      await pipeline.stop();
    }
  });

  it('a failing start stops what it had started: the servers no longer answer, no poller runs on', async () => {
    let endpoints: { aws: string; dynamodb: string } | undefined;
    const errors: string[] = [];
    await expect(
      startLocalPipeline({
        buckets: ['origin-a'],
        onError: (part) => errors.push(part),
        checker: {
          clientSettings: {},
          instances: 2,
          eventSource: { pollers: 1, waitSeconds: 1 },
          create: (env, index) => {
            endpoints = env.endpoints;
            if (index === 1) throw new Error('no second instance today');
            return new RecordingLambda();
          },
        },
      }),
    ).rejects.toThrow('no second instance today');
    expect(endpoints).toBeDefined();
    for (const endpoint of Object.values(endpoints!)) {
      await expect(fetch(endpoint)).rejects.toThrow();
    }
    // A poller left running would now fail to reach fauxqs every 200 ms.
    await sleep(500);
    expect(errors).toEqual([]);
  });
});
