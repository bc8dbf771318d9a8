import {
  CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeClock, T0 } from '../test/fake-clock';
import {
  CloudWatchMetricsPublisher,
  MetricsPublishTimeoutError,
} from './cloudwatch-metrics-publisher';
import { MetricName } from '@hls-stale-guard/contract';
import { MetricsLogEvent, type MetricsLogger } from './metrics-logger';

interface LogLine {
  message: string;
  fields: Readonly<Record<string, unknown>>;
}

function recordingLogger(): MetricsLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { lines, warn: (message, fields) => lines.push({ message, fields }) };
}

/** A CloudWatchClient whose `send` is replaced by sinon (aws-sdk-client-mock): no HTTP at all. */
function mockedCloudWatch() {
  const client = new CloudWatchClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake-secret' },
  });
  return { client, mock: mockClient(client) };
}

/** A client whose `send` is a plain function, to see the abort signal it is given. */
function clientWithSend(
  send: (
    command: PutMetricDataCommand,
    options?: { abortSignal?: AbortSignal },
  ) => Promise<unknown>,
): Pick<CloudWatchClient, 'send'> {
  return { send } as unknown as Pick<CloudWatchClient, 'send'>;
}

function sentInputs(
  mock: ReturnType<typeof mockedCloudWatch>['mock'],
): PutMetricDataCommandInput[] {
  return mock.commandCalls(PutMetricDataCommand).map((call) => call.args[0].input);
}

/** The metrics published per channel: the ones that can fill a request. */
/** Three metrics published with `{}`, `{Bucket}` and `{Bucket, Channel}`. */
const PER_CHANNEL_METRICS = [
  MetricName.StalePlaylistsDeleted,
  MetricName.CheckErrors,
  MetricName.DryRunWouldDelete,
];

describe('CloudWatchMetricsPublisher', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('sends the aggregated datums in one PutMetricData with the configured namespace', async () => {
    const { client, mock } = mockedCloudWatch();
    mock.on(PutMetricDataCommand).resolves({});
    const clock = new FakeClock(T0 + 5_000);
    const publisher = new CloudWatchMetricsPublisher({
      client,
      clock,
      config: { namespace: 'HlsStaleGuard/Test' },
      logger: recordingLogger(),
    });
    publisher.record(MetricName.StalePlaylistsDeleted, {
      bucket: 'origin-a',
      key: 'live-1/720p.m3u8',
    });
    publisher.record(MetricName.StalePlaylistsDeleted, {
      bucket: 'origin-a',
      key: 'live-1/360p.m3u8',
    });

    await publisher.flush();

    const deleted = {
      MetricName: 'StalePlaylistsDeleted',
      Timestamp: new Date(T0 + 5_000),
      Unit: 'Count',
      Values: [1],
      Counts: [2],
      StorageResolution: 1,
    };
    const bucket = { Name: 'Bucket', Value: 'origin-a' };
    expect(sentInputs(mock)).toEqual([
      {
        Namespace: 'HlsStaleGuard/Test',
        MetricData: [
          deleted,
          { ...deleted, Dimensions: [bucket] },
          { ...deleted, Dimensions: [bucket, { Name: 'Channel', Value: 'live-1' }] },
        ],
      },
    ]);
  });

  it('sends nothing when nothing was recorded', async () => {
    const { client, mock } = mockedCloudWatch();
    const publisher = new CloudWatchMetricsPublisher({ client, logger: recordingLogger() });
    await publisher.flush();
    expect(mock.calls()).toHaveLength(0);
    expect(publisher.state.lastFlush).toMatchObject({ requests: 0, failedRequests: 0 });
  });

  it('publishes each observation once: a second flush sends only what came after the first', async () => {
    const { client, mock } = mockedCloudWatch();
    mock.on(PutMetricDataCommand).resolves({});
    const publisher = new CloudWatchMetricsPublisher({ client, logger: recordingLogger() });
    publisher.record(MetricName.CheckErrors, { bucket: 'a' });
    await publisher.flush();
    await publisher.flush();
    expect(mock.calls()).toHaveLength(1);
  });

  it('sends more than 1,000 datums as several requests', async () => {
    const { client, mock } = mockedCloudWatch();
    mock.on(PutMetricDataCommand).resolves({});
    const publisher = new CloudWatchMetricsPublisher({
      client,
      config: { maxChannels: 1000 },
      logger: recordingLogger(),
    });
    // 3 metrics × ({} + {Bucket} + 400 × {Bucket, Channel}) = 1,206 datums.
    for (const name of PER_CHANNEL_METRICS) {
      for (let channel = 0; channel < 400; channel += 1) {
        publisher.record(name, { bucket: 'a', key: `c${channel}/x.m3u8` });
      }
    }

    await publisher.flush();

    expect(sentInputs(mock).map((input) => input.MetricData?.length)).toEqual([1000, 206]);
    expect(publisher.state.lastFlush).toMatchObject({
      requests: 2,
      datums: 1206,
      failedRequests: 0,
    });
  });

  it('on a failure: resolves, logs one line with the cause, and keeps the count for the next flush', async () => {
    const { client, mock } = mockedCloudWatch();
    mock.on(PutMetricDataCommand).rejects(new Error('connect ECONNREFUSED'));
    const logger = recordingLogger();
    const publisher = new CloudWatchMetricsPublisher({ client, logger });
    publisher.record(MetricName.CheckErrors, { bucket: 'a', key: 'c/x.m3u8' });

    await expect(publisher.flush()).resolves.toBeUndefined();

    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.fields).toMatchObject({
      event: MetricsLogEvent.PublishFailed,
      namespace: 'HlsStaleGuard',
      requests: 1,
      failedRequests: 1,
      datumsLost: 3,
      timedOut: false,
      pendingPublishFailures: 1,
      cause: { name: 'Error', message: 'connect ECONNREFUSED' },
    });
    expect(publisher.state).toMatchObject({ pendingPublishFailures: 1, totalPublishFailures: 1 });
  });

  it('publishes MetricsPublishFailures with the next flush that reaches CloudWatch', async () => {
    const { client, mock } = mockedCloudWatch();
    mock
      .on(PutMetricDataCommand)
      .rejectsOnce(new Error('first'))
      .rejectsOnce(new Error('second'))
      .resolves({});
    const publisher = new CloudWatchMetricsPublisher({ client, logger: recordingLogger() });
    publisher.record(MetricName.CheckErrors, { bucket: 'a' });

    await publisher.flush(); // fails: 1 pending
    await publisher.flush(); // sends the count, fails again: 2 pending
    expect(publisher.state.pendingPublishFailures).toBe(2);
    await publisher.flush(); // sends the count of 2, succeeds

    const last = sentInputs(mock).at(-1)?.MetricData ?? [];
    expect(last).toEqual([
      expect.objectContaining({ MetricName: 'MetricsPublishFailures', Values: [2], Counts: [1] }),
    ]);
    expect(publisher.state).toMatchObject({ pendingPublishFailures: 0, totalPublishFailures: 2 });
  });

  it('treats a send that throws synchronously as a failed request', async () => {
    const logger = recordingLogger();
    const publisher = new CloudWatchMetricsPublisher({
      client: clientWithSend(() => {
        throw new TypeError('send is broken');
      }),
      logger,
    });
    publisher.record(MetricName.CheckErrors, { bucket: 'a' });

    await expect(publisher.flush()).resolves.toBeUndefined();

    expect(logger.lines.map((l) => l.fields.cause)).toEqual([
      { name: 'TypeError', message: 'send is broken' },
    ]);
  });

  it('on a hang: resolves at the time bound, aborts the request, logs a timeout once', async () => {
    jest.useFakeTimers();
    let signal: AbortSignal | undefined;
    const logger = recordingLogger();
    const publisher = new CloudWatchMetricsPublisher({
      client: clientWithSend((_command, options) => {
        signal = options?.abortSignal;
        return new Promise(() => undefined); // never answers, ignores the signal
      }),
      config: { publishTimeoutMs: 2000 },
      logger,
    });
    publisher.record(MetricName.CheckErrors, { bucket: 'a' });

    let resolved = false;
    const flushed = publisher.flush().then(() => {
      resolved = true;
    });
    await jest.advanceTimersByTimeAsync(1999);
    expect([resolved, signal?.aborted]).toEqual([false, false]);
    await jest.advanceTimersByTimeAsync(1);
    await flushed;

    expect([resolved, signal?.aborted]).toEqual([true, true]);
    expect(signal?.reason).toBeInstanceOf(MetricsPublishTimeoutError);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.fields).toMatchObject({
      timedOut: true,
      failedRequests: 1,
      timeoutMs: 2000,
      cause: { name: 'MetricsPublishTimeoutError' },
    });
  });

  it('on a partial hang: counts only the requests that had not answered', async () => {
    jest.useFakeTimers();
    let call = 0;
    const logger = recordingLogger();
    const publisher = new CloudWatchMetricsPublisher({
      client: clientWithSend(() => {
        call += 1;
        return call === 1 ? Promise.resolve({}) : new Promise(() => undefined);
      }),
      config: { maxChannels: 1000, publishTimeoutMs: 500 },
      logger,
    });
    for (const name of PER_CHANNEL_METRICS) {
      for (let channel = 0; channel < 400; channel += 1) {
        publisher.record(name, { bucket: 'a', key: `c${channel}/x.m3u8` });
      }
    }

    const flushed = publisher.flush();
    await jest.advanceTimersByTimeAsync(500);
    await flushed;

    expect(publisher.state.lastFlush).toMatchObject({
      requests: 2,
      failedRequests: 1,
      datumsLost: 206,
      timedOut: true,
    });
  });

  it('drops values CloudWatch would reject, logs how many, and publishes the rest', async () => {
    const { client, mock } = mockedCloudWatch();
    mock.on(PutMetricDataCommand).resolves({});
    const logger = recordingLogger();
    const publisher = new CloudWatchMetricsPublisher({ client, logger });
    publisher.record(MetricName.DeleteLagMs, { bucket: 'a' }, Number.NaN);
    publisher.record(MetricName.DeleteLagMs, { bucket: 'a' }, 120);

    await publisher.flush();

    expect(logger.lines.map((l) => l.fields)).toEqual([
      { event: MetricsLogEvent.ObservationsDropped, droppedObservations: 1 },
    ]);
    expect(sentInputs(mock)[0]?.MetricData?.map((d) => d.Values)).toEqual([[120]]);
  });

  it('never throws from record, whatever it is given', () => {
    const { client } = mockedCloudWatch();
    const publisher = new CloudWatchMetricsPublisher({ client, logger: recordingLogger() });
    expect(() => {
      publisher.record('Nope' as MetricName, {
        bucket: 42 as unknown as string,
        key: {} as string,
      });
      publisher.record(MetricName.CheckErrors, { bucket: '', key: '' }, Number.POSITIVE_INFINITY);
      publisher.record(MetricName.CheckErrors, undefined as unknown as { bucket: string });
    }).not.toThrow();
  });

  it('rejects an invalid configuration at construction, listing every problem', () => {
    const { client } = mockedCloudWatch();
    expect(
      () =>
        new CloudWatchMetricsPublisher({
          client,
          config: { namespace: 'AWS/Mine', maxChannels: -1 },
        }),
    ).toThrow(/namespace: .*; maxChannels: /);
  });
});
