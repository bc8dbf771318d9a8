import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from '@hls-stale-guard/local-aws';
import { MetricName } from '@hls-stale-guard/metrics';
import type { AllStalePolicy } from '@hls-stale-guard/contract';
import { livePlaylist } from '../src/testing/simulated-origin';
import { BUCKET, sleep, startLocalPipeline, waitFor, type LocalPipeline } from './local-pipeline';

/**
 * Two pipelines' origins (fauxqs buckets), the registry on dynalite, the real checker: a failover, a
 * rendition down, a recovery, under both all-stale policies. TARGETDURATION 2 s (deadline 3 s); the
 * encoders upload every second, so a live copy's whole-second LastModified never makes it look stale.
 */
const A = BUCKET;
const B = 'origin-b';
const TD_S = 2;
const DEADLINE_MS = 1.5 * TD_S * 1000;

function exists(pipeline: LocalPipeline, bucket: string, key: string): () => Promise<boolean> {
  const s3 = new S3Client({
    endpoint: pipeline.aws.endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_AWS_CREDENTIALS,
    forcePathStyle: true,
  });
  return async () => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  };
}

/** An encoder uploading `key` to `bucket` every second until stopped. */
function encoder(pipeline: LocalPipeline, bucket: string, key: string, firstSequence = 0) {
  let running = true;
  let sequence = firstSequence;
  const done = (async () => {
    while (running) {
      await pipeline.put(
        key,
        livePlaylist({ targetDuration: TD_S, mediaSequence: sequence }),
        bucket,
      );
      sequence += 1;
      await sleep(1_000);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
    },
  };
}

async function count(pipeline: LocalPipeline, name: MetricName): Promise<number> {
  await pipeline.metrics.flush();
  return pipeline.metrics.count(name);
}

/** The count once it is at least 1 (or after 3 s). */
async function eventually(pipeline: LocalPipeline, name: MetricName): Promise<number> {
  await waitFor(async () => (await count(pipeline, name)) >= 1, 3_000);
  return count(pipeline, name);
}

describe.each<AllStalePolicy>(['delete', 'keep-last'])(
  'two pipelines on fauxqs + dynalite, ALL_STALE_POLICY=%s',
  (policy) => {
    let pipeline: LocalPipeline;
    beforeAll(async () => {
      pipeline = await startLocalPipeline({
        extraBuckets: [B],
        config: {
          allStalePolicy: policy,
          pipelines: [
            { name: 'a', bucket: A, prefix: '' },
            { name: 'b', bucket: B, prefix: '' },
          ],
        },
      });
    });
    afterAll(async () => {
      await pipeline.stop();
    });

    it('A stops: A is deleted (a failover), then B stops: a rendition down, then A comes back: recovered', async () => {
      const key = `live-${policy}/720p.m3u8`;
      const encoderA = encoder(pipeline, A, key);
      const encoderB = encoder(pipeline, B, key);
      await sleep(3_000);
      await encoderA.stop();
      const aGone = await waitFor(
        async () => !(await exists(pipeline, A, key)()),
        DEADLINE_MS + 5_000,
      );
      expect(aGone).toBeDefined();
      // The failover is reported right after the delete (the other copy's HEAD, the registry write).
      expect(await eventually(pipeline, MetricName.Failovers)).toBe(1);
      expect(await count(pipeline, MetricName.ChannelsDown)).toBe(0);

      await encoderB.stop();
      const bGone = await waitFor(
        async () => !(await exists(pipeline, B, key)()),
        DEADLINE_MS + 4_000,
      );
      if (policy === 'delete') {
        expect(bGone).toBeDefined();
      } else {
        // keep-last: the last copy stays, players freeze on it.
        expect(bGone).toBeUndefined();
        expect(
          pipeline.logger.lines.some((l) => l['reason'] === 'last-copy' && l['bucket'] === B),
        ).toBe(true);
      }
      expect(await eventually(pipeline, MetricName.ChannelsDown)).toBe(1);

      const comeback = encoder(pipeline, A, key, 100);
      const recovered = await waitFor(
        async () => (await count(pipeline, MetricName.PlaylistsRecovered)) === 1,
        5_000,
      );
      await comeback.stop();
      expect(recovered).toBeDefined();
      // A was deleted at its deadline; the comeback started once B was gone (or kept), and B's last
      // upload was at most 1 s before A's deletion: at least B's deadline minus 1 s later.
      expect(pipeline.metrics.values(MetricName.OutageDurationMs)[0]).toBeGreaterThanOrEqual(
        DEADLINE_MS - 1_000,
      );
      expect(pipeline.logger.lines.some((l) => l.message === 'rendition recovered')).toBe(true);
    }, 40_000);
  },
);
