import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { StreamState } from '../lab-events';
import {
  bucketOf,
  MASTER_PLAYLIST_KEY,
  mediaPlaylistKey,
  segmentKeyPattern,
  type PipelineId,
  type Topology,
} from '../layout';
import { EncoderError, streamName, type LiveEncoder, type StreamId } from './live-encoder';
import { lastCompleteSegment, scheduleStartingAt, type LiveSchedule } from './live-schedule';
import { renderMasterPlaylist, type VariantInfo } from './playlists';
import {
  AUDIO_BITRATE,
  AUDIO_SAMPLE_RATE,
  FRAME_RATE,
  RENDITION_LADDER,
  type RenditionSpec,
} from './rendition-ladder';
import { PLAYLIST_CONTENT_TYPE } from './synthetic-encoder';

/** How long ffmpeg gets to write its last segment and `#EXT-X-ENDLIST` after SIGINT. */
const FFMPEG_END_TIMEOUT_MS = 5_000;
/** Segments ffmpeg keeps listed (`-hls_list_size`) and keeps in the bucket after that (`-hls_delete_threshold`). */
const FFMPEG_LIST_SIZE = 6;
const FFMPEG_DELETE_THRESHOLD = 30;

/**
 * The ffmpeg command line of one live rendition uploading to `uploadEndpoint` with `-method PUT`
 * (path-style S3 URLs; the lab's fauxqs accepts unsigned PUTs). `startNumber` continues the lab's shared
 * media sequence and `-output_ts_offset` keeps timestamps on the same timeline, so a restarted rendition
 * lines up with the other pipeline. Pure.
 *
 * @example
 * ffmpegArgs({ uploadEndpoint: 'http://127.0.0.1:4000', pipeline: 'a', spec, targetDurationS: 2, startNumber: 10 });
 */
function ffmpegArgs(input: {
  uploadEndpoint: string;
  pipeline: PipelineId;
  spec: RenditionSpec;
  targetDurationS: number;
  startNumber: number;
}): string[] {
  const { spec, targetDurationS } = input;
  const base = `${input.uploadEndpoint}/${bucketOf(input.pipeline)}`;
  const label = `pipeline ${input.pipeline.toUpperCase()} ${spec.name}`;
  const gop = String(FRAME_RATE * targetDurationS);
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...['-re', '-f', 'lavfi', '-i'],
    `testsrc2=size=${spec.width}x${spec.height}:rate=${FRAME_RATE},drawtext=text='${label}':fontsize=${spec.fontSize}:x=(w-tw)/2:y=h-th-4:fontcolor=white:box=1:boxcolor=black@0.6`,
    ...[
      '-re',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${spec.toneHz}:sample_rate=${AUDIO_SAMPLE_RATE}`,
    ],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p'],
    ...['-g', gop, '-keyint_min', gop, '-sc_threshold', '0'],
    ...['-b:v', spec.videoBitrate, '-maxrate', spec.videoBitrate, '-bufsize', spec.videoBitrate],
    ...['-c:a', 'aac', '-ac', '1', '-b:a', AUDIO_BITRATE],
    ...['-output_ts_offset', String(input.startNumber * targetDurationS)],
    ...['-f', 'hls', '-hls_time', String(targetDurationS)],
    ...['-hls_list_size', String(FFMPEG_LIST_SIZE)],
    ...['-hls_flags', 'program_date_time+delete_segments'],
    ...['-hls_delete_threshold', String(FFMPEG_DELETE_THRESHOLD)],
    ...['-start_number', String(input.startNumber)],
    ...['-method', 'PUT', '-http_persistent', '1'],
    ...['-hls_segment_filename', `${base}/${segmentKeyPattern(spec.name)}`],
    `${base}/${mediaPlaylistKey(spec.name)}`,
  ];
}

interface FfmpegStream extends StreamId {
  spec: RenditionSpec;
  state: StreamState;
  child?: ChildProcess;
  exited?: Promise<void>;
  stderr: string;
}

export interface FfmpegEncoderOptions {
  s3: S3Client;
  uploadEndpoint: string;
  pipelines: readonly PipelineId[];
  /** The master playlist's variants (the fixtures describe the same ladder). */
  variants: readonly VariantInfo[];
  /** How the master playlist points at the media playlists. */
  topology: Topology;
  targetDurationS: number;
  ffmpegPath?: string;
  onStreamState: (stream: StreamId, state: StreamState, detail?: string) => void;
  onError: (message: string) => void;
  now?: () => number;
}

/**
 * `--encoder ffmpeg`: one real ffmpeg process per pipeline and rendition, its HLS muxer uploading segments
 * and playlists with HTTP PUT. Crash is SIGKILL (no ENDLIST), end is SIGINT (ffmpeg writes
 * `#EXT-X-ENDLIST`), restore starts a new process. Only the processes it started are ever signalled.
 *
 * @example
 * const encoder = new FfmpegEncoder({ s3, uploadEndpoint, pipelines: ['a', 'b'], variants, targetDurationS: 2, ... });
 */
export class FfmpegEncoder implements LiveEncoder {
  readonly kind = 'ffmpeg' as const;
  readonly variants: readonly VariantInfo[];
  private readonly streams: FfmpegStream[];
  private readonly now: () => number;
  private schedule?: LiveSchedule;
  private stopping = false;

  constructor(private readonly options: FfmpegEncoderOptions) {
    this.now = options.now ?? Date.now;
    this.variants = options.variants;
    const specs = RENDITION_LADDER.filter((spec) =>
      options.variants.some((v) => v.rendition === spec.name),
    );
    this.streams = options.pipelines.flatMap((pipeline) =>
      specs.map((spec) => ({
        pipeline,
        rendition: spec.name,
        spec,
        state: 'crashed' as const,
        stderr: '',
      })),
    );
  }

  async start(): Promise<void> {
    const ffmpeg = this.options.ffmpegPath ?? 'ffmpeg';
    const probe = spawnSync(ffmpeg, ['-hide_banner', '-version'], { stdio: 'ignore' });
    if (probe.error || probe.status !== 0) {
      throw new EncoderError(
        `${ffmpeg} cannot run (${probe.error?.message ?? `exit ${probe.status}`}): install it (apt-get install -y ffmpeg) or use --encoder synthetic`,
        { cause: probe.error },
      );
    }
    this.schedule = scheduleStartingAt(this.now(), this.options.targetDurationS * 1000, 0);
    for (const pipeline of this.options.pipelines) {
      await this.options.s3.send(
        new PutObjectCommand({
          Bucket: bucketOf(pipeline),
          Key: MASTER_PLAYLIST_KEY,
          Body: renderMasterPlaylist({
            variants: this.variants,
            pipelines: this.options.pipelines,
            writer: pipeline,
            topology: this.options.topology,
          }),
          ContentType: PLAYLIST_CONTENT_TYPE,
        }),
      );
    }
    for (const stream of this.streams) this.spawn(stream);
  }

  crash(target: { pipeline: PipelineId; rendition?: string }): void {
    for (const stream of this.streams) {
      if (stream.pipeline !== target.pipeline || stream.state !== 'running') continue;
      if (target.rendition !== undefined && stream.rendition !== target.rendition) continue;
      stream.state = 'crashed';
      stream.child?.kill('SIGKILL');
      this.options.onStreamState(stream, 'crashed', 'ffmpeg SIGKILL: no ENDLIST');
    }
  }

  async restore(): Promise<void> {
    for (const stream of this.streams) {
      if (stream.state === 'running') continue;
      await stream.exited;
      this.spawn(stream);
    }
  }

  async end(): Promise<void> {
    await Promise.all(
      this.streams
        .filter((stream) => stream.state === 'running')
        .map(async (stream) => {
          stream.state = 'ended';
          stream.child?.kill('SIGINT');
          const timer = setTimeout(() => stream.child?.kill('SIGKILL'), FFMPEG_END_TIMEOUT_MS);
          await stream.exited;
          clearTimeout(timer);
          this.options.onStreamState(stream, 'ended', 'ffmpeg SIGINT: wrote #EXT-X-ENDLIST');
        }),
    );
  }

  states(): Array<StreamId & { state: StreamState }> {
    return this.streams.map((s) => ({
      pipeline: s.pipeline,
      rendition: s.rendition,
      state: s.state,
    }));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const stream of this.streams) {
      if (stream.child && stream.child.exitCode === null && stream.child.signalCode === null) {
        stream.child.kill('SIGKILL');
      }
    }
    await Promise.all(this.streams.map((s) => s.exited));
  }

  private spawn(stream: FfmpegStream): void {
    const schedule = this.schedule;
    if (!schedule) throw new EncoderError('start() first');
    const args = ffmpegArgs({
      uploadEndpoint: this.options.uploadEndpoint,
      pipeline: stream.pipeline,
      spec: stream.spec,
      targetDurationS: this.options.targetDurationS,
      startNumber: lastCompleteSegment(schedule, this.now()) + 1,
    });
    const child = spawn(this.options.ffmpegPath ?? 'ffmpeg', args, {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    stream.child = child;
    stream.state = 'running';
    stream.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stream.stderr = (stream.stderr + chunk.toString()).slice(-2_000);
    });
    stream.exited = new Promise<void>((resolve) => {
      child.once('error', (error) => {
        this.options.onError(`${streamName(stream)}: cannot run ffmpeg: ${error.message}`);
        resolve();
      });
      child.once('exit', (code, signal) => {
        if (stream.child === child && stream.state === 'running' && !this.stopping) {
          stream.state = 'crashed';
          this.options.onError(
            `${streamName(stream)}: ffmpeg exited (${signal ?? code}): ${stream.stderr.trim().slice(-300)}`,
          );
          this.options.onStreamState(stream, 'crashed', `ffmpeg exited (${signal ?? code})`);
        }
        resolve();
      });
    });
    this.options.onStreamState(stream, 'running', `ffmpeg pid ${child.pid}`);
  }
}
