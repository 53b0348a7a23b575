import { randomUUID } from 'node:crypto';
import { mergeConfig, type RedactedConfig, redactConfig, secretsToReenter } from '../config.js';
import type { AnyPlugin, AnySetupResult } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import type { PluginManifest } from '../manifest.js';
import type {
  CapabilityName,
  DeliverInbound,
  InboundEvent,
  Logger,
  Outbound,
  PluginContext,
  SendResult,
  WebhookHead,
  WebhookRequest,
  WebhookResponse,
  WebhookResult,
} from '../types.js';
import { createGuardedCalls } from './calls.js';
import { checkAgainstFeatures } from './features.js';
import { createGuardedFetch } from './fetch.js';
import { type RetryOptions, retrying, withTimeout } from './guard.js';
import { createHealthBook, StorageError } from './health.js';
import { createInstallConfig } from './install-config.js';
import { type PollingOptions, startPolling } from './polling.js';
import { createInstallRecords } from './records.js';
import { createPluginRegistry, type PluginInfo } from './registry.js';
import { createSecretBox } from './secrets.js';
import { type ActiveInstall, createHostState, type GuardedInstall } from './state.js';
import type { HostStorage, InstallHealth, InstallRecord } from './storage.js';
import { validateSetupResult } from './validate.js';

export interface HostDefaults {
  /** Deadline of one plugin call (send, translate, search, webhook...). Default 15 s. */
  callTimeoutMs?: number;
  /** Deadline of `setup` and `dispose`. Default 10 s. */
  setupTimeoutMs?: number;
  /** Deadline of one `poll`. Default 60 s. */
  pollTimeoutMs?: number;
  /** Deadline of one `ctx.fetch` request. Default 10 s. */
  fetchTimeoutMs?: number;
  /** Consecutive failures after which an install is disabled. Default 5. */
  maxFailures?: number;
  /** Backoff for `host.send`. Default 4 attempts from 1 s. */
  retry?: Omit<RetryOptions, 'onAttempt' | 'signal'>;
}

export interface PluginHostOptions {
  plugins: AnyPlugin[];
  /**
   * The package manifests of third-party plugins, by plugin name (the loader reads them). A plugin
   * with one reaches only its declared `networkHosts` and the URLs admins type in its `urlFields`.
   */
  manifests?: ReadonlyMap<string, PluginManifest>;
  logger: Logger;
  storage: HostStorage;
  /** PARLEY_SECRET_KEY (or the generated key kept in DATA_DIR). */
  secretKey: string;
  defaults?: HostDefaults;
  /** The public webhook URL of an install (e.g. `${PUBLIC_URL}/hooks/${id}`), given to plugins. */
  webhookUrl?: (install: InstallRecord) => string | undefined;
  /** For tests: the fetch under the guarded one. */
  fetchImpl?: typeof fetch;
  /**
   * Refuse destinations (URLs of `ctx.fetch`, the hosts of `urlFields`/`hostFields`) that resolve
   * to loopback, private or link-local addresses. Off by default in the SDK, whose tests talk to
   * local fakes; the Parley server turns it on unless ALLOW_PRIVATE_NETWORK_DESTINATIONS is set.
   */
  refusePrivateNetwork?: boolean;
  /** Runs at the end of `host.close()`, after every install is disposed (e.g. stop plugin workers). */
  onClose?: () => Promise<void>;
}

export interface HealthInfo {
  health: InstallHealth;
  enabled: boolean;
  failures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  disabledReason: string | null;
}

/** Webhook bodies are read into memory before a plugin authenticates them: keep them small. */
const DEFAULT_WEBHOOK_MAX_BYTES = 1024 * 1024;

export type InstallResult =
  | { ok: true; install: InstallRecord }
  | { ok: false; errors: Record<string, string> };

export type PluginHost = ReturnType<typeof createPluginHost>;
export type { GuardedInstall, PluginInfo, PollingOptions };

export function createPluginHost(options: PluginHostOptions) {
  const { storage } = options;
  const logger = options.logger.child({ component: 'plugin-host' });
  const box = createSecretBox(options.secretKey);
  const d = options.defaults ?? {};
  const callTimeoutMs = d.callTimeoutMs ?? 15_000;
  const setupTimeoutMs = d.setupTimeoutMs ?? 10_000;
  const pollTimeoutMs = d.pollTimeoutMs ?? 60_000;
  const fetchTimeoutMs = d.fetchTimeoutMs ?? 10_000;
  const maxFailures = d.maxFailures ?? 5;

  const state = createHostState(options.manifests);
  const { plugins, active } = state;
  const registry = createPluginRegistry(options.plugins, {
    state,
    logger,
    unloadInstallsOf: (name) => unloadInstallsOf(name),
  });
  const { pluginOrThrow } = registry;

  const records = createInstallRecords(state, storage, logger);
  const { record, save } = records;

  const installConfig = createInstallConfig({
    state,
    logger,
    box,
    pluginOrThrow,
    refusePrivateNetwork: options.refusePrivateNetwork ?? false,
  });
  const {
    sealConfig,
    openConfig,
    parseConfig,
    assertDestinations,
    privateDestinationFields,
    allowedHostsFor,
  } = installConfig;

  const { recordSuccess, recordFailure } = createHealthBook({
    logger,
    maxFailures,
    current: records.cached,
    save,
    unload: (id) => unload(id),
  });

  const { guard, wrap, checkEvents } = createGuardedCalls({ callTimeoutMs, recordSuccess, recordFailure });

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
    let config: Record<string, unknown>;
    try {
      const parsed = await parseConfig(plugin, openConfig(plugin.name, r.config));
      if (!parsed.ok) throw new Error(`config invalid: ${JSON.stringify(parsed.errors)}`);
      config = parsed.config;
    } catch (error) {
      const e = new PluginError((error as Error).message, { kind: 'config', retryable: false, ...stamp });
      await recordFailure(id, e);
      throw e;
    }
    try {
      await assertDestinations(plugin, config, stamp);
    } catch (error) {
      const e = PluginError.from(error, stamp);
      await recordFailure(id, e);
      throw e;
    }
    const controller = new AbortController();
    const pluginLogger = options.logger.child({ plugin: plugin.name, installId: id });
    const ctx: PluginContext<unknown> = {
      config,
      pluginName: plugin.name,
      installId: id,
      accountId: r.accountId,
      logger: pluginLogger,
      signal: controller.signal,
      installSecret: box.derive(`install:${id}`),
      fetch: createGuardedFetch({
        ...stamp,
        allowedHosts: allowedHostsFor(plugin, config),
        timeoutMs: fetchTimeoutMs,
        signal: controller.signal,
        fetchImpl: options.fetchImpl,
        refusePrivateNetwork: options.refusePrivateNetwork ?? false,
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

    const result = await guard(
      id,
      plugin.name,
      'setup',
      setupTimeoutMs,
      async () => {
        const res = await plugin.setup(ctx);
        const problems = validateSetupResult(plugin, res);
        if (problems.length) {
          throw new PluginError(problems.join('; '), { kind: 'invalid_plugin', retryable: false, ...stamp });
        }
        return res as AnySetupResult;
      },
      true,
    ).catch((error) => {
      controller.abort();
      throw error;
    });

    const guarded: GuardedInstall = { record: r, plugin };
    let sendOnce: ActiveInstall['sendOnce'];
    if (result.channel) {
      guarded.channel = wrap(id, plugin.name, 'channel', result.channel, { poll: pollTimeoutMs });
      const channel = result.channel;
      sendOnce = (message) =>
        guard(
          id,
          plugin.name,
          'channel.send',
          callTimeoutMs,
          async () => channel.send(message),
          false,
          false,
        );
    }
    if (result.translator) guarded.translator = wrap(id, plugin.name, 'translator', result.translator);
    if (result.gif) guarded.gif = wrap(id, plugin.name, 'gif', result.gif);
    return { record: r, plugin, ctx, controller, result, guarded, sendOnce };
  }

  async function use(id: string): Promise<GuardedInstall> {
    let pending = active.get(id);
    if (!pending) {
      pending = activate(id);
      active.set(id, pending);
      pending.catch(() => active.delete(id));
    }
    return (await pending).guarded;
  }

  async function need<C extends 'channel' | 'translator' | 'gif'>(
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
        setupTimeoutMs,
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

  async function writeConfig(
    r: Omit<InstallRecord, 'config'>,
    plugin: AnyPlugin,
    input: Record<string, unknown>,
  ): Promise<InstallResult> {
    const parsed = await parseConfig(plugin, input);
    if (!parsed.ok) return parsed;
    const refused = await privateDestinationFields(plugin, parsed.config);
    if (refused.length > 0)
      return {
        ok: false,
        errors: Object.fromEntries(refused.map((f) => [f, 'validation.private_destination'])),
      };
    const install: InstallRecord = { ...r, config: sealConfig(plugin.name, parsed.config) };
    await unload(r.id);
    await save(install);
    return { ok: true, install };
  }

  const host = {
    listPlugins: registry.listPlugins,
    displayNameOf: registry.displayNameOf,
    getPlugin: registry.getPlugin,
    validateConfig: installConfig.validateConfig,
    sealConfig,
    openConfig,

    /** Validate, encrypt the secrets and save a new install. */
    async createInstall(input: {
      accountId: string;
      name: string;
      config: Record<string, unknown>;
      id?: string;
      enabled?: boolean;
    }): Promise<InstallResult> {
      const plugin = pluginOrThrow(input.name);
      return writeConfig(
        {
          id: input.id ?? randomUUID(),
          accountId: input.accountId,
          name: plugin.name,
          version: plugin.version,
          enabled: input.enabled ?? true,
          health: 'unknown',
          failures: 0,
          disabledReason: null,
          lastError: null,
          lastErrorAt: null,
        },
        plugin,
        input.config,
      );
    },

    /**
     * Apply an admin's form: empty secret fields keep their stored values, unless the form moves the
     * install to another URL or host (then they must be entered again). Restarts the install.
     */
    async updateConfig(id: string, input: Record<string, unknown>): Promise<InstallResult> {
      const r = await record(id);
      const plugin = pluginOrThrow(r.name);
      const stored = openConfig(r.name, r.config);
      const reenter = secretsToReenter(plugin, stored, input);
      if (reenter.length > 0)
        return { ok: false, errors: Object.fromEntries(reenter.map((f) => [f, 'validation.secret_again'])) };
      const merged = mergeConfig(plugin, stored, input);
      return writeConfig({ ...r, version: plugin.version }, plugin, merged);
    },

    /** The config as an admin may see it (secrets as set/unset). */
    async readConfig(id: string): Promise<RedactedConfig> {
      const r = await record(id);
      return redactConfig(pluginOrThrow(r.name), openConfig(r.name, r.config));
    },

    async enable(id: string): Promise<InstallRecord> {
      const r = await record(id);
      const next: InstallRecord = {
        ...r,
        enabled: true,
        health: 'unknown',
        failures: 0,
        disabledReason: null,
      };
      await save(next);
      return next;
    },

    async disable(id: string, reason = 'disabled_by_admin'): Promise<InstallRecord> {
      const r = await record(id);
      const next: InstallRecord = { ...r, enabled: false, health: 'disabled', disabledReason: reason };
      await save(next);
      await unload(id);
      return next;
    },

    async health(id: string): Promise<HealthInfo> {
      const r = await record(id);
      return {
        health: r.health,
        enabled: r.enabled,
        failures: r.failures,
        lastError: r.lastError ?? null,
        lastErrorAt: r.lastErrorAt ?? null,
        disabledReason: r.disabledReason,
      };
    },

    /** Enabled installs of an account having a capability, e.g. the account's translator. */
    async findInstalls(accountId: string, capability: CapabilityName): Promise<InstallRecord[]> {
      const list = await storage.listInstalls(accountId);
      return list.filter((r) => r.enabled && plugins.get(r.name)?.capabilities.includes(capability));
    },

    /** The guarded capabilities of an install (set up on first use, kept until unload). */
    use,
    channel: (id: string) => need(id, 'channel'),
    translator: (id: string) => need(id, 'translator'),
    gif: (id: string) => need(id, 'gif'),

    /**
     * Send through a channel with retries and backoff. `onAttempt` reports retrying/failed/sent so
     * the caller persists Message.deliveryStatus; a failed message can be sent again later.
     */
    async send(
      id: string,
      message: Outbound,
      opts: Pick<RetryOptions, 'onAttempt' | 'signal' | 'attempts'> = {},
    ): Promise<SendResult> {
      let pluginName = '?';
      try {
        const sent = await retrying(
          async () => {
            const channel = await need(id, 'channel');
            const a = await active.get(id);
            pluginName = a?.plugin.name ?? pluginName;
            if (!a?.sendOnce) {
              throw new PluginError('the install was unloaded while sending', {
                kind: 'internal',
                installId: id,
              });
            }
            checkAgainstFeatures(channel.features, message, { plugin: pluginName, installId: id });
            const result = await a.sendOnce(message);
            if (!result || typeof result.externalMessageId !== 'string' || !result.externalMessageId) {
              throw new PluginError(
                'send returned no externalMessageId: return { externalMessageId } with the id the provider gave the message',
                { kind: 'invalid_plugin', retryable: false, plugin: pluginName, installId: id },
              );
            }
            return result;
          },
          { ...d.retry, ...opts },
        );
        await recordSuccess(id);
        return sent;
      } catch (thrown) {
        // One failure per message, after its last attempt (not one per retry).
        const error = PluginError.from(thrown, { plugin: pluginName, installId: id });
        await recordFailure(id, error);
        throw error;
      }
    },

    /** What the API checks before reading a webhook's body: the size limit and the plugin's precheck. */
    async webhookGate(
      id: string,
      head: WebhookHead,
    ): Promise<{ maxBytes: number; refused: WebhookResponse | undefined }> {
      const channel = await need(id, 'channel');
      return {
        maxBytes: channel.webhookMaxBytes ?? DEFAULT_WEBHOOK_MAX_BYTES,
        refused: await channel.precheckWebhook?.(head),
      };
    },

    /** Hand a webhook request to the install's channel: its answer and the events it parsed. */
    async handleWebhook(id: string, request: WebhookRequest): Promise<WebhookResult> {
      const channel = await need(id, 'channel');
      if (!channel.handleWebhook) {
        return { response: { status: 404, body: 'no webhook for this channel' }, events: [] };
      }
      const result = await channel.handleWebhook(request);
      const events = result?.events ?? [];
      await checkEvents(id, (await use(id)).plugin.name, 'handleWebhook', events);
      return { response: result?.response ?? { status: 200 }, events };
    },

    /**
     * The delivery guarantee for webhooks: parse the request, store its events with `deliver`, and only
     * then give the plugin's answer. When storing fails the provider gets a 500 and redelivers; the
     * stored ids make that redelivery count once. A plugin error (it could not read the request) is
     * thrown for the caller to answer.
     */
    async receiveWebhook(
      id: string,
      request: WebhookRequest,
      deliver: DeliverInbound,
    ): Promise<WebhookResponse> {
      const result = await host.handleWebhook(id, request);
      if (!result.events.length) return result.response;
      try {
        await deliver(result.events);
      } catch (error) {
        logger.error({ err: error, installId: id }, 'storing webhook events failed; the provider will retry');
        return { status: 500, body: 'not stored, please retry' };
      }
      return result.response;
    },

    /**
     * One poll: the plugin hands what it fetched to `deliver` and acknowledges it at the provider once
     * stored (events it returns instead are delivered here). Resolves with every delivered event;
     * without `deliver` they are only collected (tests).
     */
    async poll(id: string, deliver?: DeliverInbound): Promise<InboundEvent[]> {
      const channel = await need(id, 'channel');
      if (!channel.poll) return [];
      const delivered: InboundEvent[] = [];
      const pluginName = (await use(id)).plugin.name;
      const store: DeliverInbound = async (events) => {
        await checkEvents(id, pluginName, 'poll', events);
        if (!events.length) return;
        try {
          await deliver?.(events);
        } catch (error) {
          throw new StorageError(error);
        }
        delivered.push(...events);
      };
      const rest = await channel.poll(store);
      if (rest?.length) await store(rest);
      return delivered;
    },

    /** Poll installs on an interval, one poll per install at a time. Returns `stop`. */
    startPolling(polling: PollingOptions): () => Promise<void> {
      return startPolling(polling, (id, deliver) => host.poll(id, deliver), logger);
    },

    unload,
    /** Forget the cached row of an install changed outside the host (and dispose it). */
    async reload(id: string): Promise<void> {
      records.forget(id);
      await unload(id);
    },
    /** Dispose every active install (server shutdown). */
    async close(): Promise<void> {
      await Promise.all([...active.keys()].map((id) => unload(id)));
      await options.onClose?.();
    },

    replacePlugin: registry.replacePlugin,
    removePlugin: registry.removePlugin,

    /**
     * The runtime saw a plugin fail outside any call (its worker crashed, stalled or ran out of
     * memory): count it on each active install of the plugin, except those whose own interrupted
     * call already counted it, and dispose them so they start afresh on next use.
     */
    async reportFault(
      name: string,
      errorFor: (installId: string) => PluginError,
      countedByCall: ReadonlySet<string> = new Set(),
    ): Promise<void> {
      for (const id of await activeInstallsOf(name)) {
        if (!countedByCall.has(id)) await recordFailure(id, errorFor(id), false);
        await unload(id);
      }
    },
  };
  return host;
}
