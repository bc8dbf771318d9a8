/**
 * Decisions per second, full parse (m3u8-parser + line scanner) versus the bounded head/tail path, for
 * ffmpeg-style live playlists of 6, 100 and 10,000 segments. A benchmark prints; it asserts nothing
 * about time.
 *
 *   npx tsx --tsconfig tsconfig.base.json libs/playlist/bench/decide.bench.ts   (or: npx nx run playlist:bench)
 *   BENCH_MS=3000 npx tsx --tsconfig tsconfig.base.json libs/playlist/bench/decide.bench.ts
 */
import { cpus } from 'node:os';
import {
  DEFAULT_STALENESS_POLICY,
  decide,
  parsePlaylist,
  readPlaylistFacts,
  type Verdict,
} from '../src/index';
import { boundedRead, headTailOf } from '../test/head-tail';
import { buildMediaPlaylist, ffmpegStyleSpec } from '../test/playlist-generator';

const SEGMENT_COUNTS = [6, 100, 10_000];
const MEASURE_MS = Number(process.env['BENCH_MS'] ?? 1500);
const LAST_UPDATE_MS = Date.UTC(2026, 10, 20, 10, 0, 0);
const NOW_MS = LAST_UPDATE_MS + 5000; // TD 2 s: stale, the path that leads to a delete

interface Measurement {
  opsPerSecond: number;
  microsPerOp: number;
}

function measure(decideOnce: () => Verdict): Measurement {
  let sink = 0;
  const warmUntil = performance.now() + Math.min(300, MEASURE_MS / 4);
  while (performance.now() < warmUntil) sink += decideOnce().kind.length;
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = performance.now() + MEASURE_MS;
  while (performance.now() < deadline) {
    sink += decideOnce().kind.length;
    ops++;
  }
  const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink === 0) throw new Error('unreachable: keeps the work observable');
  return { opsPerSecond: (ops * 1000) / elapsedMs, microsPerOp: (elapsedMs * 1000) / ops };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${MEASURE_MS} ms per cell`,
);
console.log('');
console.log(
  '| segments | playlist bytes | full parse: decisions/s (µs each) | bounded: decisions/s (µs each) | bounded path | bytes read (bounded) | speed-up |',
);
console.log('|---:|---:|---:|---:|---|---:|---:|');
for (const segments of SEGMENT_COUNTS) {
  const text = buildMediaPlaylist(ffmpegStyleSpec(segments));
  const input = headTailOf(text);
  const policy = DEFAULT_STALENESS_POLICY;
  const full = () =>
    decide({ playlist: parsePlaylist(text), lastUpdateMs: LAST_UPDATE_MS, nowMs: NOW_MS, policy });
  const bounded = () =>
    decide({
      playlist: readPlaylistFacts(input),
      lastUpdateMs: LAST_UPDATE_MS,
      nowMs: NOW_MS,
      policy,
    });
  const [fullVerdict, boundedVerdict] = [full(), bounded()];
  if (
    JSON.stringify(fullVerdict) !== JSON.stringify(boundedVerdict) ||
    fullVerdict.kind !== 'stale'
  ) {
    throw new Error(
      `paths disagree at ${segments} segments: ${JSON.stringify([fullVerdict, boundedVerdict])}`,
    );
  }
  const f = measure(full);
  const b = measure(bounded);
  const path =
    input.totalBytes <= input.head.length ? 'whole file in head: full parse' : 'head + tail scan';
  console.log(
    `| ${fmt(segments)} | ${fmt(input.totalBytes)} | ${fmt(f.opsPerSecond)} (${fmt(f.microsPerOp, 1)}) | ${fmt(b.opsPerSecond)} (${fmt(b.microsPerOp, 1)}) | ${path} | ${fmt(boundedRead(input.totalBytes).bytes)} | ${fmt(f.microsPerOp / b.microsPerOp, 1)}× |`,
  );
}
