import { randomUUID } from 'node:crypto';
import { mergeConfig, type RedactedConfig, redactConfig, secretsToReenter } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import type { PluginManifest } from '../manifest.js';
import type {
  CapabilityName,
  DeliverInbound,
  InboundEvent,
  Logger,
  Outbound,
  SendResult,
  WebhookHead,
  WebhookRequest,
  WebhookResponse,
  WebhookResult,
} from '../types.js';
import { createGuardedCalls } from './calls.js';
import { checkAgainstFeatures } from './features.js';
import { type RetryOptions, retrying } from './guard.js';
import { createHealthBook, StorageError } from './health.js';
import { createInstallConfig } from './install-config.js';
import { createInstallLifecycle } from './installs.js';
import { type PollingOptions, startPolling } from './polling.js';
import { createInstallRecords } from './records.js';
import { createPluginRegistry, type PluginInfo } from './registry.js';
import { createSecretBox } from './secrets.js';
import { createHostState, type GuardedInstall, type HostSettings } from './state.js';
import type { HostStorage, InstallHealth, InstallRecord } from './storage.js';

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
  const settings: HostSettings = {
    callTimeoutMs: d.callTimeoutMs ?? 15_000,
    setupTimeoutMs: d.setupTimeoutMs ?? 10_000,
    pollTimeoutMs: d.pollTimeoutMs ?? 60_000,
    fetchTimeoutMs: d.fetchTimeoutMs ?? 10_000,
    maxFailures: d.maxFailures ?? 5,
    retry: d.retry,
  };

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
  const { sealConfig, openConfig, parseConfig, privateDestinationFields } = installConfig;

  const { recordSuccess, recordFailure } = createHealthBook({
    logger,
    maxFailures: settings.maxFailures,
    current: records.cached,
    save,
    unload: (id) => unload(id),
  });

  const calls = createGuardedCalls({ callTimeoutMs: settings.callTimeoutMs, recordSuccess, recordFailure });
  const { checkEvents } = calls;

  const lifecycle = createInstallLifecycle({
    state,
    settings,
    logger,
    pluginLogger: options.logger,
    storage,
    box,
    webhookUrl: options.webhookUrl,
    fetchImpl: options.fetchImpl,
    refusePrivateNetwork: options.refusePrivateNetwork ?? false,
    pluginOrThrow,
    record,
    config: installConfig,
    calls,
    recordFailure,
  });
  const { use, need, unload, activeInstallsOf, unloadInstallsOf } = lifecycle;

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
          { ...settings.retry, ...opts },
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
      await lifecycle.unloadAll();
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
