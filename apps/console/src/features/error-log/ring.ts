import { redactRoute, redactStack, redactText } from '@parley/api/client-log-redact';

/** J3: how many recent errors and warnings the console keeps (the oldest go first). */
export const RING_SIZE = 200;

export type TLogLevel = 'error' | 'warn';
export type TLogSource = 'window' | 'promise' | 'trpc' | 'console';

export interface TLogEntry {
  at: string;
  level: TLogLevel;
  source: TLogSource;
  message: string;
  path?: string;
  code?: string;
  route?: string;
  stack?: string;
}

export interface TRawEntry {
  level: TLogLevel;
  source: TLogSource;
  message: string;
  path?: string;
  code?: string;
  route?: string;
  stack?: string;
  at?: Date;
}

/** A bounded ring of redacted entries: nothing but what `redact.ts` lets through is ever stored. */
export class ErrorRing {
  private entries: TLogEntry[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(readonly size = RING_SIZE) {}

  add(raw: TRawEntry): void {
    const entry: TLogEntry = {
      at: (raw.at ?? new Date()).toISOString(),
      level: raw.level,
      source: raw.source,
      message: redactText(raw.message),
      ...(raw.path ? { path: redactText(raw.path, 100) } : {}),
      ...(raw.code ? { code: redactText(raw.code, 60) } : {}),
      ...(raw.route ? { route: redactRoute(raw.route) } : {}),
      ...(raw.stack ? { stack: redactStack(raw.stack) } : {}),
    };
    this.entries.push(entry);
    if (this.entries.length > this.size) this.entries.splice(0, this.entries.length - this.size);
    for (const listener of this.listeners) listener();
  }

  snapshot(): readonly TLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The console's one ring. */
export const errorRing = new ErrorRing();
