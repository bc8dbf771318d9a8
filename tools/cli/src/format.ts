import type { AuditEntry, AuditSummary, RedundancyAudit } from '@hls-stale-guard/checker';

/** `1234` → `1.2 s`, `95000` → `1 min 35 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function describeEntry(entry: AuditEntry): string {
  switch (entry.state) {
    case 'overdue':
      return `overdue by ${formatDuration(entry.byMs ?? 0)}`;
    case 'stale':
      return `stale by ${formatDuration(entry.byMs ?? 0)}`;
    case 'deleted':
      return `deleted (stale by ${formatDuration(entry.byMs ?? 0)})`;
    case 'live':
      return `live, deadline in ${formatDuration(Math.max(0, (entry.deadlineMs ?? 0) - Date.now()))}`;
    case 'ended':
    case 'vod':
    case 'master':
    case 'invalid':
    case 'too-large':
    case 'kept':
    case 'superseded':
    case 'error':
      return entry.detail ? `${entry.state}: ${entry.detail}` : entry.state;
  }
}

const TIMED_STATES: ReadonlySet<string> = new Set(['live', 'overdue', 'stale', 'deleted']);

/**
 * Why an age can look too young for its verdict: S3's `LastModified` has whole-second resolution, and the
 * checker takes a write as late as that allows (LastModified + 999 ms) so it never deletes early.
 */
export const WHOLE_SECOND_NOTE =
  "note: S3's LastModified has whole-second resolution: ages and deadlines count from LastModified + 999 ms, the latest the write can have been (never stale early). An AGE can read up to 1 s less than the time since the LastModified you see, and a deadline can land up to 1 s after the one from the exact write time.";

/** A plain-text table, one playlist per line, then a summary line. */
export function formatTable(summary: AuditSummary): string {
  const rows = summary.entries.map((e) => [
    e.state.toUpperCase(),
    formatDuration(e.ageMs),
    describeEntry(e),
    e.key,
  ]);
  const header = ['STATE', 'AGE', 'VERDICT', 'KEY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const counts = Object.entries(summary.counts)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const timed = summary.entries.some((e) => TIMED_STATES.has(e.state));
  return [
    line(header),
    ...rows.map(line),
    ...(timed ? ['', WHOLE_SECOND_NOTE] : []),
    '',
    `s3://${summary.bucket}/${summary.prefix}: ${summary.playlists} playlists of ${summary.scanned} objects${counts ? ` — ${counts}` : ''}`,
  ].join('\n');
}

/**
 * 0: no stale playlist left (none found, or `--delete` deleted every one it found); 1: stale playlists
 * remain (a dry run found some, or `--delete` could not delete them all); 2: an error.
 */
export function exitCodeFor(
  summary: AuditSummary,
  options: { deleteRequested: boolean } = { deleteRequested: false },
): 0 | 1 | 2 {
  if ((summary.counts.error ?? 0) > 0) return 2;
  if ((summary.counts.stale ?? 0) > 0) return 1;
  if (!options.deleteRequested && (summary.counts.deleted ?? 0) > 0) return 1;
  return 0;
}

/**
 * The redundancy table: each pipeline's audit, then one line per rendition with its state across the
 * pipelines (`live on a, b`, `failed over to b`, `down`) and each pipeline's copy.
 */
export function formatRedundancy(result: RedundancyAudit): string {
  const names = result.pipelines.map((p) => p.pipeline);
  const header = ['REDUNDANCY', ...names.map((n) => n.toUpperCase()), 'RENDITION'];
  const rows = result.renditions.map((r) => [
    r.description,
    ...names.map((n) => r.copies[n] ?? 'missing'),
    r.renditionId,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const counts = Object.entries(result.counts)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  return [
    ...result.pipelines.flatMap((p) => [`pipeline ${p.pipeline}:`, formatTable(p), '']),
    line(header),
    ...rows.map(line),
    '',
    `${result.renditions.length} renditions on ${names.length} pipelines${counts ? ` — ${counts}` : ''}`,
  ].join('\n');
}

/** The worst exit code of the pipelines' audits; 1 also when a rendition is down. */
export function exitCodeForRedundancy(
  result: RedundancyAudit,
  options: { deleteRequested: boolean } = { deleteRequested: false },
): 0 | 1 | 2 {
  const codes = result.pipelines.map((summary) => exitCodeFor(summary, options));
  if (codes.includes(2)) return 2;
  if (codes.includes(1) || (result.counts.down ?? 0) > 0) return 1;
  return 0;
}
