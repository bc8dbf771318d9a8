/** Stable `event` keys of the sinks' log lines (for log metric filters and tests). */
export const MetricsLogEvent = {
  PublishFailed: 'metrics-publish-failed',
  ObservationsDropped: 'metrics-observations-dropped',
} as const;
export type MetricsLogEvent = (typeof MetricsLogEvent)[keyof typeof MetricsLogEvent];

/**
 * The logging port of the metrics adapters: one structured line per event, stable keys, never metric
 * payloads or credentials. Compatible with the checker's JSON logger and with Powertools
 * (`logger.warn(message, fields)`).
 */
export interface MetricsLogger {
  warn(message: string, fields: Readonly<Record<string, unknown>>): void;
}

/**
 * A {@link MetricsLogger} that writes one JSON object per line (Lambda sends stdout to CloudWatch Logs,
 * where a metric filter such as `{ $.event = "metrics-publish-failed" }` can count it).
 *
 * @example
 * const logger = createJsonLineLogger((line) => process.stdout.write(`${line}\n`));
 * logger.warn('metrics publish failed', { event: 'metrics-publish-failed', failedRequests: 1 });
 * // {"level":"warn","message":"metrics publish failed","event":"metrics-publish-failed","failedRequests":1}
 */
export function createJsonLineLogger(write: (line: string) => void): MetricsLogger {
  return {
    warn: (message, fields) => write(JSON.stringify({ level: 'warn', message, ...fields })),
  };
}
