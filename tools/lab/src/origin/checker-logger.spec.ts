import { createLabCheckerLogger } from './checker-logger';

describe('the checker’s logger in the lab', () => {
  it('writes the Lambda’s JSON line and reports the decision’s stable keys', () => {
    const lines: string[] = [];
    const decisions: unknown[] = [];
    const logger = createLabCheckerLogger({
      write: (line) => lines.push(line),
      onDecision: (d) => decisions.push(d),
      now: () => Date.UTC(2026, 10, 26),
    });
    logger.info('stale playlist deleted', {
      bucket: 'lab-origin-a',
      key: 'live/180p/index.m3u8',
      verdict: 'deleted',
      reason: 'stale',
      deadlineMs: 5,
      lagMs: 30,
      source: 'event',
    });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      time: '2026-11-26T00:00:00.000Z',
      message: 'stale playlist deleted',
      service: 'stale-checker',
      verdict: 'deleted',
    });
    expect(decisions).toEqual([
      {
        level: 'info',
        message: 'stale playlist deleted',
        bucket: 'lab-origin-a',
        key: 'live/180p/index.m3u8',
        verdict: 'deleted',
        reason: 'stale',
        source: 'event',
        deadlineMs: 5,
        lagMs: 30,
      },
    ]);
  });

  it('ignores fields of the wrong type', () => {
    const decisions: Array<Record<string, unknown>> = [];
    createLabCheckerLogger({ write: () => {}, onDecision: (d) => decisions.push({ ...d }) }).warn(
      'x',
      {
        lagMs: 'soon',
        bucket: 3,
      },
    );
    expect(decisions[0]).toMatchObject({ level: 'warn', lagMs: undefined, bucket: undefined });
  });
});
