import {
  CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeClock, T0 } from '../test/fake-clock';
import { CloudWatchMetricsPublisher } from './cloudwatch-metrics-publisher';
import { InMemoryMetricsSink } from './in-memory-metrics-sink';
import { MetricName } from '@hls-stale-guard/contract';
import type { MetricsSink } from './metrics-sink';

/** One invocation's worth of observations, over several seconds, buckets and channels. */
function recordScenario(sink: MetricsSink, clock: FakeClock): void {
  sink.record(MetricName.CheckErrors, { bucket: 'origin-a', key: 'live-1/720p.m3u8' });
  sink.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-a', key: 'live-1/720p.m3u8' });
  sink.record(MetricName.DeleteLagMs, { bucket: 'origin-a', key: 'live-1/720p.m3u8' }, 250);
  clock.advance(1_500);
  sink.record(MetricName.CheckErrors, { bucket: 'origin-b', key: 'live-2/720p.m3u8' });
  sink.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-b', key: 'live-2/720p.m3u8' });
  sink.record(MetricName.DeleteLagMs, { bucket: 'origin-b', key: 'live-2/720p.m3u8' }, 40);
  sink.record(MetricName.DeleteLagMs, { bucket: 'origin-b', key: 'live-2/360p.m3u8' }, 40);
  sink.record(MetricName.EventsIgnored, {});
  sink.record(MetricName.ReconcilerObjectsScanned, { bucket: 'origin-a' }, 1200);
}

async function scenario(): Promise<InMemoryMetricsSink> {
  const clock = new FakeClock(T0);
  const sink = new InMemoryMetricsSink({ clock });
  recordScenario(sink, clock);
  await sink.flush();
  return sink;
}

describe('InMemoryMetricsSink', () => {
  it('keeps exactly the requests the CloudWatch publisher sends for the same observations', async () => {
    const client = new CloudWatchClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
    });
    const mock = mockClient(client);
    mock.on(PutMetricDataCommand).resolves({});
    const publisherClock = new FakeClock(T0);
    const publisher = new CloudWatchMetricsPublisher({
      client,
      clock: publisherClock,
      logger: { warn: () => undefined },
    });
    recordScenario(publisher, publisherClock);
    await publisher.flush();
    const sent: PutMetricDataCommandInput[] = mock
      .commandCalls(PutMetricDataCommand)
      .map((call) => call.args[0].input);

    const sink = await scenario();

    expect(sink.requests).toEqual(sent);
    expect(sink.datums.length).toBeGreaterThan(0);
  });

  it('count gives the deployment-wide Sum by default', async () => {
    const sink = await scenario();
    expect(sink.count(MetricName.StalePlaylistsDeleted)).toBe(2);
    expect(sink.count(MetricName.ReconcilerObjectsScanned)).toBe(1200);
  });

  it('count with dimensions reads exactly that dimension set', async () => {
    const sink = await scenario();
    expect(sink.count(MetricName.StalePlaylistsDeleted, { Bucket: 'origin-a' })).toBe(1);
    expect(
      sink.count(MetricName.StalePlaylistsDeleted, { Bucket: 'origin-b', Channel: 'live-2' }),
    ).toBe(1);
    expect(
      sink.count(MetricName.StalePlaylistsDeleted, { Bucket: 'origin-b', Channel: 'live-1' }),
    ).toBe(0);
    expect(sink.count(MetricName.EventsIgnored)).toBe(1);
    // EventsIgnored is published deployment-wide only (METRIC_DIMENSION_SETS).
    expect(sink.count(MetricName.EventsIgnored, { Bucket: 'unknown' })).toBe(0);
  });

  it('sampleCount counts observations whatever their values', async () => {
    const sink = await scenario();
    expect(sink.sampleCount(MetricName.ReconcilerObjectsScanned)).toBe(1);
    expect(sink.sampleCount(MetricName.DeleteLagMs)).toBe(3);
  });

  it('values lists every observed value as often as it was observed, ascending', async () => {
    const sink = await scenario();
    expect(sink.values(MetricName.DeleteLagMs)).toEqual([40, 40, 250]);
    expect(sink.values(MetricName.DeleteLagMs, { Bucket: 'origin-a' })).toEqual([]);
  });

  it('stamps StalePlaylistsDeleted per second and the other metrics per minute', async () => {
    const sink = await scenario();
    const times = (name: MetricName) =>
      sink.datums
        .filter((d) => d.MetricName === name && d.Dimensions === undefined)
        .map((d) => d.Timestamp?.getTime());
    expect(times(MetricName.StalePlaylistsDeleted)).toEqual([T0, T0 + 1_000]);
    expect(times(MetricName.CheckErrors)).toEqual([T0]);
  });

  it('shows nothing before flush, as CloudWatch would', () => {
    const sink = new InMemoryMetricsSink();
    sink.record(MetricName.CheckErrors, { bucket: 'a' });
    expect(sink.count(MetricName.CheckErrors)).toBe(0);
  });

  it('counts dropped observations across flushes', async () => {
    const sink = new InMemoryMetricsSink();
    sink.record(MetricName.DeleteLagMs, { bucket: 'a' }, Number.NaN);
    await sink.flush();
    sink.record(MetricName.DeleteLagMs, { bucket: 'a' }, Number.NEGATIVE_INFINITY);
    await sink.flush();
    expect(sink.droppedObservations).toBe(2);
    expect(sink.datums).toEqual([]);
  });

  it('forgets what was flushed on reset', async () => {
    const sink = await scenario();
    sink.reset();
    expect([sink.requests, sink.count(MetricName.CheckErrors)]).toEqual([[], 0]);
  });
});
