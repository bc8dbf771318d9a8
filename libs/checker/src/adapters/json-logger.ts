import type { LogFields, Logger } from '../core/ports';

/**
 * One JSON object per line on stdout (CloudWatch Logs Insights parses it): stable keys, no playlist bodies.
 *
 * @example createJsonLogger({ service: 'stale-checker' }).info('stale playlist deleted', { bucket, key })
 */
export function createJsonLogger(
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): Logger {
  const log =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      write(
        JSON.stringify({ level, time: new Date(now()).toISOString(), message, ...base, ...fields }),
      );
    };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
