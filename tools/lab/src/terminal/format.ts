/**
 * Text for the terminal: one line per lab event and the live table. Pure.
 */
import type { LabEvent } from '../lab-events';
import type { PlaylistRow } from '../status/playlist-status';

function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function seconds(ms: number | undefined, signed = false): string {
  if (ms === undefined) return '—';
  const text = `${(ms / 1000).toFixed(1)} s`;
  return signed && ms > 0 ? `+${text}` : text;
}

/** A human line for one event, or undefined for events that only feed the panel. */
export function formatEvent(event: LabEvent): string | undefined {
  const head = `${clockTime(event.atMs)}  ${event.component}:`;
  switch (event.type) {
    case 'started':
      return `${head} ready at ${event.url}`;
    case 'control': {
      const c = event.control;
      const what =
        c.action === 'crash-pipeline'
          ? `crash pipeline ${c.pipeline.toUpperCase()}`
          : c.action === 'crash-rendition'
            ? `crash ${c.pipeline}/${c.rendition}`
            : c.action === 'restore'
              ? 'restore every stream'
              : 'end the stream (ENDLIST)';
      return `${head} ${what}`;
    }
    case 'stream-state':
      return `${head} ${event.pipeline}/${event.rendition} ${event.state}${event.detail ? ` (${event.detail})` : ''}`;
    case 'checker-decision':
      if (event.verdict === 'superseded' || event.verdict === 'not-due') return undefined;
      return `${head} ${event.verdict}${event.reason ? ` (${event.reason})` : ''} s3://${event.bucket}/${event.key}${
        event.lagMs !== undefined ? ` (checker lag ${Math.round(event.lagMs)} ms)` : ''
      }${event.source ? ` [${event.source}]` : ''}`;
    case 'playlist-deleted':
      return `${head} s3://${event.bucket}/${event.key}${event.versionId ? ` (version ${event.versionId})` : ''} deleted by another client, not the checker`;
    case 'reconcile-sweep':
      return event.deleted > 0
        ? `${head} reconcile sweep deleted ${event.deleted} (${event.scanned} objects, ${event.durationMs} ms)`
        : undefined;
    case 'log':
      return `${head} ${event.level === 'info' ? '' : `${event.level}: `}${event.message}`;
    case 'playlist-put':
      return event.endList
        ? `${head} ${event.pipeline}/${event.key} written with ENDLIST`
        : undefined;
  }
}

/**
 * The warnings and errors among events emitted before the terminal subscribed (while the lab started: a
 * port clash, a retried encoder), so they reach the terminal and not only the page.
 */
export function startupWarnings(events: readonly LabEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type !== 'log' || event.level === 'info') return [];
    const line = formatEvent(event);
    return line ? [line] : [];
  });
}

const pad = (text: string, width: number) =>
  text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);

/** The live table: one row per media playlist. */
export function formatTable(rows: readonly PlaylistRow[]): string[] {
  const header = [
    'key',
    'playlist',
    'encoder',
    'state',
    'age',
    'deadline',
    'seq',
    'last delete lag',
  ];
  const widths = [4, 32, 9, 8, 8, 10, 6, 16];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 8))
      .join(' ')
      .trimEnd();
  return [
    line(header),
    ...rows.map((row) =>
      line([
        String(row.index),
        `${row.pipeline.toUpperCase()} ${row.edgePath}`,
        row.stream,
        row.state,
        seconds(row.ageMs),
        row.state === 'live' || row.state === 'stale' ? seconds(row.deadlineInMs, true) : '—',
        row.mediaSequence === undefined ? '—' : String(row.mediaSequence),
        row.lastDeleteLagMs === undefined ? '—' : `${row.lastDeleteLagMs} ms`,
      ]),
    ),
  ];
}

export const KEY_HELP =
  'keys: a/b crash pipeline A/B · 1-4 crash that rendition · r restore · e end (ENDLIST) · q quit';

export const KEYS_OFF =
  'keys: off (stdin is not a terminal): stop the lab with Ctrl-C or SIGTERM, control it from the page';

export interface BannerFacts {
  url: string;
  playbackUrl: string;
  summary: string;
  /**
   * The S3 endpoint for any client (path-style): the upload tap in front of fauxqs, so the lab sees the
   * client's uploads and deletions (the audit CLI's `--delete` included).
   */
  s3Endpoint: string;
  region: string;
  buckets: readonly string[];
  prefix: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  keys: boolean;
}

/**
 * The lines `npm start` prints first: where the page and the stream are, how to reach the lab's S3 with
 * any client, and an audit command for this lab that can be pasted as is.
 */
export function formatBanner(facts: BannerFacts): string[] {
  const env = `AWS_ACCESS_KEY_ID=${facts.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${facts.credentials.secretAccessKey} AWS_REGION=${facts.region}`;
  return [
    `hls-stale-guard lab: ${facts.url}  (stream ${facts.playbackUrl})`,
    facts.summary,
    `S3: ${facts.s3Endpoint} (path-style, region ${facts.region}), buckets ${facts.buckets.join(', ')}; credentials: any key pair (e.g. ${facts.credentials.accessKeyId} / ${facts.credentials.secretAccessKey})`,
    ...facts.buckets.map(
      (bucket) =>
        `audit: ${env} npm run audit -- --bucket ${bucket} --prefix ${facts.prefix} --endpoint ${facts.s3Endpoint}`,
    ),
    ...(facts.keys ? [] : [KEYS_OFF]),
  ];
}
