import { Worker } from 'node:worker_threads';
import { type Logger, type PluginContext, PluginError } from '@parley/plugin-sdk';
import { type ConfigResult, pluginFault, zodFieldErrors } from '@parley/plugin-sdk/host';
import type { z } from 'zod';
import type { WorkerLimits } from './limits.js';
import {
  CALLBACK_KEY,
  deserializeError,
  ErrorRefs,
  type HostToWorker,
  type PluginDescription,
  reviveBuffers,
  type SetupShape,
  type WorkerToHost,
} from './protocol.js';

export type WorkerState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface PluginWorkerStatus {
  specifier: string;
  plugins: string[];
  state: WorkerState;
  /** Restarts after a crash, stall or memory limit since the package was loaded. */
  restarts: number;
  lastFault: string | null;
  lastFaultAt: Date | null;
  /** The worker's heap and Buffers at its last answer to a ping. */
  memoryMb: number | null;
}

/** What the worker did, for the host to count on the plugin's installs. */
export interface WorkerFault {
  reason: string;
  plugins: string[];
  /** Installs whose call the fault interrupted: that call's failure already counts. */
  busyInstalls: Set<string>;
}

export interface PluginWorkerOptions {
  /** The package as configured (PARLEY_PLUGINS), for logs and status. */
  specifier: string;
  /** What the worker imports: a bare package name or a file URL. */
  entry: string;
  limits: WorkerLimits;
  logger: Logger;
  onFault?: (fault: WorkerFault) => void;
  /** The worker's script; default plugin-worker.mjs beside this module (or beside the API's bundle). */
  workerUrl?: URL;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  installId?: string;
}

const MB = 1024 * 1024;

/** The environment a plugin sees: locale and time zone, nothing that configures the server. */
const PASSED_ENV = ['NODE_ENV', 'TZ', 'LANG', 'LC_ALL', 'PATH', 'HOME', 'TMPDIR'];

function pluginEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}
const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/**
 * One third-party plugin package in its own worker thread: imports it, carries the host's calls and
 * the worker's requests (ctx.fetch, kv, deliver callbacks) over the message port, pings it, and
 * terminates and restarts it (with backoff) when it exits, throws outside a call, stalls or outgrows
 * its memory. A worker cannot see the host's or another plugin's memory: secrets of other installs,
 * the database and other plugins' globals stay out of its reach.
 */
export class PluginWorker {
  readonly specifier: string;
  descriptions: PluginDescription[] = [];
  private readonly options: PluginWorkerOptions;
  private worker: Worker | undefined;
  private generation = 0;
  private state: WorkerState = 'starting';
  private everRan = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly contexts = new Map<string, PluginContext<unknown>>();
  /** The worker generation each install was set up in: after a restart its setup is gone. */
  private readonly installGeneration = new Map<string, number>();
  private readonly callbacks = new Map<number, (...args: unknown[]) => unknown>();
  private readonly cancels = new Map<number, AbortController>();
  private readonly refs = new ErrorRefs();
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private pingTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private awaitingPongSince: number | undefined;
  private lastTick = 0;
  private killReason: string | undefined;
  private startedAt = 0;
  private crashesInARow = 0;
  private restarts = 0;
  private lastFault: string | null = null;
  private lastFaultAt: Date | null = null;
  private memoryBytes: number | null = null;

  constructor(options: PluginWorkerOptions) {
    this.options = options;
    this.specifier = options.specifier;
  }

  /** Import the package in a new worker; rejects with what went wrong (and leaves nothing running). */
  async start(): Promise<PluginDescription[]> {
    this.descriptions = await this.spawn();
    this.everRan = true;
    return this.descriptions;
  }

  status(): PluginWorkerStatus {
    return {
      specifier: this.specifier,
      plugins: this.pluginNames(),
      state: this.state,
      restarts: this.restarts,
      lastFault: this.lastFault,
      lastFaultAt: this.lastFaultAt,
      memoryMb: this.memoryBytes === null ? null : Math.round((this.memoryBytes / MB) * 10) / 10,
    };
  }

  /** Run `setup` of one of the package's plugins for an install; its context stays here to serve requests. */
  async setup(pluginName: string, ctx: PluginContext<unknown>): Promise<SetupShape> {
    await this.ready();
    const generation = this.generation;
    this.contexts.set(ctx.installId, ctx);
    try {
      const shape = (await this.send(
        {
          t: 'setup',
          id: 0,
          plugin: pluginName,
          ctx: {
            config: ctx.config,
            pluginName: ctx.pluginName,
            installId: ctx.installId,
            accountId: ctx.accountId,
            installSecret: ctx.installSecret,
            ...(ctx.webhookUrl ? { webhookUrl: ctx.webhookUrl } : {}),
          },
        },
        ctx.installId,
      )) as SetupShape;
      this.installGeneration.set(ctx.installId, generation);
      return shape;
    } catch (error) {
      this.contexts.delete(ctx.installId);
      throw error;
    }
  }

  /** Call a capability's method of an install set up in this worker. */
  async invoke(installId: string, cap: string, method: string, args: unknown[]): Promise<unknown> {
    if (this.installGeneration.get(installId) !== this.generation || this.state !== 'running') {
      throw pluginFault(
        `worker restarted since this install started (${this.lastFault ?? 'stopped'}); it starts again on next use`,
        { plugin: this.pluginNameOf(installId), installId },
      );
    }
    const ids: number[] = [];
    const sent = args.map((arg) => {
      if (typeof arg !== 'function') return arg;
      const id = ++this.nextId;
      ids.push(id);
      this.callbacks.set(id, arg as (...a: unknown[]) => unknown);
      return { [CALLBACK_KEY]: id };
    });
    try {
      return reviveBuffers(
        await this.send({ t: 'call', id: 0, installId, cap, method, args: sent }, installId),
      );
    } finally {
      for (const id of ids) this.callbacks.delete(id);
    }
  }

  async dispose(installId: string): Promise<void> {
    const current = this.installGeneration.get(installId) === this.generation && this.state === 'running';
    try {
      if (current) await this.send({ t: 'dispose', id: 0, installId }, installId);
    } finally {
      this.contexts.delete(installId);
      this.installGeneration.delete(installId);
    }
  }

  /** Parse a config with the plugin's own schema, in the worker. */
  async parseConfig(pluginName: string, input: unknown): Promise<ConfigResult> {
    await this.ready();
    const result = (await this.send({ t: 'validate', id: 0, plugin: pluginName, input })) as
      | { ok: true; config: Record<string, unknown> }
      | { ok: false; issues: z.core.$ZodIssue[] };
    return result.ok
      ? result
      : { ok: false, errors: zodFieldErrors({ issues: result.issues } as z.ZodError) };
  }

  /** Let running calls finish (up to `drainMs`), then terminate for good. */
  async stop(drainMs = 0): Promise<void> {
    if (drainMs > 0 && this.pending.size > 0) {
      const deadline = Date.now() + drainMs;
      while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    }
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    this.stopPinging();
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll('stopped: the plugin was unloaded or upgraded');
    await worker?.terminate();
  }

  private pluginNames(): string[] {
    return this.descriptions.map((d) => d.name).filter((n): n is string => typeof n === 'string');
  }

  private pluginNameOf(installId?: string): string {
    return (installId && this.contexts.get(installId)?.pluginName) || this.pluginNames()[0] || this.specifier;
  }

  /** Resolves when the worker can take calls: now, or after the restart under way. */
  private ready(): Promise<void> {
    if (this.state === 'running') return Promise.resolve();
    if (this.state === 'failed' || this.state === 'stopped') {
      return Promise.reject(
        pluginFault(
          this.state === 'failed'
            ? `worker stopped after ${this.crashesInARow} crashes in a row (last: ${this.lastFault}); fix the plugin and load it again`
            : 'worker stopped: the plugin was unloaded',
          { plugin: this.pluginNameOf() },
        ),
      );
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private settleWaiters(error?: unknown) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) error ? w.reject(error) : w.resolve();
  }

  private send(message: HostToWorker, installId?: string): Promise<unknown> {
    const worker = this.worker;
    if (!worker || this.state !== 'running') {
      return Promise.reject(pluginFault('worker is not running', { plugin: this.pluginNameOf(installId) }));
    }
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(installId ? { installId } : {}) });
      try {
        worker.postMessage({ ...message, id });
      } catch (error) {
        this.pending.delete(id);
        reject(
          new PluginError(`could not pass the call to the plugin's worker: ${(error as Error).message}`, {
            kind: 'internal',
            retryable: false,
          }),
        );
      }
    });
  }

  private spawn(): Promise<PluginDescription[]> {
    const { limits } = this.options;
    const generation = ++this.generation;
    this.state = 'starting';
    this.killReason = undefined;
    const worker = new Worker(this.options.workerUrl ?? new URL('./plugin-worker.mjs', import.meta.url), {
      workerData: { entry: this.options.entry },
      name: `parley plugin ${this.specifier}`,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 16 },
      // The server's flags (a dev server's TypeScript loader and source conditions) are not the plugin's:
      // it runs as a published package would.
      execArgv: [],
      // Not the server's environment: PARLEY_SECRET_KEY, DATABASE_URL and the like stay out of reach.
      env: pluginEnv(),
    });
    // A plugin never keeps the server's process alive.
    worker.unref();
    this.worker = worker;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (problem: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new Error(problem));
      };
      const timer = setTimeout(() => {
        this.kill(
          `import did not finish within ${limits.importTimeoutMs / 1000} s (does it block while importing?)`,
        );
      }, limits.importTimeoutMs);
      let crash: (Error & { code?: string }) | undefined;
      worker.on('message', (m: WorkerToHost) => {
        if (!settled && m.t === 'ready') {
          settled = true;
          clearTimeout(timer);
          this.descriptions = m.plugins;
          this.state = 'running';
          this.startedAt = Date.now();
          this.startPinging(worker);
          this.settleWaiters();
          resolve(m.plugins);
          return;
        }
        if (!settled && m.t === 'failed') {
          this.kill(m.problem);
          return;
        }
        this.onMessage(worker, m);
      });
      worker.on('error', (error) => {
        crash = error;
      });
      worker.on('exit', (code) => {
        const reason = this.exitReason(code, crash);
        fail(reason);
        this.onExit(generation, reason);
      });
    });
  }

  private exitReason(code: number, crash: (Error & { code?: string }) | undefined): string {
    if (this.killReason) return this.killReason;
    if (crash?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return `ran out of memory (over its ${this.options.limits.memoryMb} MB heap limit), terminated`;
    }
    if (crash) return `crashed: uncaught ${crash.name}: ${crash.message}`.slice(0, 300);
    return `exited (process.exit(${code}) in the plugin)`;
  }

  private kill(reason: string) {
    this.killReason ??= reason;
    void this.worker?.terminate();
  }

  private onExit(generation: number, reason: string) {
    if (generation !== this.generation) return;
    this.stopPinging();
    this.worker = undefined;
    if (this.state === 'stopped') return;
    if (!this.everRan) {
      // The first import failed: the loader reports it; nothing to restart.
      this.state = 'failed';
      this.lastFault = reason;
      this.lastFaultAt = new Date();
      this.rejectAll(`worker ${reason}`);
      return;
    }
    this.crashesInARow =
      this.startedAt && Date.now() - this.startedAt > this.options.limits.healthyAfterMs
        ? 1
        : this.crashesInARow + 1;
    this.lastFault = reason;
    this.lastFaultAt = new Date();
    const busyInstalls = new Set<string>();
    for (const p of this.pending.values()) if (p.installId) busyInstalls.add(p.installId);
    this.rejectAll(`worker ${reason}`);
    this.contexts.clear();
    this.installGeneration.clear();
    this.options.logger.error(
      { plugin: this.specifier, reason, crashesInARow: this.crashesInARow },
      `plugin ${this.specifier}: worker ${reason}`,
    );
    this.options.onFault?.({ reason: `worker ${reason}`, plugins: this.pluginNames(), busyInstalls });
    const { limits } = this.options;
    if (this.crashesInARow >= limits.maxCrashes) {
      this.state = 'failed';
      this.settleWaiters(
        pluginFault(`worker stopped after ${this.crashesInARow} crashes in a row (last: ${reason})`, {
          plugin: this.pluginNameOf(),
        }),
      );
      return;
    }
    this.state = 'restarting';
    const delay = Math.min(limits.restartDelayMs * 2 ** (this.crashesInARow - 1), limits.maxRestartDelayMs);
    this.restartTimer = setTimeout(() => {
      if (this.state !== 'restarting') return;
      this.restarts++;
      // A failed restart ends in onExit again, which counts it and waits longer.
      this.spawn().catch(() => {});
    }, delay);
    this.restartTimer.unref();
  }

  private rejectAll(reason: string) {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(
        pluginFault(reason, {
          plugin: this.pluginNameOf(p.installId),
          ...(p.installId ? { installId: p.installId } : {}),
        }),
      );
    }
    for (const controller of this.cancels.values()) controller.abort();
    this.cancels.clear();
  }

  private startPinging(worker: Worker) {
    const { pingIntervalMs, stallMs } = this.options.limits;
    this.awaitingPongSince = undefined;
    this.lastTick = Date.now();
    this.pingTimer = setInterval(() => {
      const now = Date.now();
      // This thread was busy itself (its timer fired late): the worker's answer may be queued, not missing.
      const late = now - this.lastTick > pingIntervalMs + 1000;
      this.lastTick = now;
      if (this.awaitingPongSince !== undefined) {
        if (late) this.awaitingPongSince = now;
        else if (now - this.awaitingPongSince > stallMs) {
          this.kill(
            `stalled: its event loop was blocked for over ${stallMs / 1000} s (a busy loop or long synchronous work), terminated`,
          );
        }
        return;
      }
      this.awaitingPongSince = now;
      worker.postMessage({ t: 'ping', id: ++this.nextId });
    }, pingIntervalMs);
    this.pingTimer.unref();
  }

  private stopPinging() {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  private onMessage(worker: Worker, m: WorkerToHost) {
    switch (m.t) {
      case 'pong': {
        this.awaitingPongSince = undefined;
        this.memoryBytes = m.memory.heapUsed + m.memory.external;
        const limit = this.options.limits.memoryMb * MB;
        if (this.memoryBytes > limit) {
          this.kill(
            `used ${Math.round(this.memoryBytes / MB)} MB, over its ${this.options.limits.memoryMb} MB memory limit, terminated`,
          );
        }
        return;
      }
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(deserializeError(m.error, this.refs));
        return;
      }
      case 'request':
        void this.serve(worker, m);
        return;
      case 'cancel':
        this.cancels.get(m.id)?.abort();
        return;
      case 'log': {
        const ctx = this.contexts.get(m.installId);
        const level = LOG_LEVELS.has(m.level) ? (m.level as 'info') : 'info';
        const logger = ctx?.logger ?? this.options.logger.child({ plugin: this.specifier });
        const obj = m.obj && typeof m.obj === 'object' ? m.obj : { value: m.obj };
        logger.child(m.bindings ?? {})[level](obj as object, m.msg);
        return;
      }
      default:
        return;
    }
  }

  /** Answer a worker's request with the install's context on the host side. */
  private async serve(worker: Worker, m: Extract<WorkerToHost, { t: 'request' }>) {
    const reply = (message: HostToWorker, transfer: ArrayBuffer[] = []) => {
      try {
        worker.postMessage(message, transfer);
      } catch {
        // The worker is gone.
      }
    };
    try {
      // Only installs set up in this very worker: a plugin cannot use another plugin's context.
      const ctx = this.contexts.get(m.installId);
      if (!ctx) throw new PluginError('no install with this id runs in this worker', { kind: 'internal' });
      let value: unknown;
      let transfer: ArrayBuffer[] = [];
      switch (m.op) {
        case 'fetch': {
          const req = m.args[0] as {
            url: string;
            method: string;
            headers: [string, string][];
            body?: ArrayBuffer;
            redirect?: RequestInit['redirect'];
          };
          const controller = new AbortController();
          this.cancels.set(m.id, controller);
          try {
            const res = await ctx.fetch(req.url, {
              method: req.method,
              headers: req.headers,
              ...(req.body ? { body: req.body } : {}),
              ...(req.redirect ? { redirect: req.redirect } : {}),
              signal: controller.signal,
            });
            const body = await res.arrayBuffer();
            value = { status: res.status, statusText: res.statusText, headers: [...res.headers], body };
            transfer = [body];
          } finally {
            this.cancels.delete(m.id);
          }
          break;
        }
        case 'kv.get':
          value = await ctx.kv.get(String(m.args[0]));
          break;
        case 'kv.set':
          value = await ctx.kv.set(
            String(m.args[0]),
            String(m.args[1]),
            m.args[2] as { ttlSeconds?: number },
          );
          break;
        case 'kv.delete':
          value = await ctx.kv.delete(String(m.args[0]));
          break;
        case 'callback': {
          const fn = this.callbacks.get(Number(m.args[0]));
          if (!fn)
            throw new PluginError('this callback is no longer valid (its call ended)', { kind: 'internal' });
          value = await fn(...reviveBuffers((m.args[1] as unknown[]) ?? []));
          break;
        }
        default:
          throw new PluginError(`unknown request ${String(m.op)}`, { kind: 'internal' });
      }
      reply({ t: 'reply', id: m.id, ok: true, value }, transfer);
    } catch (error) {
      reply({ t: 'reply', id: m.id, ok: false, error: this.refs.serialize(error) });
    }
  }
}
