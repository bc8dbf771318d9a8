import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StreamState } from '../lab-events';
import {
  bucketOf,
  MASTER_PLAYLIST_KEY,
  mediaPlaylistKey,
  segmentFileName,
  segmentKey,
  type PipelineId,
  type Topology,
} from '../layout';
import type { LoadedFixtures, LoadedRendition } from './fixture-manifest';
import { streamName, type LiveEncoder, type StreamId } from './live-encoder';
import {
  lastCompleteSegment,
  scheduleStartingAt,
  segmentEndMs,
  segmentStartMs,
  windowEndingAt,
  type LiveSchedule,
} from './live-schedule';
import { renderMasterPlaylist, renderMediaPlaylist, type VariantInfo } from './playlists';
import { fixturesPerSegment, syntheticSegment } from './synthetic-media';

export const PLAYLIST_CONTENT_TYPE = 'application/vnd.apple.mpegurl';
const SEGMENT_CONTENT_TYPE = 'video/mp2t';
/** Segments kept in the bucket after they leave the window (an S3 lifecycle rule would do this). */
const RETAINED_SEGMENTS = 30;

export interface SyntheticEncoderOptions {
  /** Uploads (through the upload tap and the S3 notification stand-in). */
  s3: S3Client;
  /** Deletes of old segments, straight to the server. */
  janitor: S3Client;
  pipelines: readonly PipelineId[];
  fixtures: LoadedFixtures;
  targetDurationS: number;
  /** How the master playlist points at the media playlists. */
  topology: Topology;
  onStreamState: (stream: StreamId, state: StreamState, detail?: string) => void;
  onError: (message: string) => void;
  now?: () => number;
}

interface Stream extends StreamId {
  state: StreamState | 'ending';
  rendition: string;
  source: LoadedRendition;
  uploaded: Set<number>;
  lastSequence: number;
  inFlight?: Promise<void>;
  abort: AbortController;
}

export function variantsOf(fixtures: LoadedFixtures): VariantInfo[] {
  return fixtures.renditions.map((r) => ({
    rendition: r.name,
    bandwidth: r.bandwidth,
    averageBandwidth: r.averageBandwidth,
    width: r.width,
    height: r.height,
    frameRate: r.frameRate,
    codecs: r.codecs,
  }));
}

/**
 * The default encoder: publishes the committed fixtures as an endless live stream for every pipeline and
 * rendition, segments first and then the playlist, through the S3 API, on the wall-clock schedule both
 * pipelines share. Needs no ffmpeg.
 *
 * @example
 * const encoder = new SyntheticEncoder({ s3, janitor, pipelines: ['a', 'b'], fixtures, targetDurationS: 2, ... });
 * await encoder.start();
 * encoder.crash({ pipeline: 'a' });
 */
export class SyntheticEncoder implements LiveEncoder {
  readonly kind = 'synthetic' as const;
  readonly variants: VariantInfo[];
  private readonly streams: Stream[];
  private readonly perSegment: number;
  private readonly now: () => number;
  private schedule?: LiveSchedule;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly segmentCache = new Map<string, Buffer>();

  constructor(private readonly options: SyntheticEncoderOptions) {
    this.now = options.now ?? Date.now;
    this.perSegment = fixturesPerSegment(
      options.targetDurationS,
      options.fixtures.segmentDurationS,
    );
    this.variants = variantsOf(options.fixtures);
    this.streams = options.pipelines.flatMap((pipeline) =>
      options.fixtures.renditions.map((source) => ({
        pipeline,
        rendition: source.name,
        source,
        state: 'running' as const,
        uploaded: new Set<number>(),
        lastSequence: -1,
        abort: new AbortController(),
      })),
    );
  }

  private get segmentDurationS(): number {
    return this.perSegment * this.options.fixtures.segmentDurationS;
  }

  async start(): Promise<void> {
    this.schedule = scheduleStartingAt(this.now(), this.segmentDurationS * 1000);
    for (const pipeline of this.options.pipelines) {
      await this.put(
        pipeline,
        MASTER_PLAYLIST_KEY,
        renderMasterPlaylist({
          variants: this.variants,
          pipelines: this.options.pipelines,
          writer: pipeline,
          topology: this.options.topology,
        }),
        PLAYLIST_CONTENT_TYPE,
      );
    }
    const sequence = lastCompleteSegment(this.schedule, this.now());
    await Promise.all(this.streams.map((stream) => this.publish(stream, sequence)));
    for (const stream of this.streams) this.options.onStreamState(stream, 'running');
    this.scheduleTick(sequence);
  }

  crash(target: { pipeline: PipelineId; rendition?: string }): void {
    for (const stream of this.streams) {
      if (stream.pipeline !== target.pipeline) continue;
      if (target.rendition !== undefined && stream.rendition !== target.rendition) continue;
      if (stream.state !== 'running') continue;
      stream.state = 'crashed';
      // A killed process's uploads die with it.
      stream.abort.abort();
      stream.abort = new AbortController();
      this.options.onStreamState(stream, 'crashed', 'stopped publishing, no ENDLIST');
    }
  }

  async restore(): Promise<void> {
    const schedule = this.schedule;
    if (!schedule) return;
    const sequence = lastCompleteSegment(schedule, this.now());
    const revived = this.streams.filter((s) => s.state === 'crashed' || s.state === 'ended');
    for (const stream of revived) stream.state = 'running';
    await Promise.all(revived.map((stream) => this.publish(stream, sequence)));
    for (const stream of revived) this.options.onStreamState(stream, 'running', 'publishing again');
  }

  async end(): Promise<void> {
    const ending = this.streams.filter((s) => s.state === 'running');
    for (const stream of ending) stream.state = 'ending';
    await Promise.all(
      ending.map(async (stream) => {
        await stream.inFlight;
        await this.putPlaylist(stream, stream.lastSequence, true);
        stream.state = 'ended';
        this.options.onStreamState(stream, 'ended', 'last version has #EXT-X-ENDLIST');
      }),
    );
  }

  states(): Array<StreamId & { state: StreamState }> {
    return this.streams.map((s) => ({
      pipeline: s.pipeline,
      rendition: s.rendition,
      state: s.state === 'ending' ? 'running' : s.state,
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const stream of this.streams) stream.abort.abort();
    await Promise.allSettled(this.streams.map((s) => s.inFlight));
  }

  private scheduleTick(lastSequence: number): void {
    const schedule = this.schedule;
    if (this.stopped || !schedule) return;
    const nextAt = segmentEndMs(schedule, lastSequence + 1);
    this.timer = setTimeout(() => this.tick(), Math.max(0, nextAt - this.now()));
  }

  private tick(): void {
    const schedule = this.schedule;
    if (this.stopped || !schedule) return;
    const sequence = lastCompleteSegment(schedule, this.now());
    for (const stream of this.streams) {
      // A stream still uploading skips this tick; the next window includes what it missed.
      if (stream.state === 'running' && !stream.inFlight) void this.publish(stream, sequence);
    }
    this.scheduleTick(sequence);
  }

  private publish(stream: Stream, sequence: number): Promise<void> {
    const run = this.upload(stream, sequence, stream.abort.signal)
      .catch((error: unknown) => {
        if (stream.state === 'running' && !this.stopped) {
          this.options.onError(`${streamName(stream)}: upload failed: ${String(error)}`);
        }
      })
      .finally(() => {
        if (stream.inFlight === run) stream.inFlight = undefined;
      });
    stream.inFlight = run;
    return run;
  }

  private async upload(stream: Stream, sequence: number, signal: AbortSignal): Promise<void> {
    const schedule = this.schedule;
    if (!schedule || sequence < 0) return;
    const window = windowEndingAt(schedule, sequence);
    for (const s of window) {
      if (stream.uploaded.has(s)) continue;
      await this.put(
        stream.pipeline,
        segmentKey(stream.rendition, s),
        this.segmentBytes(stream.pipeline, stream.source, s),
        SEGMENT_CONTENT_TYPE,
        signal,
      );
      stream.uploaded.add(s);
    }
    await this.putPlaylist(stream, sequence, false, signal);
    this.sweepOldSegments(stream, window[0] ?? 0);
  }

  private async putPlaylist(
    stream: Stream,
    sequence: number,
    endList: boolean,
    signal?: AbortSignal,
  ): Promise<void> {
    const schedule = this.schedule;
    if (!schedule || sequence < 0) return;
    const window = windowEndingAt(schedule, sequence).filter((s) => stream.uploaded.has(s));
    const body = renderMediaPlaylist({
      targetDurationS: this.options.targetDurationS,
      mediaSequence: window[0] ?? sequence,
      segments: window.map((s) => ({
        uri: segmentFileName(s),
        durationS: this.segmentDurationS,
        programDateTimeMs: segmentStartMs(schedule, s),
      })),
      endList,
    });
    await this.put(
      stream.pipeline,
      mediaPlaylistKey(stream.rendition),
      body,
      PLAYLIST_CONTENT_TYPE,
      signal,
    );
    stream.lastSequence = sequence;
  }

  /** Segment `sequence` as `pipeline` encodes it: the same timestamps on both, a picture naming it. */
  private segmentBytes(pipeline: PipelineId, source: LoadedRendition, sequence: number): Buffer {
    const cacheKey = `${pipeline}:${source.name}:${sequence}`;
    let bytes = this.segmentCache.get(cacheKey);
    if (!bytes) {
      bytes = syntheticSegment(
        {
          segmentBytes: source.segmentBytes[pipeline],
          segmentDurationS: this.options.fixtures.segmentDurationS,
        },
        sequence,
        this.perSegment,
      );
      this.segmentCache.set(cacheKey, bytes);
      // Every stream asks for the same few segments: keep only the newest ones.
      for (const key of this.segmentCache.keys()) {
        if (this.segmentCache.size <= 4 * this.streams.length) break;
        this.segmentCache.delete(key);
      }
    }
    return bytes;
  }

  private sweepOldSegments(stream: Stream, firstInWindow: number): void {
    for (const s of stream.uploaded) {
      if (s >= firstInWindow - RETAINED_SEGMENTS) continue;
      stream.uploaded.delete(s);
      this.options.janitor
        .send(
          new DeleteObjectCommand({
            Bucket: bucketOf(stream.pipeline),
            Key: segmentKey(stream.rendition, s),
          }),
        )
        .catch((error: unknown) =>
          this.options.onError(
            `${streamName(stream)}: could not delete an old segment: ${String(error)}`,
          ),
        );
    }
  }

  private async put(
    pipeline: PipelineId,
    key: string,
    body: string | Buffer,
    contentType: string,
    abortSignal?: AbortSignal,
  ): Promise<void> {
    abortSignal?.throwIfAborted();
    await this.options.s3.send(
      new PutObjectCommand({
        Bucket: bucketOf(pipeline),
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
      abortSignal ? { abortSignal } : {},
    );
  }
}
