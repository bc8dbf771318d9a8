/**
 * What one canary run writes and expects, derived from its options. Pure: no I/O, no clock.
 */
import { channelOf, MetricDimension, MetricName, parseChannelRule } from '@hls-stale-guard/metrics';

/** Options of one run (see `parse-canary-args.ts` for the flags). */
export interface CanaryOptions {
  /** Playback domain (`d123.cloudfront.net`) or a base URL (`http://127.0.0.1:8080`). */
  readonly domain: string;
  /** Origin bucket the canary writes to (the stack's `primary_bucket`). */
  readonly bucket: string;
  /** Key prefix the checker watches (the stack's `canary_prefix`). */
  readonly prefix: string;
  /** EXT-X-TARGETDURATION of the test playlists, whole seconds. */
  readonly targetDurationS: number;
  /** The checker's TARGETDURATION multiple (RFC 8216 §6.2.1: 1.5). */
  readonly multiple: number;
  /** CloudFront error caching minimum TTL for 404 (the stack sets 1 s). */
  readonly errorTtlS: number;
  /** Slack for S3 event delivery, queue delay and Lambda start. */
  readonly marginS: number;
  /** Overrides the computed budget for the 404 (seconds), when given. */
  readonly timeoutS: number | undefined;
  /** Time between two polls. */
  readonly intervalS: number;
  /** Per-request timeout. */
  readonly requestTimeoutS: number;
  /** AWS region of the bucket; the SDK's default chain decides when absent. */
  readonly region: string | undefined;
  /**
   * The checker runs with DRY_RUN=true: it deletes nothing, so the canary expects the live playlist to
   * stay served and the `DryRunWouldDelete` metric of its key to move instead of a 404.
   */
  readonly dryRun: boolean;
  /** CloudWatch namespace the checker publishes to (infra config `metricsNamespace`). */
  readonly metricsNamespace: string;
  /** The checker's `Channel` dimension rule (infra config `metricsChannelRule`): `segment:<n>` or `none`. */
  readonly channelRule: string;
  /** Dry-run: how long after the stale deadline to wait for the metric (CloudWatch ingestion delay). */
  readonly metricWaitS: number;
}

export const CANARY_DEFAULTS = {
  prefix: 'hls-stale-guard-canary/',
  targetDurationS: 2,
  multiple: 1.5,
  errorTtlS: 1,
  /**
   * S3 event notifications "typically" arrive within seconds but "sometimes a minute or longer"
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html), so a 60 s margin.
   */
  marginS: 60,
  intervalS: 1,
  requestTimeoutS: 5,
  dryRun: false,
  metricsNamespace: 'HlsStaleGuard',
  channelRule: 'segment:1',
  /**
   * The checker publishes at the end of each invocation with a 60 s period, and a standard-resolution
   * datum can take minutes to be returned by GetMetricData
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Metric):
   * 5 minutes on top of the margin.
   */
  metricWaitS: 300,
} as const;

/** Dry-run: how often the canary asks CloudWatch for the metric (one GetMetricData call each time). */
export const METRIC_POLL_INTERVAL_MS = 15_000;

/** The CloudWatch series a dry-run canary expects to move: `DryRunWouldDelete` of its own live key. */
export interface WouldDeleteMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
}

/** RFC 8216 §4: the media type of an M3U8 playlist. */
export const PLAYLIST_CONTENT_TYPE = 'application/vnd.apple.mpegurl';

export interface CanaryPlan {
  readonly runId: string;
  readonly liveKey: string;
  readonly endedKey: string;
  readonly liveBody: string;
  readonly endedBody: string;
  readonly liveUrl: string;
  readonly endedUrl: string;
  /** RFC 8216 §6.2.1 deadline after the upload: multiple × TARGETDURATION. */
  readonly staleDeadlineMs: number;
  /** How long after the upload the playback URL must answer 404. */
  readonly budgetMs: number;
  /** After the live playlist is gone, how long the ENDLIST playlist must keep answering 200. */
  readonly holdMs: number;
  readonly intervalMs: number;
  readonly requestTimeoutMs: number;
  /** `live`: the checker deletes (the live playlist must 404); `dry-run`: it must only count. */
  readonly mode: 'live' | 'dry-run';
  /** Dry-run: the series that must move. */
  readonly wouldDelete: WouldDeleteMetric;
  /** Dry-run: how long after the upload the metric may take to show the would-delete. */
  readonly metricBudgetMs: number;
}

/**
 * The `DryRunWouldDelete` series of one key: `{Bucket, Channel}` when the checker derives a channel
 * (the run id under the canary prefix with the default `segment:1`, so another playlist's would-delete
 * cannot pass the canary), else `{Bucket}`. Throws on a malformed rule (the argument parser checks it).
 *
 * @example
 * wouldDeleteMetric('HlsStaleGuard', 'segment:1', 'b', 'hls-stale-guard-canary/r1/live.m3u8').dimensions
 * // [{ name: 'Bucket', value: 'b' }, { name: 'Channel', value: 'r1' }]
 */
export function wouldDeleteMetric(
  namespace: string,
  channelRule: string,
  bucket: string,
  key: string,
): WouldDeleteMetric {
  const parsed = parseChannelRule(channelRule);
  if (!parsed.ok) throw new Error(`channel rule: ${parsed.problem}`);
  const channel = channelOf(parsed.rule, key);
  return {
    namespace,
    metricName: MetricName.DryRunWouldDelete,
    dimensions: [
      { name: MetricDimension.Bucket, value: bucket },
      ...(channel === undefined ? [] : [{ name: MetricDimension.Channel, value: channel }]),
    ],
  };
}

/**
 * A unique, sortable, key-safe run id: UTC time to the second and 6 random hex digits.
 *
 * @example
 * makeRunId(Date.UTC(2026, 10, 20, 10, 0, 0), 'a1b2c3') // '20261120T100000Z-a1b2c3'
 */
export function makeRunId(nowMs: number, randomHex: string): string {
  const iso = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${iso}-${randomHex}`;
}

/**
 * `https://<domain>` for a bare domain; a base URL (with scheme) unchanged, without a trailing slash.
 *
 * @example
 * playbackBase('d1.cloudfront.net') // 'https://d1.cloudfront.net'
 * playbackBase('http://127.0.0.1:8080/') // 'http://127.0.0.1:8080'
 */
function playbackBase(domain: string): string {
  const base = /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
  return base.replace(/\/+$/, '');
}

/**
 * The playback URL of an object key: the distribution serves keys at the root path.
 *
 * @example
 * playbackUrl('d1.cloudfront.net', 'a b/live.m3u8') // 'https://d1.cloudfront.net/a%20b/live.m3u8'
 */
export function playbackUrl(domain: string, key: string): string {
  return `${playbackBase(domain)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * A small media playlist whose segment names carry the run id. With `ended`, it carries
 * `#EXT-X-ENDLIST` and must never be deleted (RFC 8216 §6.2.1 applies to live playlists only).
 *
 * @example
 * buildPlaylist({ runId: 'r1', targetDurationS: 2, ended: false }).includes('#EXT-X-ENDLIST') // false
 */
export function buildPlaylist(args: {
  readonly runId: string;
  readonly targetDurationS: number;
  readonly ended: boolean;
}): string {
  const segment = (n: number) => [
    `#EXTINF:${args.targetDurationS.toFixed(3)},`,
    `canary-${args.runId}-${n}.ts`,
  ];
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${args.targetDurationS}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    ...segment(0),
    ...segment(1),
    ...segment(2),
    ...(args.ended ? ['#EXT-X-ENDLIST'] : []),
    '',
  ].join('\n');
}

/**
 * Everything one run writes and waits for.
 *
 * @example
 * const plan = planCanary({ ...CANARY_DEFAULTS, domain: 'd1.cloudfront.net', bucket: 'b',
 *   timeoutS: undefined, region: undefined }, '20261120T100000Z-a1b2c3');
 * plan.liveUrl   // 'https://d1.cloudfront.net/hls-stale-guard-canary/20261120T100000Z-a1b2c3/live.m3u8'
 * plan.budgetMs  // (1.5 × 2 + 1 + 60) s = 64000
 */
export function planCanary(options: CanaryOptions, runId: string): CanaryPlan {
  const prefix =
    options.prefix === '' || options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;
  const liveKey = `${prefix}${runId}/live.m3u8`;
  const endedKey = `${prefix}${runId}/ended.m3u8`;
  const staleDeadlineMs = Math.round(options.multiple * options.targetDurationS * 1000);
  const errorTtlMs = Math.round(options.errorTtlS * 1000);
  const budgetMs =
    options.timeoutS !== undefined
      ? Math.round(options.timeoutS * 1000)
      : staleDeadlineMs + errorTtlMs + Math.round(options.marginS * 1000);
  const intervalMs = Math.round(options.intervalS * 1000);
  return {
    runId,
    liveKey,
    endedKey,
    liveBody: buildPlaylist({ runId, targetDurationS: options.targetDurationS, ended: false }),
    endedBody: buildPlaylist({ runId, targetDurationS: options.targetDurationS, ended: true }),
    liveUrl: playbackUrl(options.domain, liveKey),
    endedUrl: playbackUrl(options.domain, endedKey),
    staleDeadlineMs,
    budgetMs,
    // Long enough for the checker to have judged the ENDLIST playlist too, and for a wrongly cached
    // 404 to show.
    holdMs: Math.max(staleDeadlineMs + errorTtlMs, 2 * intervalMs),
    intervalMs,
    requestTimeoutMs: Math.round(options.requestTimeoutS * 1000),
    mode: options.dryRun ? 'dry-run' : 'live',
    wouldDelete: wouldDeleteMetric(
      options.metricsNamespace,
      options.channelRule,
      options.bucket,
      liveKey,
    ),
    metricBudgetMs: budgetMs + Math.round(options.metricWaitS * 1000),
  };
}
