import { s3ObjectCreatedEvent } from '@hls-stale-guard/local-aws';
import { InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import type { SQSRecord } from 'aws-lambda';
import { createChecker } from './create-checker';
import type { DeadlineQueue, PlaylistStore } from './core/ports';
import { MAX_TOTAL_VISIBILITY_MS, TOTAL_VISIBILITY_MARGIN_MS } from './core/visibility-timeout';
import { BATCH_CUTOFF_MARGIN_MS } from './process-sqs-batch';
import { FakeClock } from './testing/fake-clock';
import { InMemoryPlaylistStore } from './testing/in-memory-playlist-store';
import { RecordingLogger } from './testing/recording-logger';
import { livePlaylist, SIM_BUCKET, simConfig } from './testing/simulated-origin';
import type { CheckerConfig } from './load-config';
import { InMemoryPlaylistRegistry } from './registry/in-memory-playlist-registry';

const T0 = Date.parse('2026-11-26T10:00:00.000Z');
/** TARGETDURATION 2 s: deadline 3 s after the write. */
const DEADLINE_MS = 3_000;

/** Lets every pending promise callback run (the fake clock does not move). */
async function settleMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * One checker on a fake clock, an in-memory S3 whose HEAD of chosen keys waits until the test opens a gate
 * (a slow S3 answer), and a queue that records when each ChangeMessageVisibility was called.
 */
function setup(configOverrides: Partial<CheckerConfig> = {}) {
  const clock = new FakeClock(T0);
  const store = new InMemoryPlaylistStore(() => clock.trueMs());
  const gates = new Map<string, { opened: Promise<void>; open: () => void }>();
  const slowHead = (key: string) => {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    gates.set(key, { opened, open });
    return open;
  };
  const slowStore: PlaylistStore = {
    head: async (bucket, key) => {
      await gates.get(key)?.opened;
      return store.head(bucket, key);
    },
    readRange: (bucket, key, range, etag) => store.readRange(bucket, key, range, etag),
    deleteIfMatch: (bucket, key, etag) => store.deleteIfMatch(bucket, key, etag),
    list: (bucket, prefix, options) => store.list(bucket, prefix, options),
    listVersions: (bucket, key) => store.listVersions(bucket, key),
  };
  const calls: Array<{ receiptHandle: string; seconds: number; atMs: number }> = [];
  const queue: DeadlineQueue = {
    postpone: async (receiptHandle, seconds) => {
      calls.push({ receiptHandle, seconds, atMs: clock.trueMs() });
    },
  };
  const logger = new RecordingLogger();
  const checker = createChecker({
    registry: new InMemoryPlaylistRegistry(),
    config: simConfig(configOverrides),
    store: slowStore,
    queue,
    metrics: new InMemoryMetricsSink({ clock: { now: () => clock.trueMs() } }),
    clock,
    logger,
  });
  let sequence = 0;
  const upload = (key: string, body = livePlaylist({ mediaSequence: 0 })) => {
    const write = store.put(SIM_BUCKET, key, body);
    sequence += 1;
    const event = s3ObjectCreatedEvent({
      bucket: SIM_BUCKET,
      key,
      ...write,
      sequencer: sequence.toString(16).padStart(16, '0'),
    });
    return { ...write, key, event };
  };
  const message = (id: string, bodies: string[], firstReceivedMs = clock.trueMs()): SQSRecord => ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    // Several records of one notification: S3 sends one per message, the format allows more.
    body: JSON.stringify({ Records: bodies.flatMap((b) => JSON.parse(b).Records) }),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(firstReceivedMs),
      SenderId: 'AROAEXAMPLE',
      ApproximateFirstReceiveTimestamp: String(firstReceivedMs),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:sim',
    awsRegion: 'us-east-1',
  });
  const budget = (totalMs: number) => {
    const started = clock.trueMs();
    return { remainingMs: () => totalMs - (clock.trueMs() - started) };
  };
  return { clock, store, calls, checker, logger, upload, message, slowHead, budget };
}

describe('postponement: on time, whatever the rest of the batch does', () => {
  it('postpones each message as soon as its own outcome is known: a slow HEAD elsewhere in the batch does not delay it', async () => {
    const t = setup();
    const due = t.upload('live/due/720p.m3u8');
    t.clock.advanceTo(T0 + DEADLINE_MS + 100);
    const far = t.upload('live/far/720p.m3u8');
    const openHead = t.slowHead(due.key);
    const batch = t.checker.processSqsBatch(
      { Records: [t.message('due', [due.event]), t.message('far', [far.event])] },
      t.budget(60_000),
    );
    await settleMicrotasks();
    // The due message's HEAD takes 1.5 s.
    t.clock.advanceTo(t.clock.trueMs() + 1_500);
    openHead();
    const response = await batch;

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'far' }]);
    const call = t.calls.find((c) => c.receiptHandle === 'rh-far')!;
    expect(call.atMs).toBe(far.eventTimeMs);
    const backAtMs = call.atMs + call.seconds * 1000;
    expect(backAtMs).toBeLessThanOrEqual(far.eventTimeMs + DEADLINE_MS);
    expect(backAtMs).toBeGreaterThan(far.eventTimeMs + DEADLINE_MS - 1000);
    expect(t.store.deletions.map((d) => d.key)).toEqual([due.key]);
  });

  it('computes the visibility timeout when the queue is called, from the absolute deadline, not when the record was decided', async () => {
    const t = setup();
    const due = t.upload('live/due/720p.m3u8');
    t.clock.advanceTo(T0 + DEADLINE_MS + 100);
    const far = t.upload('live/far/720p.m3u8');
    const openHead = t.slowHead(due.key);
    // One message, two records: the far one is decided first, the message is postponed after the slow one.
    const batch = t.checker.processSqsBatch(
      { Records: [t.message('both', [far.event, due.event])] },
      t.budget(60_000),
    );
    await settleMicrotasks();
    t.clock.advanceTo(t.clock.trueMs() + 1_500);
    openHead();
    await batch;

    const call = t.calls.find((c) => c.receiptHandle === 'rh-both')!;
    expect(call.atMs).toBe(far.eventTimeMs + 1_500);
    expect(call.atMs + call.seconds * 1000).toBeLessThanOrEqual(far.eventTimeMs + DEADLINE_MS);
    expect(call.seconds).toBe(1);
  });

  it('never postpones past 12 h after the message was first received', async () => {
    const t = setup();
    // TARGETDURATION 3600 s: the deadline is 90 minutes away.
    const far = t.upload(
      'live/far/720p.m3u8',
      livePlaylist({ mediaSequence: 0, targetDuration: 3600 }),
    );
    const firstReceivedMs = t.clock.nowMs() - MAX_TOTAL_VISIBILITY_MS + 70_000;
    await t.checker.processSqsBatch(
      { Records: [t.message('old', [far.event], firstReceivedMs)] },
      t.budget(60_000),
    );
    const call = t.calls.find((c) => c.receiptHandle === 'rh-old')!;
    expect(call.atMs + call.seconds * 1000).toBeLessThanOrEqual(
      firstReceivedMs + MAX_TOTAL_VISIBILITY_MS - TOTAL_VISIBILITY_MARGIN_MS,
    );
    expect(call.seconds).toBe(60);
  });

  it('near the invocation’s timeout, makes the undecided messages visible again and returns', async () => {
    const t = setup();
    const hung = t.upload('live/hung/720p.m3u8');
    t.clock.advanceTo(T0 + DEADLINE_MS + 100);
    const far = t.upload('live/far/720p.m3u8');
    const openHead = t.slowHead(hung.key);
    const batch = t.checker.processSqsBatch(
      { Records: [t.message('hung', [hung.event]), t.message('far', [far.event])] },
      t.budget(10_000),
    );
    await settleMicrotasks();
    t.clock.advanceTo(t.clock.trueMs() + 10_000 - BATCH_CUTOFF_MARGIN_MS);
    const result = await Promise.race([batch, settleMicrotasks().then(() => 'still running')]);

    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'hung' }, { itemIdentifier: 'far' }],
    });
    expect(t.calls.filter((c) => c.receiptHandle === 'rh-hung')).toEqual([
      {
        receiptHandle: 'rh-hung',
        seconds: 0,
        atMs: far.eventTimeMs + 10_000 - BATCH_CUTOFF_MARGIN_MS,
      },
    ]);
    expect(t.logger.lines.some((l) => l.level === 'warn' && l.undecided === 1)).toBe(true);
    // The hung HEAD answers after the batch returned: its message is not postponed a second time.
    openHead();
    await settleMicrotasks();
    expect(t.calls.filter((c) => c.receiptHandle === 'rh-hung')).toHaveLength(1);
  });
});

describe('a batching window: a batch that was not full came when the window ran out', () => {
  const INLINE_MS = 500;
  const WINDOW_MS = 1_000;
  const WINDOWED = {
    inlineWaitMaxMs: INLINE_MS,
    eventSource: { batchSize: 10, batchingWindowMs: WINDOW_MS },
  };

  /** Postpones `count` fresh uploads in one batch; when each comes back, relative to its deadline. */
  async function backBeforeDeadline(
    overrides: Partial<CheckerConfig>,
    count: number,
  ): Promise<number[]> {
    const t = setup(overrides);
    const uploads = Array.from({ length: count }, (_, i) => t.upload(`live/ch${i}/720p.m3u8`));
    await t.checker.processSqsBatch(
      { Records: uploads.map((u, i) => t.message(`m${i}`, [u.event])) },
      t.budget(60_000),
    );
    return uploads.map((u, i) => {
      const call = t.calls.find((c) => c.receiptHandle === `rh-m${i}`)!;
      return u.eventTimeMs + DEADLINE_MS - (call.atMs + call.seconds * 1000);
    });
  }

  // Visibility is whole seconds: a message comes back within a second of the moment aimed at.
  const expectBackEarlyBy = (early: number, aimedMs: number) => {
    expect(early).toBeLessThanOrEqual(aimedMs);
    expect(early).toBeGreaterThan(aimedMs - 1_000);
  };

  it('postpones the messages of a partial batch a window earlier: the next window delivers them by the deadline + the inline wait', async () => {
    const [early] = await backBeforeDeadline(WINDOWED, 1);
    expectBackEarlyBy(early!, WINDOW_MS + INLINE_MS);
  });

  it('postpones the messages of a full batch as without a window', async () => {
    for (const early of await backBeforeDeadline(WINDOWED, 10)) {
      expectBackEarlyBy(early, INLINE_MS);
    }
  });

  it('without a window (the checker not told of one), a partial batch changes nothing', async () => {
    const [early] = await backBeforeDeadline({ inlineWaitMaxMs: INLINE_MS }, 1);
    expectBackEarlyBy(early!, INLINE_MS);
  });
});
