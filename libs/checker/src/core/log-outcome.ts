import type { CheckOutcome, CheckTarget } from './check-at-deadline';
import type { Logger } from './ports';

/** One structured line per decision with stable keys (bucket, key, etag, verdict, reason, deadlineMs, lagMs). */
export function logOutcome(
  logger: Logger,
  target: Pick<CheckTarget, 'bucket' | 'key' | 'etag' | 'source'>,
  outcome: CheckOutcome | { kind: 'postponed'; deadlineMs: number; delaySeconds: number },
): void {
  const base = { bucket: target.bucket, key: target.key, etag: target.etag, source: target.source };
  switch (outcome.kind) {
    case 'deleted':
      return logger.info('stale playlist deleted', {
        ...base,
        verdict: 'deleted',
        reason: 'stale',
        deadlineMs: outcome.deadlineMs,
        lagMs: outcome.lagMs,
        ageMs: outcome.ageMs,
      });
    case 'would-delete':
      return logger.warn('stale playlist kept: would delete', {
        ...base,
        verdict: 'would-delete',
        reason: outcome.reason,
        deadlineMs: outcome.deadlineMs,
        ageMs: outcome.ageMs,
      });
    case 'superseded':
      return logger.info('playlist superseded', {
        ...base,
        verdict: 'superseded',
        reason: outcome.reason,
      });
    case 'kept':
      return logger.info('playlist kept', {
        ...base,
        verdict: 'kept',
        reason: outcome.reason,
        detail: outcome.detail,
      });
    case 'not-due':
      return logger.info('playlist not due', {
        ...base,
        verdict: 'not-due',
        deadlineMs: outcome.deadlineMs,
        remainingMs: outcome.remainingMs,
      });
    case 'postponed':
      return logger.info('check postponed to deadline', {
        ...base,
        verdict: 'postponed',
        deadlineMs: outcome.deadlineMs,
        delaySeconds: outcome.delaySeconds,
      });
  }
}
