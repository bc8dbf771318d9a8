import { s3ObjectCreatedEvent } from '@hls-stale-guard/local-aws';
import { DEFAULT_METRICS_CONFIG, InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createChecker, type Checker } from '../create-checker';
import type { CheckerConfig } from '../load-config';
import type { DeadlineQueue } from '../core/ports';
import { InMemoryPlaylistRegistry } from '../registry/in-memory-playlist-registry';
import { FakeClock } from './fake-clock';
import { InMemoryPlaylistStore, type InMemoryStoreOptions } from './in-memory-playlist-store';
import { RecordingLogger } from './recording-logger';

export const SIM_BUCKET = 'origin-a';

export function simConfig(overrides: Partial<CheckerConfig> = {}): CheckerConfig {
  return {
    scope: { buckets: [SIM_BUCKET], prefixes: [''] },
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/sim',
    policy: { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 },
    maxPlaylistBytes: 5 * 1024 * 1024,
    dryRun: false,
    maxDeletionsPerMinute: 100_000,
    reconcilerSafetyMarginMs: 1000,
    registry: { tableName: 'hls-stale-guard-registry', ttlHours: 168 },
    metrics: DEFAULT_METRICS_CONFIG,
    ...overrides,
  };
}

interface QueuedMessage {
  messageId: string;
  body: string;
  /** True time the message becomes visible. */
  visibleAtMs: number;
  receives: number;
  receiptHandle: string;
}

/**
 * A deterministic, single-instance simulation of the whole pipeline on a fake clock: an in-memory S3
 * (If-Match honoured), S3 → SQS notifications with a chosen delivery latency, an SQS queue that honours
 * ChangeMessageVisibility, and the real checker code processing batches of up to 10 messages.
 */
export class SimulatedOrigin {
  readonly clock: FakeClock;
  readonly store: InMemoryPlaylistStore;
  readonly metrics = new InMemoryMetricsSink({ clock: { now: () => this.clock.trueMs() } });
  readonly logger = new RecordingLogger();
  readonly registry = new InMemoryPlaylistRegistry();
  readonly checker: Checker;
  readonly postponements: Array<{ receiptHandle: string; seconds: number }> = [];
  private readonly queue: QueuedMessage[] = [];
  private readonly scheduled: Array<{ atMs: number; action: () => void }> = [];
  private sequence = 0;
  private messageCounter = 0;
  invocations = 0;

  private readonly batchSize: number;

  constructor(
    options: {
      startMs?: number;
      clockOffsetMs?: number;
      config?: Partial<CheckerConfig>;
      batchSize?: number;
      /** The bucket's versioning, as the in-memory S3 shows it (default: versioned). */
      store?: InMemoryStoreOptions;
    } = {},
  ) {
    // Fake sleeps advance the one shared clock, so concurrent records' waits add up: lag-sensitive runs use
    // batches of 1; batch handling itself is tested with 10.
    this.batchSize = options.batchSize ?? 10;
    this.clock = new FakeClock(
      options.startMs ?? Date.parse('2026-11-26T10:00:00.000Z'),
      options.clockOffsetMs ?? 0,
    );
    this.store = new InMemoryPlaylistStore(() => this.clock.trueMs(), options.store);
    const deadlineQueue: DeadlineQueue = {
      postpone: async (receiptHandle, seconds) => {
        this.postponements.push({ receiptHandle, seconds });
        const message = this.queue.find((m) => m.receiptHandle === receiptHandle);
        if (message) message.visibleAtMs = this.clock.trueMs() + seconds * 1000;
      },
    };
    this.checker = createChecker({
      config: simConfig(options.config),
      store: this.store,
      queue: deadlineQueue,
      metrics: this.metrics,
      registry: this.registry,
      clock: this.clock,
      logger: this.logger,
    });
    // Scheduled actions (encoder uploads) land as soon as time reaches them, even mid-check.
    this.clock.onAdvance = () => this.runScheduled();
    this.store.beforeOperation = () => this.runScheduled();
  }

  /**
   * Upload now; its notification is delivered after `latencyMs`, or never with `Infinity` (lost, or
   * delivered to another instance). `eventBody` can be enqueued again: a late or redelivered duplicate.
   */
  upload(
    key: string,
    body: string,
    latencyMs = 50,
    bucket = SIM_BUCKET,
  ): { etag: string; eventTimeMs: number; eventBody: string } {
    const write = this.store.put(bucket, key, body);
    this.sequence += 1;
    const messageBody = s3ObjectCreatedEvent({
      bucket,
      key,
      ...write,
      sequencer: this.sequence.toString(16).toUpperCase().padStart(16, '0'),
    });
    if (Number.isFinite(latencyMs)) this.enqueue(messageBody, this.clock.trueMs() + latencyMs);
    return { ...write, eventBody: messageBody };
  }

  enqueue(body: string, visibleAtMs = this.clock.trueMs()): void {
    this.messageCounter += 1;
    this.queue.push({
      messageId: `m-${this.messageCounter}`,
      body,
      visibleAtMs,
      receives: 0,
      receiptHandle: `rh-${this.messageCounter}-0`,
    });
  }

  /** Deliver the last enqueued notification a second time, `delayMs` from now (S3 is at-least-once). */
  duplicateLast(delayMs: number): void {
    const last = this.queue.at(-1);
    if (last) this.enqueue(last.body, this.clock.trueMs() + delayMs);
  }

  /** Run `action` when true time reaches `atMs`. */
  at(atMs: number, action: () => void): void {
    this.scheduled.push({ atMs, action });
    this.scheduled.sort((a, b) => a.atMs - b.atMs);
  }

  get pendingMessages(): number {
    return this.queue.length;
  }

  /** Advance true time to `untilMs`, delivering visible messages in batches like the Lambda poller. */
  async runUntil(untilMs: number, remainingMs = 60_000): Promise<void> {
    for (;;) {
      this.runScheduled();
      const now = this.clock.trueMs();
      const visible = this.queue.filter((m) => m.visibleAtMs <= now).slice(0, this.batchSize);
      if (visible.length > 0) {
        await this.deliver(visible, remainingMs);
        continue;
      }
      const nextTimes = [
        ...this.queue.map((m) => m.visibleAtMs),
        ...this.scheduled.map((s) => s.atMs),
      ].filter((t) => t > now && t <= untilMs);
      if (nextTimes.length === 0) {
        this.clock.advanceTo(untilMs);
        return;
      }
      this.clock.advanceTo(Math.min(...nextTimes));
    }
  }

  private async deliver(messages: QueuedMessage[], remainingMs: number): Promise<void> {
    this.invocations += 1;
    const records: SQSRecord[] = messages.map((m) => {
      m.receives += 1;
      m.receiptHandle = `rh-${m.messageId}-${m.receives}`;
      m.visibleAtMs = Number.POSITIVE_INFINITY; // in flight
      return {
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receives),
          SentTimestamp: String(this.clock.trueMs()),
          SenderId: 'AROAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(this.clock.trueMs()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:sim',
        awsRegion: 'us-east-1',
      };
    });
    const started = this.clock.trueMs();
    const event: SQSEvent = { Records: records };
    const response = await this.checker.processSqsBatch(event, {
      remainingMs: () => remainingMs - (this.clock.trueMs() - started),
    });
    const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    for (const message of messages) {
      if (!failed.has(message.messageId)) {
        this.queue.splice(this.queue.indexOf(message), 1);
      } else if (message.visibleAtMs === Number.POSITIVE_INFINITY) {
        message.visibleAtMs = this.clock.trueMs() + 30_000; // the queue's visibility timeout
      }
    }
  }

  private runScheduled(): void {
    while (
      this.scheduled.length > 0 &&
      (this.scheduled[0]?.atMs ?? Infinity) <= this.clock.trueMs()
    ) {
      this.scheduled.shift()?.action();
    }
  }
}

/** A live media playlist body (no ENDLIST) with `segments` segments starting at `mediaSequence`. */
export function livePlaylist(options: {
  targetDuration?: number;
  mediaSequence: number;
  segments?: number;
  endList?: boolean;
  playlistType?: 'EVENT' | 'VOD';
}): string {
  const td = options.targetDuration ?? 2;
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${td}`,
    `#EXT-X-MEDIA-SEQUENCE:${options.mediaSequence}`,
  ];
  if (options.playlistType) lines.push(`#EXT-X-PLAYLIST-TYPE:${options.playlistType}`);
  for (let i = 0; i < (options.segments ?? 6); i += 1) {
    lines.push(`#EXTINF:${td.toFixed(3)},`, `segment_${options.mediaSequence + i}.ts`);
  }
  if (options.endList) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

export const MASTER_PLAYLIST = [
  '#EXTM3U',
  '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360',
  'a/360p.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360',
  'b/360p.m3u8',
  '',
].join('\n');
