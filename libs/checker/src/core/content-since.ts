import type { CheckerDeps } from './checker-deps';
import type { HeadResult, VersionHistory } from './ports';

/** S3 `LastModified` is truncated to whole seconds: the write happened within the following 999 ms. */
function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** The latest instant a version listed with `lastModifiedMs` can have been written. */
function latestWriteMs(lastModifiedMs: number): number {
  return floorSecond(lastModifiedMs) + 999;
}

export type ContentSince =
  /** The history proves no different ETag was written since the judged write: judge by it. */
  | { kind: 'unchanged'; sinceMs: number }
  /** A different version (or a delete) came after the judged write: the current content is newer. */
  | { kind: 'changed'; sinceMs: number }
  /** The history cannot tell: the current content may be as new as its own `LastModified` allows. */
  | { kind: 'cannot-tell'; sinceMs: number; reason: string };

/**
 * Since when the current content of a key has been there, judged from its version history. Pure.
 *
 * Called when the version found at the check has the judged ETag but a `LastModified` a later whole second
 * than the judged write: the same bytes were uploaded again, and a different version may have come in
 * between (an encoder restart writing X, Y, then X again). RFC 8216 §6.2.1 counts new content, not PUTs:
 *
 * - no different ETag and no delete marker since the judged write's second → `unchanged` (a stuck encoder
 *   re-uploading identical bytes is still stale by the first write);
 * - one since (D = its `LastModified`) → `changed`, since the earliest identical version certainly after it
 *   (`LastModified` > D), or the current version, taken as late as truncation allows;
 * - an unversioned or lossy history (VersionId "null", a single version), a history truncated before the
 *   judged write's second, or none at all → `cannot-tell`, since the current version's `LastModified` +
 *   999 ms.
 *
 * Every answer other than `unchanged` only ever moves the deadline later. Versions within one whole second
 * are unordered (S3 lists whole seconds; versions and delete markers come in separate lists).
 */
export function contentSince(
  judged: { etag: string; writtenAtMs: number },
  current: Pick<HeadResult, 'etag' | 'lastModifiedMs'>,
  history: VersionHistory,
): ContentSince {
  const cannotTell = (reason: string): ContentSince => ({
    kind: 'cannot-tell',
    sinceMs: latestWriteMs(current.lastModifiedMs),
    reason,
  });
  if (history.kind === 'cannot-tell') return cannotTell(history.reason);
  const { versions } = history;
  if (versions.length <= 1) return cannotTell('one version or none: not a versioned history');
  if (versions.some((v) => v.versionId === 'null')) {
    return cannotTell('version "null": not (or no longer) versioned');
  }
  const judgedSecond = floorSecond(judged.writtenAtMs);
  const different = versions.filter((v) => v.deleteMarker || v.etag !== judged.etag);
  const lastDifferentMs = Math.max(...different.map((v) => floorSecond(v.lastModifiedMs)));
  if (different.length > 0 && lastDifferentMs >= judgedSecond) {
    const after = versions
      .filter((v) => !v.deleteMarker && v.etag === judged.etag)
      .map((v) => floorSecond(v.lastModifiedMs))
      .filter((ms) => ms > lastDifferentMs);
    const since = after.length > 0 ? Math.min(...after) : floorSecond(current.lastModifiedMs);
    return { kind: 'changed', sinceMs: latestWriteMs(since) };
  }
  // Nothing different listed since the judged second: proof only if nothing from that second on is missing.
  const oldestListedMs = Math.min(...versions.map((v) => floorSecond(v.lastModifiedMs)));
  if (history.truncated && oldestListedMs >= judgedSecond) {
    return cannotTell('history truncated before the judged write');
  }
  return { kind: 'unchanged', sinceMs: judged.writtenAtMs };
}

/**
 * The write time to judge the current version by: the judged write's when it is certainly the current
 * version's second (no history needed, the common case), else from the key's version history. Any error
 * reading the history means "cannot tell" (logged): the deadline moves later, never earlier.
 */
export async function judgedWriteMs(
  deps: Pick<CheckerDeps, 'store' | 'logger'>,
  target: { bucket: string; key: string; etag: string; writtenAtMs: number },
  current: Pick<HeadResult, 'etag' | 'lastModifiedMs'>,
): Promise<ContentSince> {
  if (floorSecond(current.lastModifiedMs) <= floorSecond(target.writtenAtMs)) {
    return { kind: 'unchanged', sinceMs: target.writtenAtMs };
  }
  let history: VersionHistory;
  try {
    history = await deps.store.listVersions(target.bucket, target.key);
  } catch (error) {
    history = {
      kind: 'cannot-tell',
      reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  const since = contentSince(target, current, history);
  const fields = {
    bucket: target.bucket,
    key: target.key,
    etag: target.etag,
    judgedWrittenAtMs: target.writtenAtMs,
    lastModifiedMs: current.lastModifiedMs,
    contentSince: since.kind,
    sinceMs: since.sinceMs,
  };
  if (since.kind === 'cannot-tell') {
    deps.logger.warn('identical re-upload: version history cannot tell, deadline re-based', {
      ...fields,
      reason: since.reason,
    });
  } else {
    deps.logger.info('identical re-upload: judged by the version history', fields);
  }
  return since;
}
