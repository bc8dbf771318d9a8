/**
 * Produces the synthetic encoder's committed media: per rendition, one 12 s loop cut into 6 × 2 s MPEG-TS
 * segments (H.264 Constrained Baseline + mono AAC-LC at very low bitrate), and `fixtures.json` describing
 * them. Needs ffmpeg and ffprobe (`apt-get install -y ffmpeg`); run with `npx nx run lab:fixtures`.
 *
 * The loop is built so that the synthetic encoder can shift every timestamp by a whole loop and play
 * forever without `#EXT-X-DISCONTINUITY`: 12 s of 10 fps video is 120 frames, and 12 s of 32 kHz audio is
 * exactly 375 AAC frames of 1,024 samples once the encoder's 1,024 priming samples are counted (the sine
 * source is 1,024 samples short of 12 s). The script checks that continuity before writing anything.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  FIXTURE_LOOP_SEGMENTS,
  FIXTURE_PIPELINES,
  type FixturePipeline,
  FIXTURE_SEGMENT_DURATION_S,
  type FixtureManifest,
  type FixtureRendition,
} from '../src/encoder/fixture-manifest';
import { MPEG_TS_CLOCK_HZ } from '../src/encoder/mpegts-timestamps';
import {
  AUDIO_BITRATE,
  AUDIO_SAMPLE_RATE,
  FRAME_RATE,
  RENDITION_LADDER,
  type RenditionSpec,
} from '../src/encoder/rendition-ladder';

const OUT_DIR = resolve(__dirname, '../fixtures/synthetic');
const AAC_FRAME_SAMPLES = 1_024;
const LOOP_S = FIXTURE_SEGMENT_DURATION_S * FIXTURE_LOOP_SEGMENTS;

function run(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run`, { cause: result.error });
  if (result.status !== 0) {
    throw new Error(`${command} exited with ${result.status}: ${result.stderr.slice(-2_000)}`);
  }
  return result.stdout;
}

/** One loop of one rendition as pipeline `pipeline` encodes it: the picture names the pipeline. */
function encode(spec: RenditionSpec, pipeline: FixturePipeline, dir: string): void {
  const label = `pipeline ${pipeline.toUpperCase()} ${spec.name}`;
  const primingS = AAC_FRAME_SAMPLES / AUDIO_SAMPLE_RATE;
  run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i'],
    `testsrc2=size=${spec.width}x${spec.height}:rate=${FRAME_RATE},drawtext=text='${label}':fontsize=${spec.fontSize}:x=(w-tw)/2:y=h-th-4:fontcolor=white:box=1:boxcolor=black@0.6`,
    ...['-f', 'lavfi', '-i'],
    `sine=frequency=${spec.toneHz}:sample_rate=${AUDIO_SAMPLE_RATE}:duration=${(LOOP_S - primingS).toFixed(6)}`,
    ...['-t', String(LOOP_S), '-threads', '1'],
    ...['-c:v', 'libx264', '-preset', 'veryslow', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p'],
    ...[
      '-g',
      String(FRAME_RATE * FIXTURE_SEGMENT_DURATION_S),
      '-keyint_min',
      String(FRAME_RATE * FIXTURE_SEGMENT_DURATION_S),
    ],
    ...['-sc_threshold', '0', '-b:v', spec.videoBitrate, '-maxrate', spec.videoBitrate],
    ...['-bufsize', spec.videoBitrate],
    ...['-c:a', 'aac', '-ac', '1', '-b:a', AUDIO_BITRATE],
    ...['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'],
    ...['-f', 'hls', '-hls_time', String(FIXTURE_SEGMENT_DURATION_S)],
    ...['-hls_playlist_type', 'vod', '-hls_segment_filename', join(dir, 'seg-%d.ts')],
    join(dir, 'index.m3u8'),
  ]);
}

interface StreamProbe {
  codecName: string;
  profile: string;
  level: number;
}

function probeStreams(file: string): { video: StreamProbe; audio: StreamProbe } {
  const out = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', file])) as {
    streams: Array<{ codec_type: string; codec_name: string; profile: string; level: number }>;
  };
  const pick = (type: string): StreamProbe => {
    const stream = out.streams.find((s) => s.codec_type === type);
    if (!stream) throw new Error(`${file} has no ${type} stream`);
    return { codecName: stream.codec_name, profile: stream.profile, level: stream.level };
  };
  return { video: pick('video'), audio: pick('audio') };
}

function packetTimes(file: string, stream: 'a' | 'v'): number[] {
  return run('ffprobe', [
    ...['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=pts'],
    ...['-of', 'csv=p=0', file],
  ])
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => /^\d+$/.test(line))
    .map(Number);
}

/** RFC 6381 codec strings: `avc1.PPCCLL` (profile, constraint flags, level) and AAC-LC. */
function codecsOf(video: StreamProbe, audio: StreamProbe): string {
  if (video.codecName !== 'h264' || !/baseline/i.test(video.profile)) {
    throw new Error(`unexpected video stream ${video.codecName} ${video.profile}`);
  }
  if (audio.codecName !== 'aac' || audio.profile !== 'LC') {
    throw new Error(`unexpected audio stream ${audio.codecName} ${audio.profile}`);
  }
  const constraints = /constrained/i.test(video.profile) ? 'c0' : '00';
  return `avc1.42${constraints}${video.level.toString(16).padStart(2, '0')},mp4a.40.2`;
}

/** The loop must be seamless: the next loop's first frame lands exactly one frame after the last one. */
function checkLoopContinuity(files: readonly string[]): void {
  const loopTicks = LOOP_S * MPEG_TS_CLOCK_HZ;
  const frameTicks = {
    v: MPEG_TS_CLOCK_HZ / FRAME_RATE,
    a: (AAC_FRAME_SAMPLES * MPEG_TS_CLOCK_HZ) / AUDIO_SAMPLE_RATE,
  };
  for (const stream of ['v', 'a'] as const) {
    const first = Math.min(...packetTimes(files[0] ?? '', stream));
    const last = Math.max(...packetTimes(files.at(-1) ?? '', stream));
    const gap = first + loopTicks - last;
    if (gap !== frameTicks[stream]) {
      throw new Error(
        `${stream === 'v' ? 'video' : 'audio'} does not loop seamlessly: next loop starts ${gap} ticks after the last frame, expected ${frameTicks[stream]}`,
      );
    }
  }
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'lab-fixtures-'));
  try {
    const renditions: FixtureRendition[] = [];
    for (const spec of RENDITION_LADDER) {
      const segments = {} as Record<FixturePipeline, string[]>;
      const sizes: number[][] = [];
      const codecs = new Set<string>();
      for (const pipeline of FIXTURE_PIPELINES) {
        const dir = join(work, pipeline, spec.name);
        mkdirSync(dir, { recursive: true });
        encode(spec, pipeline, dir);
        const files = Array.from({ length: FIXTURE_LOOP_SEGMENTS }, (_, i) =>
          join(dir, `seg-${i}.ts`),
        );
        const playlist = readFileSync(join(dir, 'index.m3u8'), 'utf8');
        const durations = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].map((m) => Number(m[1]));
        if (
          durations.length !== FIXTURE_LOOP_SEGMENTS ||
          durations.some((d) => Math.abs(d - FIXTURE_SEGMENT_DURATION_S) > 1e-6)
        ) {
          throw new Error(`${spec.name}: expected 6 × 2 s segments, got ${durations.join(', ')}`);
        }
        checkLoopContinuity(files);
        const { video, audio } = probeStreams(files[0] ?? '');
        codecs.add(codecsOf(video, audio));
        sizes.push(files.map((file) => readFileSync(file).length));
        mkdirSync(join(OUT_DIR, pipeline, spec.name), { recursive: true });
        segments[pipeline] = files.map((file, i) => {
          const name = `${pipeline}/${spec.name}/seg-${i}.mpegts`;
          copyFileSync(file, join(OUT_DIR, name));
          return name;
        });
      }
      // One EXT-X-STREAM-INF serves both pipelines: their streams must decode the same way.
      if (codecs.size !== 1) throw new Error(`${spec.name}: the pipelines differ: ${[...codecs]}`);
      const bits = (bytes: number) => Math.ceil((bytes * 8) / FIXTURE_SEGMENT_DURATION_S);
      const all = sizes.flat();
      renditions.push({
        name: spec.name,
        width: spec.width,
        height: spec.height,
        frameRate: FRAME_RATE,
        codecs: [...codecs][0] ?? '',
        bandwidth: Math.max(...all.map(bits)),
        averageBandwidth: Math.max(
          ...sizes.map((perPipeline) =>
            Math.ceil(
              bits(perPipeline.reduce((sum, size) => sum + size, 0)) / FIXTURE_LOOP_SEGMENTS,
            ),
          ),
        ),
        segments,
      });
    }
    const manifest: FixtureManifest = {
      generatedBy: 'tools/lab/scripts/make-fixtures.ts',
      segmentDurationS: FIXTURE_SEGMENT_DURATION_S,
      loopDurationS: LOOP_S,
      renditions,
    };
    writeFileSync(join(OUT_DIR, 'fixtures.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const total = renditions.reduce(
      (sum, r) =>
        sum +
        Object.values(r.segments)
          .flat()
          .reduce((s, name) => s + readFileSync(join(OUT_DIR, name)).length, 0),
      0,
    );
    process.stdout.write(`wrote ${OUT_DIR} (${(total / 1024).toFixed(0)} KB of segments)\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
