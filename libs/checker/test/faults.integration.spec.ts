import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from '@hls-stale-guard/local-aws';
import { CHECKER_SDK_CLIENT_SETTINGS } from '../src/sdk-client-settings';
import { livePlaylist } from '../src/testing/simulated-origin';
import { BUCKET, sleep, startLocalPipeline, waitFor, type LocalPipeline } from './local-pipeline';

/**
 * S3 and SQS (~10% of the checker's calls) and DynamoDB, the playlist registry (~30%), answering 500 /
 * 503 SlowDown / connection resets (before and after acting) / hangs, through fault-injecting proxies in
 * front of the real servers.
 */
const FAULT_RATE = 0.1;
/** The registry is called far less often (first sight, state changes, sweeps): fail more of its calls. */
const REGISTRY_FAULT_RATE = 0.3;
const TD_S = 1;
const DEADLINE_MS = 1500;
const RENDITIONS = 6;
const UPLOADS = 4;

describe('faults: S3, SQS and DynamoDB calls fail', () => {
  let pipeline: LocalPipeline;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    pipeline = await startLocalPipeline({
      // The Lambda's settings, with a request timeout shorter than the proxies' hangs, so a hang ends in
      // the SDK's timeout and a retry, and fewer attempts, so some calls fail for good.
      clientSettings: {
        ...CHECKER_SDK_CLIENT_SETTINGS,
        maxAttempts: 2,
        requestHandler: {
          ...CHECKER_SDK_CLIENT_SETTINGS.requestHandler,
          connectionTimeout: 1_000,
          requestTimeout: 1_000,
        },
      },
      faults: {
        aws: { faultRate: FAULT_RATE, seed: 2026, hangMs: 1_500 },
        dynamodb: { faultRate: REGISTRY_FAULT_RATE, seed: 2027, hangMs: 1_500 },
      },
    });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await pipeline.stop();
  });

  it('no unhandled rejection, no false delete, and every stale playlist is eventually deleted', async () => {
    const direct = new S3Client({
      endpoint: pipeline.aws.endpoint,
      region: LOCAL_AWS_REGION,
      credentials: LOCAL_AWS_CREDENTIALS,
      forcePathStyle: true,
    });
    const exists = async (key: string) => {
      try {
        await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
        return true;
      } catch {
        return false;
      }
    };
    // The reconciler schedule, as EventBridge would run it (every 2 s here).
    let reconciling = true;
    const reconciler = (async () => {
      while (reconciling) {
        await pipeline.checker.reconcile({ remainingMs: () => 10_000 });
        await sleep(2_000);
      }
    })();

    const keys = Array.from({ length: RENDITIONS }, (_, i) => `live/faulty/r${i}.m3u8`);
    const lastWrite = new Map<string, number>();
    for (let round = 0; round < UPLOADS; round += 1) {
      for (const key of keys) {
        const { atMs } = await pipeline.put(
          key,
          livePlaylist({ targetDuration: TD_S, mediaSequence: round }),
        );
        lastWrite.set(key, atMs);
      }
      await sleep(TD_S * 1000);
      // Fresh playlists are never deleted, faults or not.
      for (const key of keys) expect(await exists(key)).toBe(true);
    }
    const gone = await Promise.all(
      keys.map((key) => waitFor(async () => !(await exists(key)), 30_000, 50)),
    );
    reconciling = false;
    await reconciler;

    gone.forEach((goneAt, i) => {
      expect(goneAt).toBeDefined();
      expect(goneAt!).toBeGreaterThanOrEqual(lastWrite.get(keys[i]!)! + DEADLINE_MS);
    });
    for (const [name, proxy] of [
      ['S3/SQS', pipeline.faults.aws],
      ['DynamoDB', pipeline.faults.dynamodb],
    ] as const) {
      const stats = proxy!.stats();
      const injected = Object.values(stats.faults).reduce((a, b) => a + b, 0);
      process.stdout.write(
        `${name} fault cases: ${injected} injected over ${stats.requests} requests ${JSON.stringify(stats.faults)}\n`,
      );
      expect(injected).toBeGreaterThan(0);
    }
    expect(unhandled).toEqual([]);
  });
});
