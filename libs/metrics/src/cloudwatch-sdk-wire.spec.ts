import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CANNED, FakeCloudWatchHttp } from '../test/fake-cloudwatch-http';
import { FakeClock, T0 } from '../test/fake-clock';
import { chunkDatums, estimateJsonBytes } from './chunk-datums';
import { MAX_PUT_PAYLOAD_BYTES, MAX_VALUES_PER_DATUM } from './cloudwatch-limits';
import { CloudWatchMetricsPublisher } from './cloudwatch-metrics-publisher';
import { CLOUDWATCH_MAX_ATTEMPTS, createCloudWatchClient } from './create-cloudwatch-client';
import { MetricName } from '@hls-stale-guard/contract';
import type { MetricsLogger } from './metrics-logger';

// A real CloudWatchClient from createCloudWatchClient (so its retry configuration is what is tested):
// the SDK serializes, signs, retries and parses errors; only the socket is FakeCloudWatchHttp.

function recordingLogger(): MetricsLogger & { fields: Readonly<Record<string, unknown>>[] } {
  const fields: Readonly<Record<string, unknown>>[] = [];
  return { fields, warn: (_message, f) => fields.push(f) };
}

function publisherOver(http: FakeCloudWatchHttp, publishTimeoutMs = 2000) {
  const logger = recordingLogger();
  const publisher = new CloudWatchMetricsPublisher({
    client: createCloudWatchClient(http.clientConfig()),
    clock: new FakeClock(T0),
    config: { publishTimeoutMs },
    logger,
  });
  publisher.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-a', key: 'live-1/a.m3u8' });
  return { publisher, logger };
}

describe('CloudWatch publisher over the real SDK', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('retries a throttled PutMetricData and succeeds (standard retry mode is configured)', async () => {
    // Backoff = Math.random() × 1 s for a first throttling retry: 0.1 makes it a fixed 100 ms.
    jest.spyOn(Math, 'random').mockReturnValue(0.1);
    const http = new FakeCloudWatchHttp([CANNED.throttling, CANNED.ok]);
    const { publisher, logger } = publisherOver(http);

    await publisher.flush();

    expect(http.requests.map((r) => r.headers['amz-sdk-request'])).toEqual([
      `attempt=1; max=${CLOUDWATCH_MAX_ATTEMPTS}`,
      `attempt=2; max=${CLOUDWATCH_MAX_ATTEMPTS}`,
    ]);
    expect(http.requests[0]?.json).toBe(http.requests[1]?.json);
    expect(publisher.state.lastFlush).toMatchObject({ requests: 1, failedRequests: 0 });
    expect(logger.fields).toEqual([]);
  });

  it('sends the JSON 1.0 PutMetricData the SDK builds from our datums', async () => {
    const http = new FakeCloudWatchHttp([CANNED.ok]);
    const { publisher } = publisherOver(http);

    await publisher.flush();

    expect(http.requests[0]?.headers['x-amz-target']).toBe(
      'GraniteServiceVersion20100801.PutMetricData',
    );
    const body = JSON.parse(http.requests[0]?.json ?? '{}');
    expect(body.Namespace).toBe('HlsStaleGuard');
    expect(body.MetricData[0]).toEqual({
      MetricName: 'StalePlaylistsDeleted',
      Timestamp: T0 / 1000,
      Unit: 'Count',
      Values: [1],
      Counts: [1],
      StorageResolution: 1,
    });
  });

  it('does not retry a permanent failure: logs it once with the SDK error, counts it, resolves', async () => {
    const http = new FakeCloudWatchHttp([CANNED.invalidParameter]);
    const { publisher, logger } = publisherOver(http);

    await expect(publisher.flush()).resolves.toBeUndefined();

    expect(http.requests).toHaveLength(1);
    expect(logger.fields).toHaveLength(1);
    expect(logger.fields[0]).toMatchObject({
      event: 'metrics-publish-failed',
      failedRequests: 1,
      cause: {
        httpStatusCode: 400,
        requestId: CANNED.invalidParameter.headers['x-amzn-requestid'],
        attempts: 1,
      },
    });
    expect(String((logger.fields[0]?.cause as { name: string }).name)).toMatch(
      /InvalidParameterValue/,
    );
    expect(publisher.state.pendingPublishFailures).toBe(1);
  });

  it('gives up after the configured attempts when throttling persists', async () => {
    // Backoff = Math.random() × 1 s × 2^retry for throttling: jitter 0 keeps this test fast without
    // changing what is retried.
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const http = new FakeCloudWatchHttp([CANNED.throttling]);
    const { publisher, logger } = publisherOver(http);

    await publisher.flush();

    expect(http.requests).toHaveLength(CLOUDWATCH_MAX_ATTEMPTS);
    expect(logger.fields[0]).toMatchObject({ cause: { attempts: CLOUDWATCH_MAX_ATTEMPTS } });
  });

  it('aborts a request that never answers at the time bound and resolves', async () => {
    const http = new FakeCloudWatchHttp(['hang']);
    const { publisher, logger } = publisherOver(http, 100);

    await publisher.flush();

    expect(http.requests.map((r) => r.aborted)).toEqual([true]);
    expect(publisher.state.lastFlush).toMatchObject({ timedOut: true, failedRequests: 1 });
    expect(logger.fields).toHaveLength(1);
  });

  it('puts no more on the wire than the chunk estimate, and no more than 1 MB, for a full chunk', async () => {
    // 1,000 datums × 150 long doubles is ≈ 6 MB: chunkDatums must split it by bytes.
    const values = Array.from(
      { length: MAX_VALUES_PER_DATUM },
      (_, i) => -Math.PI * (i + 1) * 1e-300,
    );
    const datums: MetricDatum[] = Array.from({ length: 1000 }, (_, i) => ({
      MetricName: MetricName.DeleteLagMs,
      Dimensions: [
        { Name: 'Bucket', Value: 'origin-a' },
        { Name: 'Channel', Value: `channel-${i}-${'x'.repeat(200)}` },
      ],
      Timestamp: new Date(T0 + 123),
      Unit: 'Milliseconds',
      Values: values,
      Counts: values.map((_, j) => 1_000_000 + j),
    }));
    const [first] = chunkDatums(datums);
    const http = new FakeCloudWatchHttp([CANNED.ok]);
    const client = createCloudWatchClient({
      ...http.clientConfig(),
      disableRequestCompression: true,
    });

    await client.send(
      new PutMetricDataCommand({ Namespace: 'HlsStaleGuard', MetricData: first ?? [] }),
    );

    const wire = http.requests[0]?.wireBytes ?? Number.POSITIVE_INFINITY;
    expect(wire).toBeLessThanOrEqual(
      estimateJsonBytes({ Namespace: 'HlsStaleGuard', MetricData: first }),
    );
    expect(wire).toBeLessThanOrEqual(MAX_PUT_PAYLOAD_BYTES);
    expect(wire).toBeGreaterThan(0.9 * MAX_PUT_PAYLOAD_BYTES);
  });
});
