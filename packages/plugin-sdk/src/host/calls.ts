import { PluginError } from '../errors.js';
import { eventProblems } from './events.js';
import { withTimeout } from './guard.js';

export interface GuardedCallsOptions {
  /** Deadline of a call with no deadline of its own. */
  callTimeoutMs: number;
  recordSuccess: (id: string) => Promise<void>;
  recordFailure: (id: string, error: PluginError, unloadOnDisable?: boolean) => Promise<void>;
}

/** Calls into a plugin behind a deadline, with errors stamped and the install's health counted. */
export function createGuardedCalls(options: GuardedCallsOptions) {
  const { callTimeoutMs, recordSuccess, recordFailure } = options;

  /** Guard one call: deadline, PluginError stamping, health bookkeeping. */
  async function guard<T>(
    id: string,
    pluginName: string,
    what: string,
    timeoutMs: number,
    fn: () => Promise<T>,
    inSetup = false,
    /** false: the caller records the outcome (a send counts once, after its last retry). */
    record = true,
  ): Promise<T> {
    try {
      const result = await withTimeout(() => fn(), timeoutMs, { plugin: pluginName, installId: id, what });
      // A setup that works is no proof: a plugin that crashes after each start must keep its count.
      if (record && !inSetup) await recordSuccess(id);
      return result;
    } catch (thrown) {
      const error = PluginError.from(thrown, { plugin: pluginName, installId: id });
      if (record) await recordFailure(id, error, !inSetup);
      throw error;
    }
  }

  /** Every function of a capability guarded; `timeouts` overrides the deadline per method. */
  function wrap<T extends object>(
    id: string,
    pluginName: string,
    cap: string,
    impl: T,
    timeouts: Record<string, number> = {},
  ): T {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(impl)) {
      out[key] =
        typeof value === 'function'
          ? (...args: unknown[]) =>
              guard(id, pluginName, `${cap}.${key}`, timeouts[key] ?? callTimeoutMs, () =>
                Promise.resolve((value as (...a: unknown[]) => unknown).apply(impl, args)),
              )
          : value;
    }
    return out as T;
  }

  /** A plugin handed over events Parley cannot store: its fault, named, counted, never a TypeError later. */
  async function checkEvents(id: string, pluginName: string, what: string, events: unknown): Promise<void> {
    await refuse(id, pluginName, `${what} returned invalid events`, eventProblems(events));
  }

  /** A plugin's result failed the host's run-time check: an `invalid_plugin` error naming the plugin. */
  async function refuse(id: string, pluginName: string, what: string, problems: string[]): Promise<void> {
    if (!problems.length) return;
    const error = new PluginError(`${what}: ${problems.slice(0, 5).join('; ')}`, {
      kind: 'invalid_plugin',
      retryable: false,
      plugin: pluginName,
      installId: id,
    });
    await recordFailure(id, error);
    throw error;
  }

  return { guard, wrap, checkEvents, refuse };
}
