import { judgeDryRun, type MetricReading } from './judge-dry-run';
import { FAIL_REASONS, type Observation } from './judge-probe';

const plan = { staleDeadlineMs: 3_000, metricBudgetMs: 370_000 };
const running = { interrupted: false };
const live = (atMs: number, status: number | null, bodyMatches = true): Observation =>
  status === 200 ? { target: 'live', atMs, status, bodyMatches } : { target: 'live', atMs, status };
const ended = (atMs: number, status: number | null, bodyMatches = true): Observation =>
  status === 200
    ? { target: 'ended', atMs, status, bodyMatches }
    : { target: 'ended', atMs, status };
const served = [live(0, 200), ended(0, 200), live(4_000, 200), ended(4_000, 200)];
const read = (atMs: number, sum: number | null, error?: string): MetricReading =>
  sum === null ? { atMs, sum, error: error ?? 'AccessDenied' } : { atMs, sum };

describe('judgeDryRun', () => {
  it('passes when the would-delete was counted and the live playlist was still served after its deadline', () => {
    expect(judgeDryRun(served, [read(20_000, 0), read(35_000, 2)], plan, running)).toEqual({
      kind: 'pass',
      wouldDeleteSeenAtMs: 35_000,
      wouldDeleteCount: 2,
      liveServedAfterDeadline: 1,
    });
  });

  it('fails with dry-run-deleted when the live playlist answers 404 or 410: dry-run deletes nothing', () => {
    for (const status of [404, 410]) {
      const verdict = judgeDryRun(
        [...served, live(5_000, status)],
        [read(20_000, 1)],
        plan,
        running,
      );
      expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.dryRunDeleted });
    }
  });

  it('fails when the live playlist was served only before its deadline', () => {
    const verdict = judgeDryRun(
      [live(0, 200), ended(0, 200), live(4_000, null), ended(4_000, 200)],
      [read(20_000, 1)],
      plan,
      running,
    );
    expect(verdict).toMatchObject({
      kind: 'fail',
      reason: FAIL_REASONS.liveNotServedAfterDeadline,
    });
  });

  it('does not count a 200 with another body as this run’s live playlist', () => {
    const verdict = judgeDryRun(
      [live(4_000, 200, false), ended(4_000, 200)],
      [read(20_000, 1)],
      plan,
      running,
    );
    expect(verdict).toMatchObject({ reason: FAIL_REASONS.liveNotServedAfterDeadline });
  });

  it('keeps the ENDLIST rules of the live mode (a finished playlist must never be gone)', () => {
    const verdict = judgeDryRun([...served, ended(5_000, 404)], [read(20_000, 1)], plan, running);
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedRemoved });
  });

  it('fails with would-delete-not-counted when the metric never moved', () => {
    const verdict = judgeDryRun(served, [read(20_000, 0), read(35_000, null)], plan, running);
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.wouldDeleteNotCounted });
  });

  it('fails with metric-read-failed, naming the error, when no reading succeeded', () => {
    const verdict = judgeDryRun(
      served,
      [read(20_000, null), read(35_000, null, 'MetricReadError: GetMetricData denied')],
      plan,
      running,
    );
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.metricReadFailed });
    expect(verdict.kind === 'fail' && verdict.detail).toContain('GetMetricData denied');
  });

  it('fails with interrupted when stopped before a verdict', () => {
    const verdict = judgeDryRun(served, [read(20_000, 1)], plan, { interrupted: true });
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.interrupted });
  });
});
