import {
  decide,
  isPlaylistKey,
  type StalenessPolicy,
  type Verdict,
} from '@hls-stale-guard/playlist';
import {
  checkAtDeadline,
  conservativeWriteTimeMs,
  mapLimit,
  readFacts,
  type CheckerDeps,
  type ListedObject,
} from '@hls-stale-guard/checker';

/** What the audit says of one playlist. */
export const AuditState = {
  Live: 'live',
  /** Past its expected update (lastUpdate + TARGETDURATION) but not yet past the deadline. */
  Late: 'late',
  Stale: 'stale',
  Deleted: 'deleted',
  Superseded: 'superseded',
  Ended: 'ended',
  Vod: 'vod',
  Master: 'master',
  Invalid: 'invalid',
  TooLarge: 'too-large',
  Error: 'error',
} as const;
export type AuditState = (typeof AuditState)[keyof typeof AuditState];

export interface AuditEntry {
  key: string;
  state: AuditState;
  /** Age of the version on S3's clock (ms). */
  ageMs: number;
  deadlineMs?: number;
  /** late: ms past the expected update; stale: ms past the deadline. */
  byMs?: number;
  detail?: string;
}

export interface AuditSummary {
  bucket: string;
  prefix: string;
  scanned: number;
  playlists: number;
  counts: Partial<Record<AuditState, number>>;
  entries: AuditEntry[];
}

export interface AuditOptions {
  bucket: string;
  prefix: string;
  delete: boolean;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Pure: the audit state of one playlist from its verdict. `late` follows the RFC's expectation of a new
 * version every TARGETDURATION (RFC 8216 §6.2.1), before the 1.5 × deadline makes it stale.
 */
export function toAuditState(
  verdict: Verdict,
  ageMs: number,
  targetDurationMs: number | undefined,
): Pick<AuditEntry, 'state' | 'deadlineMs' | 'byMs' | 'detail'> {
  switch (verdict.kind) {
    case 'not-applicable':
      return {
        state: verdict.reason === 'endlist' ? 'ended' : verdict.reason,
        detail: verdict.detail,
      };
    case 'stale':
      return { state: 'stale', deadlineMs: verdict.deadlineMs, byMs: verdict.overdueMs };
    case 'fresh': {
      const lateBy = targetDurationMs === undefined ? 0 : ageMs - targetDurationMs;
      return lateBy > 0
        ? { state: 'late', deadlineMs: verdict.deadlineMs, byMs: lateBy }
        : { state: 'live', deadlineMs: verdict.deadlineMs };
    }
  }
}

/**
 * Audits every `.m3u8` under a prefix with the checker's own bounded read, rule and clock; with
 * `delete`, stale playlists go through the checker's own check (HEAD + `DeleteObject If-Match`).
 */
export async function auditBucket(deps: CheckerDeps, options: AuditOptions): Promise<AuditSummary> {
  const objects: ListedObject[] = [];
  let scanned = 0;
  let token: string | undefined;
  do {
    const page = await deps.store.list(options.bucket, options.prefix, {
      continuationToken: token,
      maxKeys: 1000,
    });
    if (page.serverDateMs !== undefined) deps.s3Clock.observeServerDate(page.serverDateMs);
    scanned += page.objects.length;
    objects.push(...page.objects.filter((o) => isPlaylistKey(o.key)));
    token = page.nextContinuationToken;
    options.onProgress?.(0, objects.length);
  } while (token);

  let done = 0;
  const entries = await mapLimit(objects, options.concurrency ?? 8, async (object) => {
    const entry = await auditObject(deps, options, object);
    done += 1;
    options.onProgress?.(done, objects.length);
    return entry;
  });
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
  options: AuditOptions,
  object: ListedObject,
): Promise<AuditEntry> {
  const writtenAtMs = conservativeWriteTimeMs(object.lastModifiedMs);
  const ageMs = Math.max(0, deps.s3Clock.nowLowerBoundMs() - writtenAtMs);
  const base = { key: object.key, ageMs };
  try {
    if (object.sizeBytes > deps.config.maxPlaylistBytes) {
      return { ...base, state: 'too-large', detail: `${object.sizeBytes} B` };
    }
    const read = await readFacts(deps, options.bucket, object.key, object.etag);
    if (read.kind === 'superseded') return { ...base, state: 'superseded', detail: read.reason };
    const verdict = decide({
      playlist: read.facts,
      lastUpdateMs: writtenAtMs,
      nowMs: deps.s3Clock.nowLowerBoundMs(),
      policy: deps.config.policy as StalenessPolicy,
    });
    const entry: AuditEntry = {
      ...base,
      ...toAuditState(
        verdict,
        ageMs,
        read.facts.kind === 'media' ? read.facts.targetDurationMs : undefined,
      ),
    };
    if (entry.state !== 'stale' || !options.delete) return entry;
    const outcome = await checkAtDeadline(deps, {
      bucket: options.bucket,
      key: object.key,
      etag: object.etag,
      writtenAtMs,
      source: 'reconciler',
    });
    if (outcome.kind === 'deleted') return { ...entry, state: 'deleted' };
    if (outcome.kind === 'superseded')
      return { ...entry, state: 'superseded', detail: outcome.reason };
    return entry;
  } catch (error) {
    return {
      ...base,
      state: 'error',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}
