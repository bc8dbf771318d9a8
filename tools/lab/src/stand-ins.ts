/** What stands in for which AWS part, as the page and the terminal list it. Pure. */
import { ORIGIN_FAILOVER_STATUS_CODES } from '@hls-stale-guard/contract';
import type { EncoderKind } from './lab-options';

export interface StandIn {
  name: string;
  standsFor: string;
  detail: string;
}

/**
 * @example
 * describeStandIns({ fauxqs: { endpoint, pid }, buckets, checker: true, reconcileEveryMs: 15_000, encoder: 'synthetic' });
 */
export function describeStandIns(lab: {
  fauxqs: { endpoint: string; pid: number };
  /** dynalite with the playlist registry table, when the checker runs. */
  dynalite?: { endpoint: string; pid: number; tableName: string };
  buckets: readonly string[];
  checker: boolean;
  reconcileEveryMs: number;
  encoder: EncoderKind;
  /** The master playlist's topology (default: origin-group). */
  topology?: 'origin-group' | 'redundant-manifests';
}): StandIn[] {
  return [
    {
      name: 'fauxqs (S3 + SQS protocol server)',
      standsFor: 'Amazon S3 and Amazon SQS',
      detail: `${lab.fauxqs.endpoint} (pid ${lab.fauxqs.pid}): buckets ${lab.buckets.join(', ')}, queue lab-checker + lab-checker-dlq`,
    },
    ...(lab.dynalite
      ? [
          {
            name: 'dynalite (DynamoDB protocol server, in memory)',
            standsFor: 'Amazon DynamoDB (the playlist registry the reconciler sweeps)',
            detail: `${lab.dynalite.endpoint} (pid ${lab.dynalite.pid}): table ${lab.dynalite.tableName}`,
          },
        ]
      : []),
    {
      name: 'S3 → SQS notification stand-in',
      standsFor: 'S3 event notifications (ObjectCreated, suffix .m3u8)',
      detail:
        'a proxy in front of fauxqs that sends the notification after every accepted PutObject',
    },
    {
      name: 'Lambda SQS event-source stand-in',
      standsFor: 'the Lambda event source mapping (batches, ReportBatchItemFailures)',
      detail: lab.checker
        ? 'long-polls the queue and calls createChecker(…).processSqsBatch — the Lambda’s own code'
        : 'off (--no-checker)',
    },
    {
      name: 'EventBridge schedule stand-in',
      standsFor: 'the reconciler schedule',
      detail: lab.checker
        ? `calls checker.reconcile every ${lab.reconcileEveryMs / 1000} s`
        : 'off (--no-checker)',
    },
    {
      name: 'edge',
      standsFor: 'CloudFront with an origin group (A, then B)',
      detail: `fails over on ${ORIGIN_FAILOVER_STATUS_CODES.join(', ')}; playlists cached 1 s, segments 1 day, 403/404 1 s`,
    },
    {
      name: `${lab.encoder} encoder`,
      standsFor:
        lab.topology === 'redundant-manifests'
          ? 'AWS Elemental MediaLive (two pipelines, redundant manifests)'
          : 'AWS Elemental MediaLive (two pipelines, epoch-locked, one URL per rendition through the origin group)',
      detail:
        lab.encoder === 'ffmpeg'
          ? 'one ffmpeg per pipeline and rendition, HLS over HTTP PUT'
          : 'committed 2 s MPEG-TS fixtures, timestamps rewritten to run forever',
    },
  ];
}
