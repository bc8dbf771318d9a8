import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from '@hls-stale-guard/contract';
import type { LogFields, Logger } from '../core/ports';

export interface JsonLoggerOptions {
  /** Lowest level written (`LOG_LEVEL`); lines below it cost nothing. Default {@link DEFAULT_LOG_LEVEL}. */
  level?: LogLevel;
  /** Where each line goes; default: stdout. */
  write?: (line: string) => void;
  /** Epoch ms of each line's `time`. */
  now?: () => number;
}

/**
 * One JSON object per line on stdout (CloudWatch Logs Insights parses it): stable keys, no playlist bodies.
 * The lower-case `level` key is the one Lambda's log-level filtering reads
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html); lines below
 * `options.level` are not written at all.
 *
 * @example createJsonLogger({ service: 'stale-checker' }, { level: config.logLevel }).info('stale playlist deleted', { bucket, key })
 */
export function createJsonLogger(base: LogFields = {}, options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const lowest = LOG_LEVELS.indexOf(options.level ?? DEFAULT_LOG_LEVEL);
  const log = (level: LogLevel) =>
    LOG_LEVELS.indexOf(level) < lowest
      ? () => undefined
      : (message: string, fields: LogFields = {}) => {
          write(
            JSON.stringify({
              level,
              time: new Date(now()).toISOString(),
              message,
              ...base,
              ...fields,
            }),
          );
        };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
