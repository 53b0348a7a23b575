import type { AnyPlugin, AnySetupResult } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import type { Logger, PluginContext } from '../types.js';
import type { createGuardedCalls } from './calls.js';
import { createGuardedFetch } from './fetch.js';
import { withTimeout } from './guard.js';
import type { createInstallConfig } from './install-config.js';
import type { SecretBox } from './secrets.js';
import type { ActiveInstall, GuardedInstall, HostSettings, HostState } from './state.js';
import type { HostStorage, InstallRecord } from './storage.js';
import { validateSetupResult } from './validate.js';

export interface InstallLifecycleOptions {
  state: HostState;
  settings: HostSettings;
  /** The host's own log. */
  logger: Logger;
  /** The log each install's plugin gets a child of. */
  pluginLogger: Logger;
  storage: HostStorage;
  box: SecretBox;
  webhookUrl: ((install: InstallRecord) => string | undefined) | undefined;
  fetchImpl: typeof fetch | undefined;
  refusePrivateNetwork: boolean;
  pluginOrThrow: (name: string) => AnyPlugin;
  record: (id: string) => Promise<InstallRecord>;
  config: Pick<
    ReturnType<typeof createInstallConfig>,
    'parseConfig' | 'openConfig' | 'assertDestinations' | 'allowedHostsFor'
  >;
  calls: Pick<ReturnType<typeof createGuardedCalls>, 'guard' | 'wrap'>;
  recordFailure: (id: string, error: PluginError, unloadOnDisable?: boolean) => Promise<void>;
}

/** Installs set up on first use (one setup shared by concurrent callers) and disposed on unload. */
export function createInstallLifecycle(options: InstallLifecycleOptions) {
  const { state, settings, logger, storage, box, pluginOrThrow, record, config, calls, recordFailure } =
    options;
  const { active } = state;

  /** The plugin context an install's setup gets: its parsed config, guarded fetch, kv and secret. */
  async function contextFor(
    r: InstallRecord,
    plugin: AnyPlugin,
    controller: AbortController,
  ): Promise<PluginContext<unknown>> {
    const id = r.id;
    const stamp = { plugin: plugin.name, installId: id };
    let parsedConfig: Record<string, unknown>;
    try {
      const parsed = await config.parseConfig(plugin, config.openConfig(plugin.name, r.config));
      if (!parsed.ok) throw new Error(`config invalid: ${JSON.stringify(parsed.errors)}`);
      parsedConfig = parsed.config;
    } catch (error) {
      const e = new PluginError((error as Error).message, { kind: 'config', retryable: false, ...stamp });
      await recordFailure(id, e);
      throw e;
    }
    try {
      await config.assertDestinations(plugin, parsedConfig, stamp);
    } catch (error) {
      const e = PluginError.from(error, stamp);
      await recordFailure(id, e);
      throw e;
    }
    const ctx: PluginContext<unknown> = {
      config: parsedConfig,
      pluginName: plugin.name,
      installId: id,
      accountId: r.accountId,
      logger: options.pluginLogger.child({ plugin: plugin.name, installId: id }),
      signal: controller.signal,
      installSecret: box.derive(`install:${id}`),
      fetch: createGuardedFetch({
        ...stamp,
        allowedHosts: config.allowedHostsFor(plugin, parsedConfig),
        timeoutMs: settings.fetchTimeoutMs,
        signal: controller.signal,
        fetchImpl: options.fetchImpl,
        refusePrivateNetwork: options.refusePrivateNetwork,
      }),
      kv: {
        get: (key) => storage.kvGet(id, key),
        set: (key, value, o) =>
          storage.kvSet(id, key, value, o?.ttlSeconds ? new Date(Date.now() + o.ttlSeconds * 1000) : null),
        delete: (key) => storage.kvDelete(id, key),
      },
    };
    const webhookUrl = options.webhookUrl?.(r);
    if (webhookUrl) ctx.webhookUrl = webhookUrl;
    return ctx;
  }

  async function activate(id: string): Promise<ActiveInstall> {
    const r = await record(id);
    if (!r.enabled) {
      throw new PluginError(`install is disabled${r.disabledReason ? ` (${r.disabledReason})` : ''}`, {
        kind: 'disabled',
        plugin: r.name,
        installId: id,
        retryable: false,
      });
    }
    const plugin = pluginOrThrow(r.name);
    const stamp = { plugin: plugin.name, installId: id };
    // The signal of everything the install started: aborted when its setup fails or it is unloaded.
    const controller = new AbortController();
    const ctx = await contextFor(r, plugin, controller);

    const result = await calls
      .guard(
        id,
        plugin.name,
        'setup',
        settings.setupTimeoutMs,
        async () => {
          const res = await plugin.setup(ctx);
          const problems = validateSetupResult(plugin, res);
          if (problems.length) {
            throw new PluginError(problems.join('; '), {
              kind: 'invalid_plugin',
              retryable: false,
              ...stamp,
            });
          }
          return res as AnySetupResult;
        },
        true,
      )
      .catch((error) => {
        controller.abort();
        throw error;
      });

    const guarded: GuardedInstall = { record: r, plugin };
    let sendOnce: ActiveInstall['sendOnce'];
    if (result.channel) {
      guarded.channel = calls.wrap(id, plugin.name, 'channel', result.channel, {
        poll: settings.pollTimeoutMs,
      });
      const channel = result.channel;
      sendOnce = (message) =>
        calls.guard(
          id,
          plugin.name,
          'channel.send',
          settings.callTimeoutMs,
          async () => channel.send(message),
          false,
          false,
        );
    }
    if (result.translator) guarded.translator = calls.wrap(id, plugin.name, 'translator', result.translator);
    if (result.gif) guarded.gif = calls.wrap(id, plugin.name, 'gif', result.gif);
    if (result.phone) guarded.phone = calls.wrap(id, plugin.name, 'phone', result.phone);
    if (result.billing) guarded.billing = calls.wrap(id, plugin.name, 'billing', result.billing);
    return { record: r, plugin, ctx, controller, result, guarded, sendOnce };
  }

  /** The guarded capabilities of an install (set up on first use, kept until unload). */
  async function use(id: string): Promise<GuardedInstall> {
    let pending = active.get(id);
    if (!pending) {
      pending = activate(id);
      active.set(id, pending);
      pending.catch(() => active.delete(id));
    }
    return (await pending).guarded;
  }

  async function need<C extends 'channel' | 'translator' | 'gif' | 'phone' | 'billing'>(
    id: string,
    cap: C,
  ): Promise<NonNullable<GuardedInstall[C]>> {
    const install = await use(id);
    const impl = install[cap];
    if (!impl) {
      throw new PluginError(`${install.plugin.name} has no ${cap} capability`, {
        kind: 'config',
        plugin: install.plugin.name,
        installId: id,
        retryable: false,
      });
    }
    return impl as NonNullable<GuardedInstall[C]>;
  }

  /** Dispose an active install (config changed, disabled, deleted). Safe to call when inactive. */
  async function unload(id: string): Promise<void> {
    const pending = active.get(id);
    active.delete(id);
    if (!pending) return;
    let a: ActiveInstall;
    try {
      a = await pending;
    } catch {
      return;
    }
    a.controller.abort();
    try {
      await withTimeout(
        async () => {
          await a.result.dispose?.();
          await a.plugin.dispose?.(a.ctx);
        },
        settings.setupTimeoutMs,
        { plugin: a.plugin.name, installId: id, what: 'dispose' },
      );
    } catch (error) {
      logger.warn({ err: error, plugin: a.plugin.name, installId: id }, 'plugin dispose failed');
    }
  }

  /** Ids of the installs of a plugin that are set up (or being set up) now. */
  async function activeInstallsOf(name: string): Promise<string[]> {
    const ids: string[] = [];
    for (const [id, pending] of [...active]) {
      const a = await pending.catch(() => undefined);
      if (a?.plugin.name === name) ids.push(id);
    }
    return ids;
  }

  async function unloadInstallsOf(name: string): Promise<void> {
    await Promise.all((await activeInstallsOf(name)).map((id) => unload(id)));
  }

  /** Dispose every active install (server shutdown). */
  async function unloadAll(): Promise<void> {
    await Promise.all([...active.keys()].map((id) => unload(id)));
  }

  return { use, need, unload, activeInstallsOf, unloadInstallsOf, unloadAll };
}
