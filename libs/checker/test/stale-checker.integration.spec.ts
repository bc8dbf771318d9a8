import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from '@hls-stale-guard/local-aws';
import { MetricName } from '@hls-stale-guard/metrics';
import { livePlaylist, MASTER_PLAYLIST } from '../src/testing/simulated-origin';
import { BUCKET, sleep, startLocalPipeline, waitFor, type LocalPipeline } from './local-pipeline';

const TD_S = 1;
const DEADLINE_MS = 1.5 * TD_S * 1000;

/** Measured deadline-to-404 lags, printed at the end (the figures libs/checker/README.md quotes). */
const lags: number[] = [];

function exists(pipeline: LocalPipeline, key: string): () => Promise<boolean> {
  const s3 = new S3Client({
    endpoint: pipeline.aws.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    forcePathStyle: true,
  });
  return async () => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      return true;
    } catch {
      return false;
    }
  };
}

describe('stale-checker against real S3/SQS protocol servers (fauxqs on 127.0.0.1)', () => {
  let pipeline: LocalPipeline;
  beforeAll(async () => {
    pipeline = await startLocalPipeline({ maxReceiveCount: 2 });
  });
  afterAll(async () => {
    await pipeline.stop();
    if (lags.length > 0) {
      const sorted = [...lags].sort((a, b) => a - b);
      process.stdout.write(`deadline-to-404 lag ms: ${sorted.join(', ')} (max ${sorted.at(-1)})\n`);
    }
  });

  it('keeps a playlist alive on the encoder cadence, then deletes it within 1 s after its deadline', async () => {
    const key = 'live/cadence/720p.m3u8';
    const alive = exists(pipeline, key);
    let last = { etag: '', atMs: 0 };
    for (let i = 0; i < 5; i += 1) {
      last = await pipeline.put(key, livePlaylist({ targetDuration: TD_S, mediaSequence: i }));
      await sleep(TD_S * 1000);
      expect(await alive()).toBe(true);
    }
    const deadline = last.atMs + DEADLINE_MS;
    const goneAt = await waitFor(async () => !(await alive()), DEADLINE_MS + 5_000);
    expect(goneAt).toBeDefined();
    lags.push(goneAt! - deadline);
    expect(goneAt!).toBeGreaterThanOrEqual(deadline);
    expect(goneAt! - deadline).toBeLessThan(1_000);
  });

  it('several renditions stopping at once are each deleted after their own deadline', async () => {
    const keys = [
      'live/multi/360p.m3u8',
      'live/multi/540p.m3u8',
      'live/multi/720p.m3u8',
      'live/multi sp+ace/✓.m3u8',
    ];
    const writes = await Promise.all(
      keys.map((key) =>
        pipeline.put(key, livePlaylist({ targetDuration: TD_S, mediaSequence: 1 })),
      ),
    );
    await Promise.all(
      keys.map(async (key, i) => {
        const goneAt = await waitFor(
          async () => !(await exists(pipeline, key)()),
          DEADLINE_MS + 5_000,
        );
        expect(goneAt).toBeDefined();
        const deadline = writes[i]!.atMs + DEADLINE_MS;
        expect(goneAt!).toBeGreaterThanOrEqual(deadline);
        lags.push(goneAt! - deadline);
      }),
    );
  });

  it.each([
    ['ENDLIST', livePlaylist({ targetDuration: TD_S, mediaSequence: 9, endList: true })],
    [
      'VOD',
      livePlaylist({ targetDuration: TD_S, mediaSequence: 0, playlistType: 'VOD', endList: true }),
    ],
    ['master', MASTER_PLAYLIST],
  ])('a %s playlist survives any silence (events and reconciler)', async (name, body) => {
    const key = `live/survivor-${name}/index.m3u8`;
    await pipeline.put(key, body);
    await sleep(DEADLINE_MS * 2 + 500);
    await pipeline.checker.reconcile({ remainingMs: () => 60_000 });
    expect(await exists(pipeline, key)()).toBe(true);
  });

  it('the reconciler finds a registered playlist whose last event was lost (registry on dynalite)', async () => {
    const key = 'live/lost-event/720p.m3u8';
    const s3 = new S3Client({
      endpoint: pipeline.aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    // The first upload's event registers the key; the next upload reaches S3 without an event.
    await pipeline.put(key, livePlaylist({ targetDuration: TD_S, mediaSequence: 0 }));
    const registered = await waitFor(async () => {
      const page = await pipeline.registry.scan({ limit: 100 });
      return page.items.some((item) => 'entry' in item && item.entry.key === key);
    }, 5_000);
    expect(registered).toBeDefined();
    const { PutObjectCommand } = await import('@aws-sdk/client-s3');
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: livePlaylist({ targetDuration: TD_S, mediaSequence: 1 }),
      }),
    );
    await sleep(DEADLINE_MS + 1_100); // + LastModified truncation conservatism
    // The first version's check found a newer ETag (superseded): only the sweep can find the stale one.
    expect(await exists(pipeline, key)()).toBe(true);
    const report = await pipeline.checker.reconcile({ remainingMs: () => 60_000 });
    expect(report).toMatchObject({ complete: true });
    expect(report.deleted).toBeGreaterThanOrEqual(1);
    expect(await exists(pipeline, key)()).toBe(false);
    const page = await pipeline.registry.scan({ limit: 100 });
    const entry = page.items.find((item) => 'entry' in item && item.entry.key === key);
    expect(entry && 'entry' in entry && entry.entry.state).toBe('deleted');
  });

  it('the SQS adapter postpones a message with ChangeMessageVisibility and SQS redelivers it at the deadline', async () => {
    const key = 'live/postpone/720p.m3u8';
    const before = pipeline.invocations();
    const write = await pipeline.put(key, livePlaylist({ targetDuration: 4, mediaSequence: 0 }));
    // Deadline 6 s: the first delivery postpones (5 s), the redelivery checks and deletes.
    const goneAt = await waitFor(async () => !(await exists(pipeline, key)()), 10_000);
    expect(goneAt).toBeDefined();
    expect(goneAt!).toBeGreaterThanOrEqual(write.atMs + 6_000);
    lags.push(goneAt! - (write.atMs + 6_000));
    expect(pipeline.invocations() - before).toBeGreaterThanOrEqual(2);
    expect(
      pipeline.logger.lines.some(
        (l) => l.key === key && l.verdict === 'postponed' && l.delaySeconds === 5,
      ),
    ).toBe(true);
  });

  it('a poison message fails only itself and reaches the DLQ after the redrive count', async () => {
    await pipeline.sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.queueUrl,
        MessageBody: '{"Records": [ not json',
      }),
    );
    const key = 'live/next-to-poison/720p.m3u8';
    await pipeline.put(key, livePlaylist({ targetDuration: TD_S, mediaSequence: 0 }));
    const dead = await waitFor(
      async () => {
        const out = await pipeline.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: pipeline.dlqUrl, WaitTimeSeconds: 0 }),
        );
        return (out.Messages ?? []).some((m) => m.Body === '{"Records": [ not json');
      },
      15_000,
      250,
    );
    expect(dead).toBeDefined();
    expect(await exists(pipeline, key)()).toBe(false);
    await pipeline.metrics.flush();
    expect(pipeline.metrics.count(MetricName.CheckErrors)).toBeGreaterThanOrEqual(2);
  });
});
