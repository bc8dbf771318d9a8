import { emfViolations } from '../test/emf-spec';
import { FakeClock, T0 } from '../test/fake-clock';
import { EmfMetricsSink } from './emf-metrics-sink';
import { MetricName } from '@hls-stale-guard/contract';
import { MetricsLogEvent } from './metrics-logger';

function sinkWithLines(config = {}) {
  const lines: string[] = [];
  const clock = new FakeClock(T0 + 1_234);
  const sink = new EmfMetricsSink({ config, clock, write: (line) => lines.push(line) });
  return { sink, lines, clock, parsed: () => lines.map((l) => JSON.parse(l)) };
}

describe('EmfMetricsSink', () => {
  it('writes nothing when nothing was recorded', async () => {
    const { sink, lines } = sinkWithLines();
    await sink.flush();
    await sink.flush();
    expect(lines).toEqual([]);
  });

  it('writes one EMF line per bucket/channel, listing every dimension set of the metric', async () => {
    const { sink, lines, parsed } = sinkWithLines();
    sink.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-a', key: 'live-1/720p.m3u8' });
    sink.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-a', key: 'live-1/480p.m3u8' });
    sink.record(MetricName.PlaylistsChecked, { bucket: 'origin-a', key: 'live-1/720p.m3u8' });
    await sink.flush();

    expect(lines.map((line) => emfViolations(line))).toEqual([[], []]);
    expect(parsed()).toEqual([
      {
        _aws: {
          Timestamp: T0,
          CloudWatchMetrics: [
            {
              Namespace: 'HlsStaleGuard',
              Dimensions: [[]],
              Metrics: [{ Name: 'PlaylistsChecked', Unit: 'Count' }],
            },
          ],
        },
        PlaylistsChecked: 1,
      },
      {
        _aws: {
          Timestamp: T0 + 1_000,
          CloudWatchMetrics: [
            {
              Namespace: 'HlsStaleGuard',
              Dimensions: [[], ['Bucket'], ['Bucket', 'Channel']],
              Metrics: [{ Name: 'StalePlaylistsDeleted', Unit: 'Count', StorageResolution: 1 }],
            },
          ],
        },
        Bucket: 'origin-a',
        Channel: 'live-1',
        StalePlaylistsDeleted: 2,
      },
    ]);
  });

  it('writes a Count metric as its sum and a Milliseconds metric as every value, ascending', async () => {
    const { sink, parsed } = sinkWithLines();
    for (let i = 0; i < 10_000; i += 1) sink.record(MetricName.PlaylistsChecked, {});
    for (const lag of [250, 40, 40]) sink.record(MetricName.DeleteLagMs, {}, lag);
    await sink.flush();
    expect(parsed()).toEqual([
      expect.objectContaining({ PlaylistsChecked: 10_000, DeleteLagMs: [40, 40, 250] }),
    ]);
  });

  it('omits the Channel sets for an observation without a key, and keeps StorageResolution 60 implicit', async () => {
    const { sink, parsed } = sinkWithLines({ highResolution: false });
    sink.record(MetricName.CheckErrors, { bucket: 'origin-a' });
    sink.record(MetricName.StalePlaylistsDeleted, { bucket: 'origin-a' });
    await sink.flush();
    expect(parsed()).toEqual([
      {
        _aws: {
          Timestamp: T0,
          CloudWatchMetrics: [
            {
              Namespace: 'HlsStaleGuard',
              Dimensions: [[], ['Bucket']],
              Metrics: [
                { Name: 'CheckErrors', Unit: 'Count' },
                { Name: 'StalePlaylistsDeleted', Unit: 'Count' },
              ],
            },
          ],
        },
        Bucket: 'origin-a',
        CheckErrors: 1,
        StalePlaylistsDeleted: 1,
      },
    ]);
  });

  it('continues beyond 100 values of one metric in a further line with the same dimensions', async () => {
    const { sink, lines, parsed } = sinkWithLines();
    for (let lag = 0; lag < 250; lag += 1) sink.record(MetricName.DeleteLagMs, {}, lag);
    await sink.flush();
    expect(lines.map((line) => emfViolations(line))).toEqual([[], [], []]);
    expect(parsed().map((d) => (d.DeleteLagMs as number[]).length)).toEqual([100, 100, 50]);
  });

  it('uses the configured namespace and starts afresh after a flush', async () => {
    const { sink, lines, parsed } = sinkWithLines({ namespace: 'Custom/Ns' });
    sink.record(MetricName.EventsIgnored, {});
    await sink.flush();
    await sink.flush();
    expect(lines).toHaveLength(1);
    expect(parsed()[0]._aws.CloudWatchMetrics[0].Namespace).toBe('Custom/Ns');
  });

  it('drops values CloudWatch would reject and says so in one warn line', async () => {
    const { sink, lines, parsed } = sinkWithLines();
    sink.record(MetricName.DeleteLagMs, {}, Number.NaN);
    sink.record(MetricName.DeleteLagMs, {}, 120);
    await sink.flush();
    expect(parsed()).toEqual([
      {
        level: 'warn',
        message: 'metrics observations dropped',
        event: MetricsLogEvent.ObservationsDropped,
        droppedObservations: 1,
      },
      expect.objectContaining({ DeleteLagMs: 120 }),
    ]);
    expect(emfViolations(lines[1] as string)).toEqual([]);
  });

  it('never rejects, even when the writer throws', async () => {
    const warnings: unknown[] = [];
    const sink = new EmfMetricsSink({
      write: () => {
        throw new Error('stdout closed');
      },
      logger: { warn: (_message, fields) => warnings.push(fields) },
    });
    sink.record(MetricName.CheckErrors, {});
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ event: MetricsLogEvent.PublishFailed })]);
  });
});

describe('emfViolations (the specification check itself)', () => {
  const valid = {
    _aws: {
      Timestamp: T0,
      CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['Bucket']], Metrics: [{ Name: 'M' }] }],
    },
    Bucket: 'b',
    M: 1,
  };
  it.each([
    ['a dimension without target member', { ...valid, Bucket: undefined }],
    ['a metric without value', { ...valid, M: undefined }],
    ['101 values', { ...valid, M: Array.from({ length: 101 }, () => 1) }],
    ['a Timestamp in seconds as a string', { ...valid, _aws: { ...valid._aws, Timestamp: 'x' } }],
  ])('rejects %s', (_name, document) => {
    expect(emfViolations(JSON.stringify(document))).not.toEqual([]);
  });
  it('accepts the valid example', () => {
    expect(emfViolations(JSON.stringify(valid))).toEqual([]);
  });
});
