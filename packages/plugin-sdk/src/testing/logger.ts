import type { Logger } from '../types.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  bindings: Record<string, unknown>;
  obj: object | string;
  msg?: string;
}

/** A logger that records entries (for assertions) and prints nothing. */
export function createTestLogger(
  entries: LogEntry[] = [],
  bindings: Record<string, unknown> = {},
): Logger & {
  entries: LogEntry[];
} {
  const at =
    (level: LogEntry['level']) =>
    (obj: object | string, msg?: string): void => {
      entries.push({ level, bindings, obj, ...(msg === undefined ? {} : { msg }) });
    };
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => createTestLogger(entries, { ...bindings, ...more }),
  };
}
