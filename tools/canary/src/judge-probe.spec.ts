import { FAIL_REASONS, judgeProbe, type Observation } from './judge-probe';

const plan = { budgetMs: 10_000, staleDeadlineMs: 3_000 };
const running = { interrupted: false };
const live = (atMs: number, status: number | null): Observation => ({
  target: 'live',
  atMs,
  status,
});
const ended = (atMs: number, status: number | null, bodyMatches = true): Observation =>
  status === 200
    ? { target: 'ended', atMs, status, bodyMatches }
    : { target: 'ended', atMs, status };

describe('judgeProbe', () => {
  it('passes when the live playlist turns 404 in budget and the ENDLIST one stays 200', () => {
    const verdict = judgeProbe(
      [live(0, 200), ended(0, 200), live(4_000, 404), ended(4_000, 200), ended(5_000, 200)],
      plan,
      running,
    );
    expect(verdict).toEqual({
      kind: 'pass',
      liveGoneAtMs: 4_000,
      liveServedFirst: true,
      endedChecksAfterGone: 2,
    });
  });

  it('accepts 410 Gone like 404 (RFC 8216 §6.2.1: "SHOULD return 404 or 410")', () => {
    expect(judgeProbe([live(4_000, 410), ended(4_000, 200)], plan, running).kind).toBe('pass');
  });

  it('notes a live playlist that was never seen served', () => {
    const verdict = judgeProbe([live(0, 404), ended(0, 200)], plan, running);
    expect(verdict).toMatchObject({ kind: 'pass', liveServedFirst: false });
  });

  it('fails when the live playlist still answers 200 at the end of the budget', () => {
    const verdict = judgeProbe(
      [live(0, 200), ended(0, 200), live(10_000, 200), ended(10_000, 200)],
      plan,
      running,
    );
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveNotRemoved });
    expect(verdict.kind === 'fail' && verdict.detail).toContain('HTTP 200');
  });

  it('ignores a 404 that was requested after the budget', () => {
    const verdict = judgeProbe(
      [live(0, 200), live(10_001, 404), ended(10_001, 200)],
      plan,
      running,
    );
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveNotRemoved });
  });

  it('explains a final 403 as the missing s3:ListBucket grant', () => {
    const verdict = judgeProbe([live(0, 200), live(9_000, 403), ended(9_000, 200)], plan, running);
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.liveForbidden });
    expect(verdict.kind === 'fail' && verdict.detail).toContain('s3:ListBucket');
  });

  it('fails when the ENDLIST playlist is deleted, even if the live one went as expected', () => {
    const verdict = judgeProbe(
      [live(0, 200), ended(0, 200), live(4_000, 404), ended(4_000, 404)],
      plan,
      running,
    );
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedRemoved });
    expect(verdict.kind === 'fail' && verdict.detail).toMatch(/deleted a finished playlist/);
  });

  it('says "never served" when the ENDLIST playlist was 404 from the start (wrong domain or prefix)', () => {
    const verdict = judgeProbe([live(0, 404), ended(0, 404)], plan, running);
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedRemoved });
    expect(verdict.kind === 'fail' && verdict.detail).toMatch(/never served/);
  });

  it('fails on a 200 that is not this run’s playlist', () => {
    const verdict = judgeProbe([live(0, 200), ended(0, 200, false)], plan, running);
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedBodyMismatch });
  });

  it('fails when the ENDLIST playlist answers 403 (access, not deletion)', () => {
    const verdict = judgeProbe([live(0, 200), ended(0, 403)], plan, running);
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.endedNotServed });
  });

  it('tolerates network errors and 5xx on the way, but needs a final 200 for the ENDLIST playlist', () => {
    const flaky = [
      live(0, null),
      ended(0, 503),
      live(1_000, 200),
      ended(1_000, null),
      live(4_000, 404),
      ended(4_000, 200),
    ];
    expect(judgeProbe(flaky, plan, running).kind).toBe('pass');
    const endsFlaky = [live(4_000, 404), ended(4_000, 200), ended(5_000, 503)];
    expect(judgeProbe(endsFlaky, plan, running)).toMatchObject({
      reason: FAIL_REASONS.endedNotServed,
    });
  });

  it('reports an interruption rather than a timeout', () => {
    const verdict = judgeProbe([live(0, 200), ended(0, 200)], plan, { interrupted: true });
    expect(verdict).toMatchObject({ kind: 'fail', reason: FAIL_REASONS.interrupted });
  });
});
