import { createJsonLogger } from '../adapters/json-logger';
import type { CheckOutcome } from './check-at-deadline';
import { logOutcome } from './log-outcome';

const target = {
  bucket: 'origin-a',
  key: 'live/ch-1/720p.m3u8',
  etag: '"e1"',
  source: 'event',
} as const;

type Outcome = CheckOutcome | { kind: 'postponed'; deadlineMs: number; delaySeconds: number };

const decisionsThatMatter: [string, Outcome, string][] = [
  ['deleted', { kind: 'deleted', deadlineMs: 1, lagMs: 2, ageMs: 3 }, 'info'],
  ['would-delete', { kind: 'would-delete', reason: 'dry-run', deadlineMs: 1, ageMs: 3 }, 'warn'],
  ['kept as invalid', { kind: 'kept', reason: 'invalid', detail: 'no #EXTM3U' }, 'warn'],
  ['kept as too large', { kind: 'kept', reason: 'too-large', detail: '6 MB' }, 'warn'],
];

const routine: [string, Outcome][] = [
  ['superseded', { kind: 'superseded', reason: 'etag-changed' }],
  ['postponed', { kind: 'postponed', deadlineMs: 1, delaySeconds: 9 }],
  ['not due', { kind: 'not-due', deadlineMs: 1, remainingMs: 500 }],
  ['kept as master', { kind: 'kept', reason: 'master' }],
  ['kept as VOD', { kind: 'kept', reason: 'vod' }],
  ['kept with ENDLIST', { kind: 'kept', reason: 'endlist' }],
  ['kept outside the scope', { kind: 'kept', reason: 'outside-scope' }],
];

function linesAt(level: 'debug' | 'info' | 'warn' | 'error', outcome: Outcome) {
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger(
    { service: 'stale-checker' },
    { level, write: (line) => lines.push(JSON.parse(line)), now: () => 0 },
  );
  logOutcome(logger, target, outcome);
  return lines;
}

describe('logOutcome: one line per decision that matters, routine outcomes only at debug', () => {
  it.each(decisionsThatMatter)('logs %s at the default level, as %s', (_name, outcome, level) => {
    expect(linesAt('info', outcome)).toEqual([
      expect.objectContaining({ level, bucket: target.bucket, key: target.key, etag: '"e1"' }),
    ]);
  });

  it.each(routine)('does not log %s at the default level', (_name, outcome) => {
    expect(linesAt('info', outcome)).toEqual([]);
  });

  it.each(routine)('logs %s under LOG_LEVEL=debug', (_name, outcome) => {
    expect(linesAt('debug', outcome)).toEqual([
      expect.objectContaining({ level: 'debug', key: target.key }),
    ]);
  });

  it('writes nothing for a routine outcome to a logger without debug', () => {
    const calls: string[] = [];
    const logger = {
      info: () => void calls.push('info'),
      warn: () => void calls.push('warn'),
      error: () => void calls.push('error'),
    };
    logOutcome(logger, target, { kind: 'superseded', reason: 'gone' });
    expect(calls).toEqual([]);
  });
});

describe('createJsonLogger', () => {
  function logger(level?: 'debug' | 'info' | 'warn' | 'error') {
    const lines: string[] = [];
    const log = createJsonLogger(
      { service: 'stale-checker' },
      { ...(level ? { level } : {}), write: (line) => lines.push(line), now: () => 0 },
    );
    log.debug?.('d');
    log.info('i');
    log.warn('w');
    log.error('e', { key: 'k' });
    return lines.map((line) => JSON.parse(line) as { level: string; message: string });
  }

  it('writes lines at or above its level, info by default', () => {
    expect(logger().map((l) => l.level)).toEqual(['info', 'warn', 'error']);
    expect(logger('debug').map((l) => l.level)).toEqual(['debug', 'info', 'warn', 'error']);
    expect(logger('warn').map((l) => l.level)).toEqual(['warn', 'error']);
    expect(logger('error').map((l) => l.level)).toEqual(['error']);
  });

  it('writes one JSON object with a lower-case level key, time, message, base and fields', () => {
    expect(logger('error')).toEqual([
      {
        level: 'error',
        time: '1970-01-01T00:00:00.000Z',
        message: 'e',
        service: 'stale-checker',
        key: 'k',
      },
    ]);
  });
});
