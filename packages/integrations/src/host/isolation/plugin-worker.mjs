// @ts-check
/**
 * The entry of a plugin worker: imports one third-party plugin package in its own thread and answers
 * the host over the message port (protocol.ts describes the messages). Plain JavaScript on purpose:
 * it is copied beside the API's bundle as is and runs without our TypeScript.
 *
 * The plugin's context lives on the host: `ctx.fetch` and `ctx.kv` are requests the host serves
 * (allowlist, private-network guard, timeouts), `ctx.logger` lines go to the host's logger. This
 * thread holds only this package's code, its installs' configs, and globals no other plugin sees.
 */
import { parentPort, workerData } from 'node:worker_threads';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { entry } = /** @type {{ entry: string }} */ (workerData);
const CALLBACK_KEY = '__parleyCallback';
const PLUGIN_ERROR_BRAND = Symbol.for('parley.plugin-sdk.PluginError');
const REF = Symbol('parley.ref');

/** @type {Map<string, any>} */
const plugins = new Map();
/** @type {Map<string, { plugin: any, ctx: any, controller: AbortController, result: any }>} */
const installs = new Map();
/** Requests this worker made to the host, by id. @type {Map<number, { resolve: (v: any) => void, reject: (e: any) => void }>} */
const waiting = new Map();
let nextId = 0;

/** @param {any} error @param {number} [depth] @returns {any} */
function serializeError(error, depth = 0) {
  if (!error || typeof error !== 'object') return { name: 'Error', message: String(error) };
  const out = {
    name: typeof error.name === 'string' ? error.name : 'Error',
    message: typeof error.message === 'string' ? error.message : String(error),
  };
  for (const key of ['kind', 'code']) if (typeof error[key] === 'string') out[key] = error[key];
  if (typeof error.retryable === 'boolean') out.retryable = error.retryable;
  if (typeof error.retryAfterMs === 'number') out.retryAfterMs = error.retryAfterMs;
  if (typeof error[REF] === 'number') out.ref = error[REF];
  if (error.cause !== undefined && depth < 4) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

/** An error the host sent (a refused fetch…): a PluginError for the plugin's SDK, returned by reference. */
function deserializeError(/** @type {any} */ s) {
  const error = /** @type {any} */ (new Error(s.message));
  error.name = s.name;
  for (const key of ['kind', 'code', 'retryable', 'retryAfterMs'])
    if (s[key] !== undefined) error[key] = s[key];
  if (s.name === 'PluginError') error[PLUGIN_ERROR_BRAND] = true;
  if (typeof s.ref === 'number') Object.defineProperty(error, REF, { value: s.ref });
  return error;
}

/** @template T @param {T} value @param {number} [depth] @returns {T} */
function reviveBuffers(value, depth = 0) {
  if (value instanceof Uint8Array) {
    return /** @type {any} */ (
      Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    );
  }
  if (depth > 8 || !value || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveBuffers(value[i], depth + 1);
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const record = /** @type {Record<string, unknown>} */ (value);
  for (const key of Object.keys(record)) record[key] = reviveBuffers(record[key], depth + 1);
  return value;
}

/** What a log line may carry across: errors as their text, nothing that cannot be cloned. */
function cloneable(/** @type {unknown} */ value) {
  try {
    return JSON.parse(
      JSON.stringify(value, (_key, v) =>
        v instanceof Error ? { type: v.name, message: v.message, stack: v.stack } : v,
      ),
    );
  } catch {
    return String(value);
  }
}

/** @param {string} installId @param {string} op @param {unknown[]} args @param {Transferable[]} [transfer] @param {AbortSignal} [signal] */
function request(installId, op, args, transfer = [], signal) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    port.postMessage({ t: 'request', id, installId, op, args }, transfer);
    signal?.addEventListener('abort', () => port.postMessage({ t: 'cancel', id }), { once: true });
  });
}

/** `ctx.fetch`: the host makes the request (allowlist, private-network guard, timeout) and sends the answer. */
async function remoteFetch(
  /** @type {string} */ installId,
  /** @type {any} */ input,
  init = /** @type {any} */ ({}),
) {
  const req = new Request(input, init);
  const body = req.body ? await req.arrayBuffer() : undefined;
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  const res = /** @type {any} */ (
    await request(
      installId,
      'fetch',
      [{ url: req.url, method: req.method, headers: [...req.headers], body, redirect: init.redirect }],
      body ? [body] : [],
      signal,
    )
  );
  const noBody = [101, 204, 205, 304].includes(res.status) || req.method === 'HEAD';
  return new Response(noBody ? null : res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

/** @param {string} installId @param {Record<string, unknown>} bindings @returns {any} */
function remoteLogger(installId, bindings) {
  /** @param {string} level */
  const line = (level) => (/** @type {unknown} */ obj, /** @type {string | undefined} */ msg) =>
    port.postMessage({ t: 'log', installId, level, bindings, obj: cloneable(obj), msg });
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (/** @type {Record<string, unknown>} */ more) =>
      remoteLogger(installId, { ...bindings, ...cloneable(more) }),
  };
}

/** What `setup` returned, as the host can rebuild it: values kept, functions named. */
function describeResult(/** @type {any} */ result) {
  /** @type {Record<string, unknown>} */
  const shape = {};
  if (!result || typeof result !== 'object') return result;
  for (const [key, value] of Object.entries(result)) {
    if (key === 'dispose') continue;
    if (value && typeof value === 'object') {
      /** @type {Record<string, unknown>} */
      const props = {};
      const methods = [];
      for (const [name, member] of Object.entries(value)) {
        if (typeof member === 'function') methods.push(name);
        else props[name] = member;
      }
      shape[key] = { props, methods };
    } else shape[key] = value;
  }
  return shape;
}

/** The plugins a module exports: `default`, `plugin`, or an array in either (as the in-process loader). */
function exportedPlugins(/** @type {any} */ mod) {
  const candidate = mod?.default ?? mod?.plugin ?? mod?.plugins;
  const inner = candidate?.default;
  const value = inner && typeof candidate === 'object' && !('setup' in candidate) ? inner : candidate;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

async function describePlugin(/** @type {any} */ plugin, /** @type {any} */ z) {
  const hasSchema = !!plugin?.configSchema?._zod && typeof plugin.configSchema.safeParse === 'function';
  /** @type {Record<string, unknown> | null} */
  let jsonSchema = null;
  if (hasSchema && z) {
    try {
      jsonSchema = z.toJSONSchema(plugin.configSchema, { io: 'input', unrepresentable: 'any' });
    } catch {
      jsonSchema = { type: 'object' };
    }
  }
  const props = /** @type {Record<string, any>} */ (jsonSchema?.properties ?? {});
  const secretFields = new Set(Array.isArray(plugin?.secretFields) ? plugin.secretFields : []);
  for (const [key, prop] of Object.entries(props)) if (prop?.secret === true) secretFields.add(key);
  return cloneable({
    name: plugin?.name,
    version: plugin?.version,
    apiVersion: plugin?.apiVersion,
    displayName: plugin?.displayName,
    description: plugin?.description,
    capabilities: plugin?.capabilities,
    jsonSchema,
    secretFields: [...secretFields],
    urlFields: plugin?.urlFields,
    hostFields: plugin?.hostFields,
    rates: plugin?.rates,
    hasSetup: typeof plugin?.setup === 'function',
    hasSchema,
  });
}

/** @param {any} m */
async function handle(m) {
  switch (m.t) {
    case 'validate': {
      const parsed = plugins.get(m.plugin).configSchema.safeParse(m.input ?? {});
      if (parsed.success) return { ok: true, config: parsed.data };
      return {
        ok: false,
        issues: parsed.error.issues.map((/** @type {any} */ i) => ({
          code: i.code,
          path: (i.path ?? []).map(String),
          message: i.message,
          format: i.format,
          origin: i.origin,
          minimum: i.minimum === undefined ? undefined : Number(i.minimum),
        })),
      };
    }
    case 'setup': {
      const plugin = plugins.get(m.plugin);
      const controller = new AbortController();
      const { installId } = m.ctx;
      const ctx = {
        ...m.ctx,
        logger: remoteLogger(installId, {}),
        signal: controller.signal,
        fetch: (/** @type {any} */ input, /** @type {any} */ init) => remoteFetch(installId, input, init),
        kv: {
          get: (/** @type {string} */ key) => request(installId, 'kv.get', [key]),
          set: (/** @type {string} */ key, /** @type {string} */ value, /** @type {any} */ o) =>
            request(installId, 'kv.set', [key, value, o]),
          delete: (/** @type {string} */ key) => request(installId, 'kv.delete', [key]),
        },
      };
      const result = await plugin.setup(ctx);
      installs.set(installId, { plugin, ctx, controller, result });
      return describeResult(result);
    }
    case 'call': {
      const install = installs.get(m.installId);
      if (!install) throw new Error('install not set up in this worker');
      const target = install.result?.[m.cap];
      const args = reviveBuffers(m.args).map((/** @type {any} */ arg) =>
        arg && typeof arg === 'object' && CALLBACK_KEY in arg
          ? (/** @type {unknown[]} */ ...cbArgs) =>
              request(m.installId, 'callback', [arg[CALLBACK_KEY], cbArgs])
          : arg,
      );
      return target[m.method](...args);
    }
    case 'dispose': {
      const install = installs.get(m.installId);
      if (!install) return undefined;
      installs.delete(m.installId);
      install.controller.abort();
      try {
        await install.result?.dispose?.();
      } finally {
        await install.plugin.dispose?.(install.ctx);
      }
      return undefined;
    }
    default:
      throw new Error(`unknown message ${m.t}`);
  }
}

port.on('message', (/** @type {any} */ m) => {
  if (m.t === 'ping') {
    const { heapUsed, external } = process.memoryUsage();
    port.postMessage({ t: 'pong', id: m.id, memory: { heapUsed, external } });
    return;
  }
  if (m.t === 'reply') {
    const waiter = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) waiter?.resolve(reviveBuffers(m.value));
    else waiter?.reject(deserializeError(m.error));
    return;
  }
  handle(m).then(
    (value) => {
      try {
        port.postMessage({ t: 'reply', id: m.id, ok: true, value });
      } catch (error) {
        const problem = `returned a value Parley cannot receive (${/** @type {Error} */ (error).message}): return plain data`;
        port.postMessage({
          t: 'reply',
          id: m.id,
          ok: false,
          error: {
            name: 'PluginError',
            kind: 'invalid_plugin',
            retryable: false,
            message: `${m.method ?? m.t} ${problem}`,
          },
        });
      }
    },
    (error) => port.postMessage({ t: 'reply', id: m.id, ok: false, error: serializeError(error) }),
  );
});

try {
  const mod = await import(entry);
  /** @type {any} */
  let z = null;
  try {
    z = await import('zod');
  } catch {
    // Without zod here the host shows a form without fields; the plugin still validates its config.
  }
  const found = exportedPlugins(mod);
  const descriptions = [];
  for (const plugin of found) {
    descriptions.push(await describePlugin(plugin, z));
    if (typeof plugin?.name === 'string') plugins.set(plugin.name, plugin);
  }
  port.postMessage({ t: 'ready', plugins: descriptions });
} catch (error) {
  port.postMessage({ t: 'failed', problem: `${/** @type {Error} */ (error)?.message ?? String(error)}` });
}
