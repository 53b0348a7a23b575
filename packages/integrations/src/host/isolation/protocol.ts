import { PluginError, type PluginErrorKind } from '@parley/plugin-sdk';

/**
 * The messages between the host (main thread) and a plugin worker (plugin-worker.mjs, which keeps its
 * own copy of the small helpers below: it runs without our TypeScript). Everything crosses by
 * structured clone: Buffers arrive as plain Uint8Arrays, functions not at all.
 */

/** What a worker says about each plugin its package exports (read once, after import). */
export interface PluginDescription {
  name: unknown;
  version: unknown;
  apiVersion: unknown;
  displayName?: unknown;
  description?: unknown;
  capabilities: unknown;
  /** The config schema as JSON Schema (input side), made in the worker by zod. */
  jsonSchema: Record<string, unknown> | null;
  secretFields?: unknown;
  urlFields?: unknown;
  hostFields?: unknown;
  /** A phone plugin's per-minute rates (checked by the host's validatePlugin like an in-process one's). */
  rates?: unknown;
  hasSetup: boolean;
  hasSchema: boolean;
}

/** The shape of what `setup` returned: plain values kept, functions named. */
export type SetupShape = Record<string, { props: Record<string, unknown>; methods: string[] } | unknown>;

/** What the worker passes to `setup` as its context; fetch, kv and logger go back to the host. */
export interface WorkerContext {
  config: unknown;
  pluginName: string;
  installId: string;
  accountId: string;
  installSecret: string;
  webhookUrl?: string;
}

export type HostToWorker =
  | { t: 'ping'; id: number }
  | { t: 'setup'; id: number; plugin: string; ctx: WorkerContext }
  | { t: 'call'; id: number; installId: string; cap: string; method: string; args: unknown[] }
  | { t: 'dispose'; id: number; installId: string }
  | { t: 'validate'; id: number; plugin: string; input: unknown }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: SerializedError };

export type WorkerToHost =
  | { t: 'ready'; plugins: PluginDescription[] }
  | { t: 'failed'; problem: string }
  | { t: 'pong'; id: number; memory: { heapUsed: number; external: number } }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: SerializedError }
  | { t: 'request'; id: number; installId: string; op: WorkerRequest; args: unknown[] }
  | { t: 'cancel'; id: number }
  | {
      t: 'log';
      installId: string;
      level: string;
      bindings: Record<string, unknown>;
      obj: unknown;
      msg?: string;
    };

export type WorkerRequest = 'fetch' | 'kv.get' | 'kv.set' | 'kv.delete' | 'callback';

/** A function argument (poll's `deliver`) crosses as this marker; calling it asks the host. */
export const CALLBACK_KEY = '__parleyCallback';

export interface SerializedError {
  name: string;
  message: string;
  kind?: string;
  retryable?: boolean;
  code?: string;
  retryAfterMs?: number;
  /** An error the host gave the worker (a failed fetch, a failed store), returned as it was. */
  ref?: number;
  cause?: SerializedError;
}

const KINDS: readonly string[] = [
  'input',
  'auth',
  'provider',
  'network',
  'timeout',
  'disabled',
  'invalid_plugin',
  'config',
  'internal',
];

/** Errors the host handed to a worker, by reference: they come back as the same objects. */
export class ErrorRefs {
  private next = 0;
  private readonly byRef = new Map<number, unknown>();

  serialize(error: unknown): SerializedError {
    const ref = ++this.next;
    this.byRef.set(ref, error);
    // A worker that never returns an error must not grow this map forever.
    if (this.byRef.size > 1000) this.byRef.delete(this.byRef.keys().next().value as number);
    return { ...serializeError(error), ref };
  }

  get(ref: number): unknown {
    return this.byRef.get(ref);
  }
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!error || typeof error !== 'object') return { name: 'Error', message: String(error) };
  const e = error as Record<string, unknown>;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.kind === 'string' ? { kind: e.kind } : {}),
    ...(typeof e.retryable === 'boolean' ? { retryable: e.retryable } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {}),
    ...(e.cause !== undefined && depth < 4 ? { cause: serializeError(e.cause, depth + 1) } : {}),
  };
}

const ERROR_TYPES: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
};

/** Rebuild an error a worker sent: a PluginError keeps its kind and flags, the host's own come back as they were. */
export function deserializeError(s: SerializedError, refs?: ErrorRefs, depth = 0): unknown {
  if (s.ref !== undefined && refs?.get(s.ref) !== undefined) return refs.get(s.ref);
  const cause = s.cause && depth < 4 ? deserializeError(s.cause, refs, depth + 1) : undefined;
  if (s.name === 'PluginError' && s.kind && KINDS.includes(s.kind)) {
    return new PluginError(s.message, {
      kind: s.kind as PluginErrorKind,
      ...(s.retryable === undefined ? {} : { retryable: s.retryable }),
      ...(s.code === undefined ? {} : { code: s.code }),
      ...(s.retryAfterMs === undefined ? {} : { retryAfterMs: s.retryAfterMs }),
      ...(cause === undefined ? {} : { cause }),
    });
  }
  const Type = ERROR_TYPES[s.name] ?? Error;
  const error = new Type(s.message, cause === undefined ? undefined : { cause });
  if (!ERROR_TYPES[s.name]) error.name = s.name;
  return error;
}

/** Structured clone turns a Buffer into a Uint8Array: make the plugin API's Buffers Buffers again. */
export function reviveBuffers<T>(value: T, depth = 0): T {
  if (value instanceof Uint8Array) {
    return (
      Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    ) as T;
  }
  if (depth > 8 || !value || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveBuffers(value[i], depth + 1);
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = reviveBuffers(record[key], depth + 1);
  return value;
}
