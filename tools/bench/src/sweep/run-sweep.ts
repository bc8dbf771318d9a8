import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CHECKER_SDK_CLIENT_SETTINGS,
  createChecker,
  DynamoDbPlaylistRegistry,
  expiresAtSeconds,
  loadConfig,
  S3PlaylistStore,
  type Checker,
  type ReconcileReport,
  type RegisterReport,
} from '@hls-stale-guard/checker';
import { CHECKER_ENV } from '@hls-stale-guard/contract';
import {
  createRegistryTable,
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startDynalite,
  startFauxqs,
} from '@hls-stale-guard/local-aws';
import { InMemoryMetricsSink } from '@hls-stale-guard/metrics';
import { mapLimit } from '@hls-stale-guard/checker';
import { livePlaylistText } from '../harness/playlist-text';
import { lambdaCpus, withCpuLimit } from '../harness/cpu-limit';
import { createRawS3Putter, type RawS3Putter } from '../harness/raw-s3-putter';
import { RequestCounter, type RequestCounts } from '../harness/request-counter';
import { summarize, type Summary } from '../stats/percentiles';

/** Requests of one sweep, by billable class. */
interface SweepRequests {
  scanPages: number;
  /** DynamoDB requests other than Scan (the cursor's GetItem/PutItem/DeleteItem, UpdateItem). */
  otherDynamoDb: number;
  head: number;
  get: number;
  list: number;
  delete: number;
}

interface SweepCase {
  /** Segment objects next to the playlists, under the same prefixes. */
  segments: number;
  objects: number;
  /** Wall time of each sweep, ms. */
  sweepMs: Summary;
  /**
   * One more sweep with this process held to Lambda's CPU at the deployment's memory (cgroup quota), ms;
   * absent where that was not possible (see `SweepResult.atLambdaCpu`).
   */
  sweepMsAtLambdaCpu?: number;
  /** Requests per sweep (identical for every sweep of the case, or the run fails). */
  requests: SweepRequests;
  report: Pick<ReconcileReport, 'complete' | 'scanned' | 'live' | 'fresh' | 'deleted' | 'errors'>;
  /** For contrast: one full listing of the same bucket (what `register` does once; the old sweep did every run). */
  listing: { ms: number; lists: number; gets: number; report: RegisterReport };
}

export interface SweepResult {
  playlists: number;
  /** Size of one registry item by DynamoDB's rules (names + values), as the adapter writes it. */
  itemBytes: number;
  sweepsPerCase: number;
  cases: SweepCase[];
  /** Seeding the segment objects, for the record (not the guard's cost). */
  seed: { objectsPerSecond: number };
  /** Every case sent the same requests per sweep. */
  independentOfSegments: boolean;
  /** The CPU the extra sweep per case ran with, or why it ran on this machine's full CPU. */
  atLambdaCpu: { memoryMb: number } & ({ cpus: number } | { reason: string });
}

const BUCKET = 'origin-a';
const PREFIX = 'live/';
const TD_S = 6;
const SEED_CONCURRENCY = 48;

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_AWS_REGION,
  credentials: LOCAL_AWS_CREDENTIALS,
});

function playlistKey(i: number): string {
  return `${PREFIX}ch${String(Math.floor(i / 5)).padStart(4, '0')}/r${i % 5}/index.m3u8`;
}

function segmentKey(i: number, playlists: number): string {
  const owner = playlistKey(i % playlists).replace(/index\.m3u8$/, '');
  return `${owner}seg_${String(i).padStart(7, '0')}.ts`;
}

function requestsBetween(before: RequestCounts, after: RequestCounts): SweepRequests {
  const dynamo = (counts: RequestCounts, pick: (action: string) => boolean) =>
    Object.entries(counts.dynamodb)
      .filter(([action]) => pick(action))
      .reduce((sum, [, n]) => sum + n, 0);
  return {
    scanPages: dynamo(after, (a) => a === 'Scan') - dynamo(before, (a) => a === 'Scan'),
    otherDynamoDb: dynamo(after, (a) => a !== 'Scan') - dynamo(before, (a) => a !== 'Scan'),
    head: after.s3.head - before.s3.head,
    get: after.s3.get - before.s3.get,
    list: after.s3.list - before.s3.list,
    delete: after.s3.delete - before.s3.delete,
  };
}

async function putAll(
  putter: RawS3Putter,
  keys: readonly string[],
  body: (key: string) => string,
): Promise<void> {
  await mapLimit(keys, SEED_CONCURRENCY, async (key) => {
    const answer = await putter.put(BUCKET, key, body(key));
    if (answer.status !== 200) throw new Error(`seeding PUT ${key} answered ${answer.status}`);
  });
}

/**
 * The reconciler's sweep against the playlist registry, with few and with many segment objects beside
 * the playlists: fauxqs (S3) and dynalite (DynamoDB) on 127.0.0.1, the real checker and adapters. The
 * playlists are registered as the event path leaves them (live, timing known, registered a minute ago)
 * and kept fresh by re-uploads without events, so every sweep HEADs every playlist and deletes nothing:
 * the steady state. Requests are counted by SDK middleware; a full listing of the same bucket (the
 * one-off `register`) is measured for contrast.
 */
export async function runSweep(options: {
  playlists: number;
  segmentCases: readonly number[];
  sweepsPerCase: number;
  /** The deployment's Lambda memory: one more sweep per case runs at its CPU share. */
  memoryMb: number;
  unlimitedCpu?: boolean;
}): Promise<SweepResult> {
  let cpuUnavailable: string | undefined = options.unlimitedCpu ? '--unlimited-cpu' : undefined;
  /** A sweep with this process held to Lambda's CPU share (only the sweep: the servers run apart). */
  const sweepAtLambdaCpu = async (sweep: () => Promise<unknown>): Promise<number | undefined> => {
    if (cpuUnavailable) return undefined;
    const run = await withCpuLimit(process.pid, lambdaCpus(options.memoryMb), async () => {
      const started = performance.now();
      await sweep();
      return performance.now() - started;
    });
    if (run.held) return run.result;
    cpuUnavailable = run.reason;
    return undefined;
  };
  const [aws, dynamodb] = await Promise.all([startFauxqs(), startDynalite()]);
  const admin = new S3Client({ ...clientConfig(aws.endpoint), forcePathStyle: true });
  const putter = createRawS3Putter(aws.endpoint);
  const counter = new RequestCounter();
  const s3 = new S3Client({
    ...clientConfig(aws.endpoint),
    forcePathStyle: true,
    ...CHECKER_SDK_CLIENT_SETTINGS,
  });
  const ddb = dynamodb.client(CHECKER_SDK_CLIENT_SETTINGS);
  counter.attach(s3);
  counter.attach(ddb);
  try {
    await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const config = loadConfig({
      [CHECKER_ENV.watchedBuckets]: BUCKET,
      [CHECKER_ENV.watchedPrefixes]: PREFIX,
      [CHECKER_ENV.queueUrl]: 'https://sqs.us-east-1.amazonaws.com/000000000000/unused',
      [CHECKER_ENV.registryTable]: dynamodb.tableName,
    });
    const registry = new DynamoDbPlaylistRegistry(ddb, config.registry.tableName);
    const newChecker = (tableName = config.registry.tableName): Checker =>
      createChecker({
        config: { ...config, registry: { ...config.registry, tableName } },
        store: new S3PlaylistStore(s3),
        queue: { postpone: async () => {} },
        metrics: new InMemoryMetricsSink({ config: config.metrics }),
        registry: new DynamoDbPlaylistRegistry(ddb, tableName),
        logger: { info: () => {}, warn: () => {}, error: () => {} },
      });

    const playlistKeys = Array.from({ length: options.playlists }, (_, i) => playlistKey(i));
    let version = 0;
    const refreshPlaylists = async () => {
      version += 1;
      const v = version;
      await putAll(putter, playlistKeys, (key) =>
        livePlaylistText({
          name: `${key}-v${v}`,
          targetDurationS: TD_S,
          mediaSequence: v,
          segments: 6,
          firstSegmentMs: Date.now() - 6 * TD_S * 1000,
        }),
      );
    };
    /**
     * Registers every playlist as its first event would have, `agoMs` ago with this TARGETDURATION: old
     * enough that the sweep cannot skip one without a HEAD.
     */
    const registerAll = async (
      into: DynamoDbPlaylistRegistry,
      targetDurationS: number,
      agoMs: number,
    ) => {
      const registeredAtMs = Date.now() - agoMs;
      await mapLimit(playlistKeys, 16, async (key) => {
        await into.record({
          bucket: BUCKET,
          key,
          etag: '"registered-version"',
          firstWrittenMs: registeredAtMs,
          state: 'live',
          timing: { targetDurationMs: targetDurationS * 1000 },
          observedAtMs: registeredAtMs,
          nowMs: Date.now(),
          expiresAt: expiresAtSeconds(Date.now(), config.registry.ttlHours),
        });
      });
    };
    await refreshPlaylists();
    await registerAll(registry, TD_S, 60_000);

    const sample = await ddb.send(
      new ScanCommand({ TableName: config.registry.tableName, Limit: 1 }),
    );
    const itemBytes = sample.Items?.[0] ? dynamoDbItemBytes(sample.Items[0]) : 0;

    // One unmeasured sweep first, so the first case does not pay for the JIT's warm-up.
    await refreshPlaylists();
    await newChecker().reconcile({ remainingMs: () => 900_000 });

    const cases: SweepCase[] = [];
    let seeded = 0;
    let seedMs = 0;
    for (const segments of options.segmentCases) {
      const seedStart = performance.now();
      const keys = Array.from({ length: segments - seeded }, (_, j) =>
        segmentKey(seeded + j, options.playlists),
      );
      await putAll(putter, keys, () => 'ts');
      seedMs += performance.now() - seedStart;
      seeded = segments;

      const sweepMs: number[] = [];
      const perSweep: SweepRequests[] = [];
      let last: ReconcileReport | undefined;
      for (let i = 0; i < options.sweepsPerCase; i += 1) {
        await refreshPlaylists(); // fresh versions (no events): each sweep sees live playlists
        const checker = newChecker(); // a fresh instance: no cached facts
        const before = counter.counts();
        const started = performance.now();
        last = await checker.reconcile({ remainingMs: () => 900_000 });
        sweepMs.push(performance.now() - started);
        perSweep.push(requestsBetween(before, counter.counts()));
      }
      // At Lambda's share a sweep can outlast the playlists' 9 s deadline (nothing uploads during it)
      // and rightly delete the last ones, which would change the next case. So it sweeps a registry of
      // its own where the same playlists are registered with a TARGETDURATION of a minute: the same
      // requests (a HEAD each, nothing due), nothing deleted.
      const heldTable = `at-lambda-cpu-${segments}`;
      await createRegistryTable(ddb, heldTable);
      await registerAll(new DynamoDbPlaylistRegistry(ddb, heldTable), 60, 10 * 60_000);
      await refreshPlaylists();
      const heldChecker = newChecker(heldTable);
      let heldReport: ReconcileReport | undefined;
      const sweepMsAtLambdaCpu = await sweepAtLambdaCpu(async () => {
        heldReport = await heldChecker.reconcile({ remainingMs: () => 900_000 });
      });
      if (heldReport && (heldReport.live !== options.playlists || heldReport.deleted > 0)) {
        throw new Error(
          `the sweep at Lambda's CPU did not find every playlist live: ${JSON.stringify(heldReport)}`,
        );
      }
      // The listing registers into a table of its own, leaving the swept registry as it was.
      const listingTable = `listing-${segments}`;
      await createRegistryTable(ddb, listingTable);
      const listingBefore = counter.counts();
      const listingStart = performance.now();
      const listing = await newChecker(listingTable).registerExisting();
      const listingMs = performance.now() - listingStart;
      const listingRequests = requestsBetween(listingBefore, counter.counts());
      const first = perSweep[0] as SweepRequests;
      cases.push({
        segments,
        objects: segments + options.playlists,
        sweepMs: summarize(sweepMs) as Summary,
        ...(sweepMsAtLambdaCpu === undefined ? {} : { sweepMsAtLambdaCpu }),
        requests: first,
        report: {
          complete: last?.complete ?? false,
          scanned: last?.scanned ?? 0,
          live: last?.live ?? 0,
          fresh: last?.fresh ?? 0,
          deleted: last?.deleted ?? 0,
          errors: last?.errors ?? 0,
        },
        listing: {
          ms: listingMs,
          lists: listingRequests.list,
          gets: listingRequests.get,
          report: listing,
        },
      });
      if (perSweep.some((r) => JSON.stringify(r) !== JSON.stringify(first))) {
        throw new Error(`sweeps of one case sent different requests: ${JSON.stringify(perSweep)}`);
      }
    }
    const firstRequests = JSON.stringify(cases[0]?.requests);
    return {
      playlists: options.playlists,
      itemBytes,
      sweepsPerCase: options.sweepsPerCase,
      cases,
      seed: { objectsPerSecond: seedMs > 0 ? (seeded / seedMs) * 1000 : 0 },
      atLambdaCpu: {
        memoryMb: options.memoryMb,
        ...(cpuUnavailable === undefined
          ? { cpus: lambdaCpus(options.memoryMb) }
          : { reason: cpuUnavailable }),
      },
      independentOfSegments: cases.every((c) => JSON.stringify(c.requests) === firstRequests),
    };
  } finally {
    putter.close();
    admin.destroy();
    s3.destroy();
    ddb.destroy();
    await aws.stop();
    await dynamodb.stop();
  }
}

/**
 * An item's size as DynamoDB bills it: every attribute name's UTF-8 length plus its value's (a string's
 * UTF-8 length; a number ≈ 1 byte per two significant digits + 1)
 * (docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 */
function dynamoDbItemBytes(item: Record<string, AttributeValue>): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    total += Buffer.byteLength(name);
    if (value.S !== undefined) total += Buffer.byteLength(value.S);
    else if (value.N !== undefined) {
      const digits = value.N.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
      total += Math.ceil(digits / 2) + 1;
    }
  }
  return total;
}
