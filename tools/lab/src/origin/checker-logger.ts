import type { LogFields, Logger } from '@hls-stale-guard/checker';

/** What the lab learns from one checker log line (the checker's own structured fields). */
export interface CheckerDecision {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  bucket?: string;
  key?: string;
  verdict?: string;
  reason?: string;
  source?: string;
  deadlineMs?: number;
  lagMs?: number;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Reads the stable keys of a checker log line (bucket, key, verdict, reason, deadlineMs, lagMs). */
function toCheckerDecision(
  level: CheckerDecision['level'],
  message: string,
  fields: LogFields = {},
): CheckerDecision {
  return {
    level,
    message,
    bucket: text(fields['bucket']),
    key: text(fields['key']),
    verdict: text(fields['verdict']),
    reason: text(fields['reason']),
    source: text(fields['source']),
    deadlineMs: num(fields['deadlineMs']),
    lagMs: num(fields['lagMs']),
  };
}

/**
 * The checker's Logger port in the lab: every line goes to `write` as the JSON the Lambda would log, and
 * every decision to `onDecision`.
 *
 * @example
 * const logger = createLabCheckerLogger({ write: (line) => file.write(line), onDecision: (d) => ... });
 */
export function createLabCheckerLogger(options: {
  write: (jsonLine: string) => void;
  onDecision: (decision: CheckerDecision) => void;
  now?: () => number;
}): Logger {
  const now = options.now ?? Date.now;
  const log =
    (level: CheckerDecision['level']) =>
    (message: string, fields: LogFields = {}) => {
      options.write(
        JSON.stringify({
          level,
          time: new Date(now()).toISOString(),
          message,
          service: 'stale-checker',
          ...fields,
        }),
      );
      options.onDecision(toCheckerDecision(level, message, fields));
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
