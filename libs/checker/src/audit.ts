import { isPlaylistKey } from '@hls-stale-guard/playlist';
import { checkAtDeadline, type CheckOutcome } from './core/check-at-deadline';
import type { CheckerDeps } from './core/checker-deps';
import { isPastDeadline, judgeVersion, type VersionJudgement } from './core/judge-version';
import { mapLimit } from './core/map-limit';
import type { ListedObject } from './core/ports';
import { readFacts } from './core/read-facts';
import { conservativeWriteTimeMs, LIST_PAGE_SIZE, RECONCILE_CONCURRENCY } from './reconcile';
import { copyOf, type Pipeline } from './redundancy/pipelines';
import {
  renditionState,
  type CopyState,
  type CopyStatus,
  type RenditionState,
} from './redundancy/redundancy-state';

/** What the audit says of one playlist. */
export const AuditState = {
  Live: 'live',
  /**
   * Past its expected update (written + TARGETDURATION) but not yet past the deadline: `stale` is kept for
   * past the deadline, everywhere (checker, audit, lab, logs, metrics).
   */
  Overdue: 'overdue',
  /** Past its deadline: the checker would delete it (a dry run deletes nothing). */
  Stale: 'stale',
  Deleted: 'deleted',
  /** A newer upload replaced it while it was audited. */
  Superseded: 'superseded',
  Ended: 'ended',
  Vod: 'vod',
  Master: 'master',
  Invalid: 'invalid',
  TooLarge: 'too-large',
  /** Past its deadline by the bounded read, kept by the check (the whole read disagrees). */
  Kept: 'kept',
  Error: 'error',
} as const;
export type AuditState = (typeof AuditState)[keyof typeof AuditState];

export interface AuditEntry {
  key: string;
  state: AuditState;
  /** Age of the version on S3's clock (ms), from its `LastModified` taken as late as truncation allows. */
  ageMs: number;
  deadlineMs?: number;
  /** overdue: ms past the expected update; stale and deleted: ms past the deadline. */
  byMs?: number;
  detail?: string;
}

export interface AuditSummary {
  bucket: string;
  prefix: string;
  /** Objects listed under the prefix. */
  scanned: number;
  /** `.m3u8` keys among them, inside the checker's watched scope. */
  playlists: number;
  counts: Partial<Record<AuditState, number>>;
  entries: AuditEntry[];
}

export interface AuditOptions {
  bucket: string;
  prefix: string;
  /** Delete the stale playlists with the checker's own check; otherwise nothing is deleted. */
  delete: boolean;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Pure: the audit state of one version from its `judgeVersion` judgement, at `nowMs` on S3's clock.
 * `overdue` follows the RFC's expectation of a new version every TARGETDURATION (RFC 8216 §6.2.1), before the
 * deadline makes it stale.
 */
export function auditStateOf(
  judgement: VersionJudgement,
  writtenAtMs: number,
  nowMs: number,
): Pick<AuditEntry, 'state' | 'deadlineMs' | 'byMs' | 'detail'> {
  switch (judgement.kind) {
    case 'never-stale': {
      const { reason, detail } = judgement;
      if (reason === 'endlist') return { state: 'ended', detail };
      if (reason === 'not-a-playlist' || reason === 'outside-scope') {
        return { state: 'invalid', detail };
      }
      return { state: reason, detail };
    }
    case 'needs-facts':
      return { state: 'invalid', detail: 'no facts to judge' };
    case 'live': {
      const { deadlineMs, facts } = judgement;
      if (isPastDeadline(judgement, nowMs)) {
        return { state: 'stale', deadlineMs, byMs: nowMs - deadlineMs };
      }
      const overdueByMs = nowMs - writtenAtMs - facts.targetDurationMs;
      return overdueByMs > 0
        ? { state: 'overdue', deadlineMs, byMs: overdueByMs }
        : { state: 'live', deadlineMs };
    }
  }
}

/**
 * The audit: every `.m3u8` under a prefix (paginated ListObjectsV2), judged with the checker's own rule
 * (`judgeVersion`), bounded read and S3 clock. A playlist past its deadline goes through the checker's own
 * check at the deadline (HEAD, version history, whole read, then `DeleteObject If-Match` with `delete`,
 * or a dry run without it: nothing is deleted), so the audit reports exactly what the checker would do.
 *
 * @example
 * const summary = await audit(checker.deps, { bucket: 'origin-a', prefix: 'live/', delete: false });
 */
export async function audit(deps: CheckerDeps, options: AuditOptions): Promise<AuditSummary> {
  const objects: ListedObject[] = [];
  let scanned = 0;
  let continuationToken: string | undefined;
  do {
    const page = await deps.store.list(options.bucket, options.prefix, {
      continuationToken,
      maxKeys: LIST_PAGE_SIZE,
    });
    if (page.serverDateMs !== undefined) deps.s3Clock.observeServerDate(page.serverDateMs);
    scanned += page.objects.length;
    objects.push(
      ...page.objects.filter(
        (o) =>
          isPlaylistKey(o.key) &&
          judgeVersion({ bucket: options.bucket, key: o.key, writtenAtMs: 0 }, deps.config).kind !==
            'never-stale',
      ),
    );
    continuationToken = page.nextContinuationToken;
    options.onProgress?.(0, objects.length);
  } while (continuationToken);

  // Without `delete`, the check runs as a dry run whatever the configuration says.
  const checkDeps: CheckerDeps = options.delete
    ? deps
    : { ...deps, config: { ...deps.config, dryRun: true } };
  let done = 0;
  const entries = await mapLimit(
    objects,
    options.concurrency ?? RECONCILE_CONCURRENCY,
    async (object) => {
      const entry = await auditObject(checkDeps, options.bucket, object);
      done += 1;
      options.onProgress?.(done, objects.length);
      return entry;
    },
  );
  const counts: AuditSummary['counts'] = {};
  for (const entry of entries) counts[entry.state] = (counts[entry.state] ?? 0) + 1;
  return {
    bucket: options.bucket,
    prefix: options.prefix,
    scanned,
    playlists: objects.length,
    counts,
    entries,
  };
}

async function auditObject(
  deps: CheckerDeps,
  bucket: string,
  object: ListedObject,
): Promise<AuditEntry> {
  const writtenAtMs = conservativeWriteTimeMs(object.lastModifiedMs);
  const version = { bucket, key: object.key, sizeBytes: object.sizeBytes, writtenAtMs };
  const ageMs = Math.max(0, deps.s3Clock.nowLowerBoundMs() - writtenAtMs);
  const base = { key: object.key, ageMs };
  try {
    const bySize = judgeVersion(version, deps.config);
    if (bySize.kind === 'never-stale') {
      return { ...base, ...auditStateOf(bySize, writtenAtMs, deps.s3Clock.nowLowerBoundMs()) };
    }
    const read = await readFacts(deps, bucket, object.key, object.etag);
    if (read.kind === 'superseded') return { ...base, state: 'superseded', detail: read.reason };
    const judgement = judgeVersion({ ...version, facts: read.facts }, deps.config);
    const entry: AuditEntry = {
      ...base,
      ...auditStateOf(judgement, writtenAtMs, deps.s3Clock.nowLowerBoundMs()),
    };
    if (entry.state !== 'stale') return entry;
    const outcome = await checkAtDeadline(deps, {
      bucket,
      key: object.key,
      etag: object.etag,
      writtenAtMs,
      source: 'reconciler',
    });
    return { ...entry, ...fromOutcome(outcome, deps.s3Clock.nowLowerBoundMs()) };
  } catch (error) {
    return {
      ...base,
      state: 'error',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The audit state after the checker's own check of a playlist the audit found past its deadline. */
function fromOutcome(
  outcome: CheckOutcome,
  nowMs: number,
): Pick<AuditEntry, 'state' | 'deadlineMs' | 'byMs' | 'detail'> {
  switch (outcome.kind) {
    case 'deleted':
      return { state: 'deleted', deadlineMs: outcome.deadlineMs, byMs: nowMs - outcome.deadlineMs };
    case 'would-delete':
      return { state: 'stale', deadlineMs: outcome.deadlineMs, byMs: nowMs - outcome.deadlineMs };
    case 'superseded':
      return { state: 'superseded', detail: outcome.reason };
    case 'kept': {
      const known: readonly string[] = Object.values(AuditState);
      const state = outcome.reason === 'endlist' ? 'ended' : outcome.reason;
      return known.includes(state)
        ? { state: state as AuditState, detail: outcome.detail }
        : { state: 'kept', detail: outcome.detail ?? outcome.reason };
    }
    case 'not-due':
      // Re-based later by the check (an identical re-upload whose history cannot tell).
      return { state: 'live', deadlineMs: outcome.deadlineMs, byMs: undefined };
  }
}

/** The redundancy of one rendition across the pipelines' copies, as the audit found them. */
export interface RenditionAudit {
  renditionId: string;
  state: RenditionState;
  /** The pipelines whose copy is live (or late: not yet past its deadline). */
  livePipelines: string[];
  /** Each pipeline's copy: its audit state, `missing` when the pipeline has none. */
  copies: Record<string, AuditState | 'missing'>;
  /** `live on a, b` / `failed over to b` / `down`. */
  description: string;
}

export interface RedundancyAudit {
  /** One audit per pipeline (its bucket, its prefix + the prefix asked for). */
  pipelines: (AuditSummary & { pipeline: string })[];
  /** Every live media rendition any pipeline has (master, VOD, ended playlists are not renditions here). */
  renditions: RenditionAudit[];
  counts: Partial<Record<RenditionState, number>>;
}

/** How the audit describes a rendition's redundancy. Pure. */
export function describeRedundancy(
  state: RenditionState,
  livePipelines: readonly string[],
): string {
  if (state === 'down') return 'down';
  if (state === 'failed-over') return `failed over to ${livePipelines.join(', ')}`;
  return `live on ${livePipelines.join(', ')}`;
}

/** An audit state as the redundancy model's copy status. */
function copyStatusOf(state: AuditState | 'missing'): CopyStatus | undefined {
  switch (state) {
    case 'live':
    case 'overdue':
      return 'live';
    case 'stale':
    case 'kept':
      return 'stale';
    // A newer upload replaced it while it was audited: the encoder is writing.
    case 'superseded':
      return 'live';
    case 'deleted':
    case 'missing':
      return 'deleted';
    case 'error':
      return 'unknown';
    // Not a live rendition.
    case 'ended':
    case 'vod':
    case 'master':
    case 'invalid':
    case 'too-large':
      return undefined;
  }
}

/**
 * Pure: the renditions of the pipelines' audits, each with its redundancy state (`renditionState`). A
 * rendition is a key (without the pipeline's prefix) that at least one pipeline has as a live media
 * playlist (live, late, stale, deleted by this audit, kept); a pipeline without it counts as deleted.
 */
export function renditionsOf(
  pipelines: readonly Pipeline[],
  summaries: readonly AuditSummary[],
): RenditionAudit[] {
  const byRendition = new Map<string, Map<string, AuditState>>();
  summaries.forEach((summary, index) => {
    const pipeline = pipelines[index];
    if (!pipeline) return;
    for (const entry of summary.entries) {
      const copy = copyOf(pipelines, summary.bucket, entry.key);
      if (!copy || copy.pipeline !== pipeline.name) continue;
      const copies = byRendition.get(copy.renditionId) ?? new Map<string, AuditState>();
      copies.set(copy.pipeline, entry.state);
      byRendition.set(copy.renditionId, copies);
    }
  });
  const renditions: RenditionAudit[] = [];
  for (const [renditionId, found] of [...byRendition].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const copies = Object.fromEntries(
      pipelines.map((p) => [p.name, found.get(p.name) ?? ('missing' as const)]),
    );
    const states: CopyState[] = [];
    for (const [pipeline, state] of Object.entries(copies)) {
      const status = copyStatusOf(state);
      if (status) states.push({ pipeline, status });
    }
    // Not a live media playlist on any pipeline (a master, a VOD): no redundancy to tell.
    if (![...found.values()].some((state) => copyStatusOf(state) !== undefined)) continue;
    const state = renditionState(states);
    const livePipelines = states.filter((s) => s.status === 'live').map((s) => s.pipeline);
    renditions.push({
      renditionId,
      state,
      livePipelines,
      copies,
      description: describeRedundancy(state, livePipelines),
    });
  }
  return renditions;
}

/**
 * The audit of every pipeline's copies (`audit` per pipeline: its bucket, its prefix + `prefix`), then each
 * rendition's redundancy: `live on a, b`, `failed over to b`, `down`.
 *
 * @example
 * await auditRedundancy(deps, { pipelines: parsed, prefix: 'live/', delete: false });
 */
export async function auditRedundancy(
  deps: CheckerDeps,
  options: Omit<AuditOptions, 'bucket'> & { pipelines: readonly Pipeline[] },
): Promise<RedundancyAudit> {
  const summaries: RedundancyAudit['pipelines'] = [];
  for (const pipeline of options.pipelines) {
    const summary = await audit(deps, {
      ...options,
      bucket: pipeline.bucket,
      prefix: `${pipeline.prefix}${options.prefix}`,
    });
    summaries.push({ ...summary, pipeline: pipeline.name });
  }
  const renditions = renditionsOf(options.pipelines, summaries);
  const counts: RedundancyAudit['counts'] = {};
  for (const r of renditions) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return { pipelines: summaries, renditions, counts };
}
