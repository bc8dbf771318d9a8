import type { CheckOutcome, CheckTarget } from './check-at-deadline';
import type { Logger } from './ports';

/**
 * Reasons to keep a playlist that an operator must see (an encoder writes something the checker cannot
 * judge): logged at `warn`. Every other reason to keep (master, VOD, ENDLIST, not a playlist, outside
 * the watched scope) is routine: counted by metrics, logged only at `debug`.
 */
const KEPT_REASONS_TO_REPORT: readonly string[] = ['invalid', 'too-large'];

/**
 * One structured line per decision with stable keys (bucket, key, etag, verdict, reason, deadlineMs,
 * lagMs). Decisions that matter are written at `info`/`warn`: deleted, would-delete, kept as invalid or
 * too large. Routine outcomes (superseded, not due, postponed, kept for any other reason) are written at
 * `debug`, so under the default `LOG_LEVEL=info` they cost no log ingestion; their metrics count them.
 */
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
      return logger.debug?.('playlist superseded', {
        ...base,
        verdict: 'superseded',
        reason: outcome.reason,
      });
    case 'kept': {
      const fields = { ...base, verdict: 'kept', reason: outcome.reason, detail: outcome.detail };
      return KEPT_REASONS_TO_REPORT.includes(outcome.reason)
        ? logger.warn('playlist kept', fields)
        : logger.debug?.('playlist kept', fields);
    }
    case 'not-due':
      return logger.debug?.('playlist not due', {
        ...base,
        verdict: 'not-due',
        deadlineMs: outcome.deadlineMs,
        remainingMs: outcome.remainingMs,
      });
    case 'postponed':
      return logger.debug?.('check postponed to deadline', {
        ...base,
        verdict: 'postponed',
        deadlineMs: outcome.deadlineMs,
        delaySeconds: outcome.delaySeconds,
      });
  }
}
