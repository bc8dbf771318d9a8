import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION, startFauxqs } from '@hls-stale-guard/local-aws';
import {
  boundedReadCost,
  DEFAULT_STALENESS_POLICY,
  decide,
  headTailOf,
  parsePlaylist,
  readPlaylistFacts,
  type Verdict,
} from '@hls-stale-guard/playlist';
import { FactsCache, readFacts, S3PlaylistStore } from '@hls-stale-guard/checker';
import { RequestCounter } from '../harness/request-counter';
import { timeCalls } from '../stats/time-calls';
import { livePlaylistText } from '../harness/playlist-text';

const SEGMENT_COUNTS = [6, 100, 10_000] as const;

interface ThroughputRow {
  segments: number;
  playlistBytes: number;
  fullParse: { decisionsPerSecond: number; microsPerDecision: number };
  bounded: { decisionsPerSecond: number; microsPerDecision: number };
  /** Measured against the local S3 server: what one check's fact read transfers. */
  s3: { getRequests: number; bytesRead: number; expectedBytes: number };
}

export interface ThroughputResult {
  measureMs: number;
  rounds: number;
  rows: ThroughputRow[];
}

class PathsDisagreeError extends Error {
  override name = 'PathsDisagreeError';
}

const TARGET_DURATION_S = 2;
const LAST_UPDATE_MS = Date.UTC(2026, 10, 20, 10, 0, 0);
/** 5 s after the last update at TD 2 s: stale, the path that ends in a delete. */
const NOW_MS = LAST_UPDATE_MS + 5_000;

/** Rounds per cell: the fastest round is reported (other processes on the machine only ever slow one down). */
const ROUNDS = 5;

function measure(decideOnce: () => Verdict, measureMs: number): ThroughputRow['fullParse'] {
  const { msPerCall, last } = timeCalls(decideOnce, {
    warmUpMs: Math.min(200, measureMs / 4),
    rounds: ROUNDS,
    perRound: { budgetMs: measureMs / ROUNDS },
  });
  if (last.kind !== 'stale')
    throw new PathsDisagreeError(`the measured path ended in a ${last.kind} verdict, not stale`);
  const best = Math.min(...msPerCall);
  return { decisionsPerSecond: 1000 / best, microsPerDecision: best * 1000 };
}

/**
 * Decisions per second for 6-, 100- and 10,000-segment live playlists, full parse (m3u8-parser) versus
 * the bounded head/tail path the checker uses, and the bytes one check reads from S3 (measured through
 * the checker's own `readFacts` and S3 adapter against the local S3 server).
 */
export async function runThroughput(measureMs: number): Promise<ThroughputResult> {
  const texts = SEGMENT_COUNTS.map((segments) => ({
    segments,
    text: livePlaylistText({
      name: `bench_${segments}`,
      targetDurationS: TARGET_DURATION_S,
      mediaSequence: 1000,
      segments,
      firstSegmentMs: LAST_UPDATE_MS - segments * TARGET_DURATION_S * 1000,
    }),
  }));

  const aws = await startFauxqs();
  const counter = new RequestCounter();
  const s3 = new S3Client({
    endpoint: aws.endpoint,
    forcePathStyle: true,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  const reads = new Map<number, ThroughputRow['s3']>();
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'origin-a' }));
    const store = new S3PlaylistStore(s3);
    counter.attach(s3);
    for (const { segments, text } of texts) {
      const key = `live/bench/${segments}.m3u8`;
      const put = await s3.send(new PutObjectCommand({ Bucket: 'origin-a', Key: key, Body: text }));
      const before = counter.counts();
      const read = await readFacts(
        { store, cache: new FactsCache() },
        'origin-a',
        key,
        put.ETag ?? '',
      );
      const after = counter.counts();
      if (read.kind !== 'facts' || read.facts.kind !== 'media') {
        throw new PathsDisagreeError(`readFacts did not read the ${segments}-segment playlist`);
      }
      reads.set(segments, {
        getRequests: after.s3.get - before.s3.get,
        bytesRead: after.s3GetBytes - before.s3GetBytes,
        expectedBytes: boundedReadCost(Buffer.byteLength(text)).bytes,
      });
    }
  } finally {
    s3.destroy();
    await aws.stop();
  }

  const rows: ThroughputRow[] = [];
  const policy = DEFAULT_STALENESS_POLICY;
  for (const { segments, text } of texts) {
    const input = headTailOf(text);
    const full = () =>
      decide({
        playlist: parsePlaylist(text),
        lastUpdateMs: LAST_UPDATE_MS,
        nowMs: NOW_MS,
        policy,
      });
    const bounded = () =>
      decide({
        playlist: readPlaylistFacts(input),
        lastUpdateMs: LAST_UPDATE_MS,
        nowMs: NOW_MS,
        policy,
      });
    const [a, b] = [full(), bounded()];
    if (a.kind !== 'stale' || JSON.stringify(a) !== JSON.stringify(b)) {
      throw new PathsDisagreeError(
        `full parse and bounded path disagree at ${segments} segments: ${JSON.stringify([a, b])}`,
      );
    }
    rows.push({
      segments,
      playlistBytes: input.totalBytes,
      fullParse: measure(full, measureMs),
      bounded: measure(bounded, measureMs),
      s3: reads.get(segments) ?? { getRequests: 0, bytesRead: 0, expectedBytes: 0 },
    });
  }
  return { measureMs, rounds: ROUNDS, rows };
}
