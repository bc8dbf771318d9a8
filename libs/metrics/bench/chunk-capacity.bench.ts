/**
 * Measures what the PutMetricData limits mean in practice: datums per request, the byte estimate against
 * the body the real SDK serializes (and gzips), and aggregation cost. Prints; asserts nothing.
 *
 *   NX_DAEMON=false npx nx run metrics:bench --outputStyle=static
 */
import { PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CANNED, FakeCloudWatchHttp } from '../test/fake-cloudwatch-http';
import { chunkDatums, estimateJsonBytes } from '../src/chunk-datums';
import { MAX_VALUES_PER_DATUM } from '../src/cloudwatch-limits';
import { createCloudWatchClient } from '../src/create-cloudwatch-client';
import { DEFAULT_CHANNEL_RULE } from '../src/channel-rule';
import { MetricAggregator } from '../src/metric-aggregator';
import { MetricName } from '@hls-stale-guard/contract';
import { toMetricDatums } from '../src/to-metric-datums';

const NAMESPACE = 'HlsStaleGuard';
const T0 = Date.UTC(2026, 0, 1);

function datums(count: number, values: (i: number) => number[], channel: (i: number) => string) {
  return Array.from({ length: count }, (_, i): MetricDatum => {
    const v = values(i);
    return {
      MetricName: MetricName.DeleteLagMs,
      Dimensions: [
        { Name: 'Bucket', Value: 'origin-a-pipeline-0123456789' },
        { Name: 'Channel', Value: channel(i) },
      ],
      Timestamp: new Date(T0 + 123),
      Unit: 'Milliseconds',
      Values: v,
      Counts: v.map((_, j) => 1 + (j % 7)),
    };
  });
}

async function wireBytes(chunk: MetricDatum[], compress: boolean): Promise<number> {
  const http = new FakeCloudWatchHttp([CANNED.ok]);
  const client = createCloudWatchClient({
    ...http.clientConfig(),
    disableRequestCompression: !compress,
  });
  await client.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: chunk }));
  return http.requests[0]?.wireBytes ?? Number.NaN;
}

const scenarios: { name: string; input: MetricDatum[] }[] = [
  {
    name: '150 fractional ms values, 200-char channel',
    input: datums(
      3000,
      () => Array.from({ length: MAX_VALUES_PER_DATUM }, () => Math.random() * 100_000),
      (i) => `ch-${i}-${'x'.repeat(200)}`,
    ),
  },
  {
    name: '150 integer ms values, short channel',
    input: datums(
      3000,
      (i) => Array.from({ length: MAX_VALUES_PER_DATUM }, (_, j) => (i * 7 + j * 13) % 30_000),
      (i) => `live-${i}`,
    ),
  },
  {
    name: 'count metric: Values [1], short channel',
    input: datums(
      3000,
      () => [1],
      (i) => `live-${i}`,
    ),
  },
];

async function main(): Promise<void> {
  console.log('| scenario | datums / request | estimate (bytes) | SDK JSON body | gzip on wire |');
  console.log('|---|---|---|---|---|');
  for (const { name, input } of scenarios) {
    const [first] = chunkDatums(input);
    if (first === undefined) continue;
    const estimate = estimateJsonBytes({ Namespace: NAMESPACE, MetricData: first });
    const plain = await wireBytes(first, false);
    const gzip = await wireBytes(first, true);
    console.log(`| ${name} | ${first.length} | ${estimate} | ${plain} | ${gzip} |`);
  }

  for (const observations of [10_000, 100_000]) {
    const aggregator = new MetricAggregator({
      channelRule: DEFAULT_CHANNEL_RULE,
      maxChannels: 50,
      highResolution: true,
    });
    const names = Object.values(MetricName);
    const started = performance.now();
    for (let i = 0; i < observations; i += 1) {
      aggregator.record(
        names[i % names.length] as MetricName,
        { bucket: i % 2 === 0 ? 'origin-a' : 'origin-b', key: `live-${i % 80}/720p.m3u8` },
        i % 500,
        T0 + (i % 120_000),
      );
    }
    const recorded = performance.now();
    const chunks = chunkDatums(toMetricDatums(aggregator.drain()));
    const done = performance.now();
    console.log(
      `${observations} observations: record ${(recorded - started).toFixed(1)} ms, ` +
        `toMetricDatums + chunkDatums ${(done - recorded).toFixed(1)} ms → ` +
        `${chunks.reduce((n, c) => n + c.length, 0)} datums in ${chunks.length} requests`,
    );
  }
}

void main();
