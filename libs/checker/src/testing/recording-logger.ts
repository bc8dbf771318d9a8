import type { LogFields, Logger } from '../core/ports';

export interface LogLine extends Record<string, unknown> {
  level: string;
  message: string;
}

/** A logger that keeps its lines, for assertions. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug = (message: string, fields: LogFields = {}) =>
    void this.lines.push({ level: 'debug', message, ...fields });
  info = (message: string, fields: LogFields = {}) =>
    void this.lines.push({ level: 'info', message, ...fields });
  warn = (message: string, fields: LogFields = {}) =>
    void this.lines.push({ level: 'warn', message, ...fields });
  error = (message: string, fields: LogFields = {}) =>
    void this.lines.push({ level: 'error', message, ...fields });
}
