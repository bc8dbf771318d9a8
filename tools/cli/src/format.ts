import type { AuditEntry, AuditSummary } from '@hls-stale-guard/checker';

/** `1234` → `1.2 s`, `95000` → `1 min 35 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function describeEntry(entry: AuditEntry): string {
  switch (entry.state) {
    case 'overdue':
      return `overdue by ${formatDuration(entry.byMs ?? 0)}`;
    case 'stale':
      return `stale by ${formatDuration(entry.byMs ?? 0)}`;
    case 'deleted':
      return `deleted (stale by ${formatDuration(entry.byMs ?? 0)})`;
    case 'live':
      return `live, deadline in ${formatDuration(Math.max(0, (entry.deadlineMs ?? 0) - Date.now()))}`;
    default:
      return entry.detail ? `${entry.state}: ${entry.detail}` : entry.state;
  }
}

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
  return [
    line(header),
    ...rows.map(line),
    '',
    `s3://${summary.bucket}/${summary.prefix}: ${summary.playlists} playlists of ${summary.scanned} objects${counts ? ` — ${counts}` : ''}`,
  ].join('\n');
}

/** 0 clean, 1 stale found (deleted or not), 2 error. */
export function exitCodeFor(summary: AuditSummary): 0 | 1 | 2 {
  if ((summary.counts.error ?? 0) > 0) return 2;
  if ((summary.counts.stale ?? 0) + (summary.counts.deleted ?? 0) > 0) return 1;
  return 0;
}
