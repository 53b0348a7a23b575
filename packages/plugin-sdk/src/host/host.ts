import { randomUUID } from 'node:crypto';
import { mergeConfig, type RedactedConfig, redactConfig, secretsToReenter } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import type { PluginError } from '../errors.js';
import type { PluginManifest } from '../manifest.js';
import type { CapabilityName, Logger } from '../types.js';
import { createGuardedCalls } from './calls.js';
import type { RetryOptions } from './guard.js';
import { createHealthBook } from './health.js';
import { createInbound } from './inbound.js';
import { createInstallConfig } from './install-config.js';
import { createInstallLifecycle } from './installs.js';
import { type PollingOptions, startPolling } from './polling.js';
import { createInstallRecords } from './records.js';
import { createPluginRegistry, type PluginInfo } from './registry.js';
import { createSecretBox } from './secrets.js';
import { createOutboundSend } from './send.js';
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
  const { plugins } = state;
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

  const channelOf = (id: string) => need(id, 'channel');
  const outbound = createOutboundSend({ state, settings, channelOf, recordSuccess, recordFailure });
  const inbound = createInbound({ logger, use, channelOf, checkEvents });

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

    send: outbound.send,
    webhookGate: inbound.webhookGate,
    handleWebhook: inbound.handleWebhook,
    receiveWebhook: inbound.receiveWebhook,
    poll: inbound.poll,

    /** Poll installs on an interval, one poll per install at a time. Returns `stop`. */
    startPolling(polling: PollingOptions): () => Promise<void> {
      return startPolling(polling, inbound.poll, logger);
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
