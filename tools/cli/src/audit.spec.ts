import { toAuditState } from './audit';
import { exitCodeFor, formatDuration, formatTable } from './format';
import { parseCli, runCli, UsageError } from './main';

describe('toAuditState', () => {
  it('is live before one TARGETDURATION has passed', () => {
    expect(toAuditState({ kind: 'fresh', deadlineMs: 3000, remainingMs: 2500 }, 500, 2000)).toEqual(
      { state: 'live', deadlineMs: 3000 },
    );
  });
  it('is late by N ms past one TARGETDURATION, before the deadline', () => {
    expect(toAuditState({ kind: 'fresh', deadlineMs: 3000, remainingMs: 500 }, 2500, 2000)).toEqual(
      { state: 'late', deadlineMs: 3000, byMs: 500 },
    );
  });
  it('is stale by the overdue ms', () => {
    expect(toAuditState({ kind: 'stale', deadlineMs: 3000, overdueMs: 42 }, 3042, 2000)).toEqual({
      state: 'stale',
      deadlineMs: 3000,
      byMs: 42,
    });
  });
  it('calls ENDLIST ended and keeps the other reasons', () => {
    expect(
      toAuditState({ kind: 'not-applicable', reason: 'endlist', detail: 'x' }, 0, 2000).state,
    ).toBe('ended');
    expect(
      toAuditState({ kind: 'not-applicable', reason: 'master', detail: 'x' }, 0, undefined).state,
    ).toBe('master');
    expect(
      toAuditState({ kind: 'not-applicable', reason: 'invalid', detail: 'why' }, 0, undefined),
    ).toEqual({ state: 'invalid', detail: 'why' });
  });
});

describe('format', () => {
  it('formats durations for people', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
  });
  it('prints one line per playlist and a summary', () => {
    const text = formatTable({
      bucket: 'b',
      prefix: 'live/',
      scanned: 3,
      playlists: 2,
      counts: { stale: 1, ended: 1 },
      entries: [
        { key: 'live/a.m3u8', state: 'stale', ageMs: 9000, byMs: 6000 },
        { key: 'live/b.m3u8', state: 'ended', ageMs: 1000 },
      ],
    });
    expect(text).toContain('stale by 6.0 s');
    expect(text).toContain('live/b.m3u8');
    expect(text).toContain('s3://b/live/: 2 playlists of 3 objects — 1 stale, 1 ended');
  });
  it('exits 0 clean, 1 stale found, 2 error', () => {
    const summary = (counts: object) => ({
      bucket: 'b',
      prefix: '',
      scanned: 0,
      playlists: 0,
      entries: [],
      counts,
    });
    expect(exitCodeFor(summary({ live: 3 }))).toBe(0);
    expect(exitCodeFor(summary({ stale: 1 }))).toBe(1);
    expect(exitCodeFor(summary({ deleted: 1 }))).toBe(1);
    expect(exitCodeFor(summary({ stale: 1, error: 1 }))).toBe(2);
  });
});

describe('parseCli', () => {
  it('reads the flags', () => {
    expect(
      parseCli([
        'audit',
        '--bucket',
        'b',
        '--prefix',
        'live/',
        '--multiple',
        '2',
        '--delete',
        '--json',
      ]),
    ).toMatchObject({
      bucket: 'b',
      prefix: 'live/',
      delete: true,
      json: true,
      policy: { targetDurationMultiple: 2 },
    });
  });
  it('lists every problem at once', () => {
    expect(() => parseCli(['frobnicate', '--multiple', '0.5', '--endpoint', 'nope'])).toThrow(
      UsageError,
    );
    try {
      parseCli(['frobnicate', '--multiple', '0.5', '--endpoint', 'nope']);
    } catch (error) {
      const message = (error as Error).message;
      for (const part of [
        'unknown command "frobnicate"',
        '--bucket is required',
        '--endpoint must be a URL',
        'targetDurationMultiple',
      ]) {
        expect(message).toContain(part);
      }
    }
  });
  it('prints help with examples and exits 0', async () => {
    let out = '';
    const code = await runCli(['--help'], {
      stdout: (t) => (out += t),
      stderr: () => {},
      isTty: false,
      env: {},
    });
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toContain('Exit codes: 0 clean, 1 stale playlists found, 2 error.');
  });
  it('exits 2 with a clear message on an unknown flag', async () => {
    let err = '';
    const code = await runCli(['audit', '--bukket', 'x'], {
      stdout: () => {},
      stderr: (t) => (err += t),
      isTty: false,
      env: {},
    });
    expect(code).toBe(2);
    expect(err).toMatch(/bukket/);
  });
});
