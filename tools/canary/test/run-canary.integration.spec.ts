/**
 * The canary end to end on 127.0.0.1: a real S3 protocol server (fauxqs, behind the upload tap that
 * reports each accepted PutObject, as an S3 event would), a tiny "CDN" that serves the bucket over HTTP
 * (404 for a missing key, as CloudFront does with s3:ListBucket), and a stand-in checker that applies the
 * real staleness rule from `@hls-stale-guard/playlist` on each upload.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  LOCAL_AWS_CREDENTIALS,
  LOCAL_AWS_REGION,
  startFauxqs,
  startUploadTap,
  type LocalAws,
  type UploadTap,
} from '@hls-stale-guard/local-aws';
import { decide, parsePlaylist } from '@hls-stale-guard/playlist';
import { CANARY_DEFAULTS, planCanary, type CanaryOptions } from '../src/canary-plan';
import { EXIT_CODES } from '../src/exit-codes';
import { FAIL_REASONS } from '../src/judge-probe';
import type { CanaryEvent, Sleep } from '../src/ports';
import { runCanary } from '../src/run-canary';
import { createS3CanaryStore } from '../src/s3-canary-store';

const BUCKET = 'canary-it';
const POLICY = { targetDurationMultiple: 1.5, partTargetMultiple: 3, graceMs: 0 };

let aws: LocalAws;
let tap: UploadTap;
let s3: S3Client;
let edge: Server;
let edgeUrl: string;
/** Whether the stand-in checker deletes stale playlists (switched off to simulate a broken checker). */
let checkerEnabled = true;
/** With DRY_RUN the stand-in checker counts a would-delete per key instead of deleting. */
let checkerDryRun = false;
const wouldDeletes = new Map<string, number>();
const timers = new Set<NodeJS.Timeout>();
/** What the stand-in checker failed with: it runs on S3 events, outside any test's await. */
const standInErrors: unknown[] = [];

async function getObject(key: string): Promise<{ body: string; contentType?: string } | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const body = (await out.Body?.transformToString()) ?? '';
    return out.ContentType === undefined ? { body } : { body, contentType: out.ContentType };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

async function readObject(key: string): Promise<string | undefined> {
  return (await getObject(key))?.body;
}

/** On each upload: parse, and at the RFC deadline delete the playlist if it is still the same and stale. */
function standInChecker(key: string): void {
  if (!key.endsWith('.m3u8')) return;
  const writtenAt = Date.now();
  // Fire-and-forget like the S3 event that triggers it; a failure is recorded and fails the test.
  readObject(key)
    .then((body) => {
      if (body === undefined) return;
      const playlist = parsePlaylist(body);
      const first = decide({
        playlist,
        lastUpdateMs: writtenAt,
        nowMs: Date.now(),
        policy: POLICY,
      });
      if (first.kind !== 'fresh') return;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          deleteIfStillStale(key, body, playlist, writtenAt).catch((error: unknown) =>
            standInErrors.push(error),
          );
        },
        first.deadlineMs - Date.now() + 20,
      );
      timers.add(timer);
    })
    .catch((error: unknown) => standInErrors.push(error));
}

async function deleteIfStillStale(
  key: string,
  body: string,
  playlist: ReturnType<typeof parsePlaylist>,
  writtenAt: number,
): Promise<void> {
  const verdict = decide({ playlist, lastUpdateMs: writtenAt, nowMs: Date.now(), policy: POLICY });
  if (!checkerEnabled || verdict.kind !== 'stale' || (await readObject(key)) !== body) return;
  if (checkerDryRun) wouldDeletes.set(key, (wouldDeletes.get(key) ?? 0) + 1);
  else await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
}

const sleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch {
    // aborted
  }
};

function options(overrides: Partial<CanaryOptions> = {}): CanaryOptions {
  return {
    ...CANARY_DEFAULTS,
    domain: edgeUrl,
    bucket: BUCKET,
    targetDurationS: 1,
    errorTtlS: 0,
    marginS: 3,
    intervalS: 0.2,
    requestTimeoutS: 2,
    timeoutS: undefined,
    region: undefined,
    ...overrides,
  };
}

async function keysInBucket(): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (out.Contents ?? []).map((o) => o.Key ?? '');
}

function deps(bucket = BUCKET) {
  const events: CanaryEvent[] = [];
  return {
    events,
    deps: {
      store: createS3CanaryStore(s3, bucket),
      fetch: (url: string, init: { signal: AbortSignal }) => fetch(url, init),
      clock: { now: () => performance.now() },
      sleep,
      log: (e: CanaryEvent) => events.push(e),
    },
  };
}

beforeAll(async () => {
  aws = await startFauxqs();
  // Every S3 call goes through the tap, which forwards it unchanged and reports each accepted PutObject
  // (key decoded) to the stand-in checker. Path-style because there is no DNS for buckets.
  tap = await startUploadTap({
    target: aws.endpoint,
    onPut: (put) => {
      if (put.bucket === BUCKET) standInChecker(put.key);
    },
  });
  s3 = new S3Client({
    endpoint: tap.endpoint,
    forcePathStyle: true,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // The edge serves what the bucket holds, with the media type it was stored with (as CloudFront does).
  edge = createServer((req, res) => {
    const key = decodeURIComponent(new URL(req.url ?? '/', 'http://edge').pathname.slice(1));
    getObject(key).then(
      (object) => {
        if (object === undefined) res.writeHead(404).end('Not Found');
        else
          res
            .writeHead(
              200,
              object.contentType === undefined ? {} : { 'content-type': object.contentType },
            )
            .end(object.body);
      },
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
  edgeUrl = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  await new Promise<void>((resolve) => edge.close(() => resolve()));
  s3.destroy();
  await tap.stop();
  await aws.stop();
});

beforeEach(() => {
  checkerEnabled = true;
  checkerDryRun = false;
});

afterEach(() => {
  expect(standInErrors).toEqual([]);
});

describe('canary against a local S3 server (fauxqs) and a local edge', () => {
  it('passes when the stale live playlist is deleted, and leaves the bucket empty', async () => {
    const plan = planCanary(options(), `it-pass-${Date.now()}`);
    const { deps: d, events } = deps();

    const outcome = await runCanary(d, plan);

    expect(outcome.verdict).toMatchObject({ kind: 'pass', liveServedFirst: true });
    expect(outcome.exitCode).toBe(EXIT_CODES.passed);
    expect(events.filter((e) => e.event === 'uploaded')).toHaveLength(2);
    expect(await keysInBucket()).toEqual([]);
  });

  it('uploads playlists with the HLS media type (RFC 8216 §4)', async () => {
    const plan = planCanary(options({ timeoutS: 0.5 }), `it-type-${Date.now()}`);
    const { deps: d } = deps();
    let contentType: string | null = null;
    const fetchAndLook = async (url: string, init: { signal: AbortSignal }) => {
      const response = await fetch(url, init);
      contentType ??= response.headers.get('content-type');
      return response;
    };

    await runCanary({ ...d, fetch: fetchAndLook }, plan);

    expect(contentType).toBe('application/vnd.apple.mpegurl');
    expect(await keysInBucket()).toEqual([]);
  });

  it('fails with live-not-removed when nothing deletes, and still leaves the bucket empty', async () => {
    checkerEnabled = false;
    const plan = planCanary(options({ timeoutS: 2.5 }), `it-stuck-${Date.now()}`);
    const { deps: d } = deps();

    const outcome = await runCanary(d, plan);

    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveNotRemoved });
    expect(outcome.exitCode).toBe(EXIT_CODES.failed);
    expect(await keysInBucket()).toEqual([]);
  });

  it('exits 3 with the S3 error when the bucket does not exist, without polling', async () => {
    const plan = planCanary(options(), `it-nobucket-${Date.now()}`);
    const { deps: d, events } = deps('no-such-bucket');

    const outcome = await runCanary(d, plan);

    expect(outcome.exitCode).toBe(EXIT_CODES.setupFailed);
    expect(outcome.setupError).toMatch(/PutObject s3:\/\/no-such-bucket\//);
    expect(events.some((e) => e.event === 'observed')).toBe(false);
  });

  it('in dry-run passes when the stale playlist stays served and its would-delete is counted; nothing was deleted before cleanup', async () => {
    checkerDryRun = true;
    const plan = planCanary(options({ dryRun: true }), `it-dry-${Date.now()}`);
    const { deps: d } = deps();
    const servedAtVerdict: boolean[] = [];
    // CloudWatch cannot run here: the reader answers the stand-in checker's count for the live key.
    const metrics = {
      sum: async () => {
        const count = wouldDeletes.get(plan.liveKey) ?? 0;
        if (count > 0) servedAtVerdict.push((await readObject(plan.liveKey)) === plan.liveBody);
        return count;
      },
    };

    const outcome = await runCanary({ ...d, metrics }, plan);

    expect(outcome.verdict).toMatchObject({ kind: 'pass', wouldDeleteCount: 1 });
    expect(outcome.exitCode).toBe(EXIT_CODES.passed);
    expect(servedAtVerdict).toEqual([true]);
    expect(await keysInBucket()).toEqual([]);
  });

  it('in dry-run fails with dry-run-deleted when the checker deletes after all', async () => {
    const plan = planCanary(options({ dryRun: true }), `it-dry-deletes-${Date.now()}`);
    const { deps: d } = deps();

    const outcome = await runCanary({ ...d, metrics: { sum: async () => 0 } }, plan);

    expect(outcome.verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.dryRunDeleted });
    expect(await keysInBucket()).toEqual([]);
  });
});
