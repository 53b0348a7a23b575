import type { AnyPlugin } from '../define-plugin.js';
import type { PluginError } from '../errors.js';
import type { PluginManifest } from '../manifest.js';
import type { Logger } from '../types.js';
import { createBilling } from './billing.js';
import { createGuardedCalls } from './calls.js';
import type { RetryOptions } from './guard.js';
import { createHealthBook } from './health.js';
import { createInbound } from './inbound.js';
import { createInstallAdmin, type HealthInfo, type InstallResult } from './install-admin.js';
import { createInstallConfig } from './install-config.js';
import { createInstallLifecycle } from './installs.js';
import { createPhone } from './phone.js';
import { type PollingOptions, startPolling } from './polling.js';
import { createInstallRecords } from './records.js';
import { createPluginRegistry, type PluginInfo } from './registry.js';
import { createSecretBox } from './secrets.js';
import { createOutboundSend } from './send.js';
import { createHostState, type GuardedInstall, type HostSettings } from './state.js';
import type { HostStorage, InstallRecord } from './storage.js';

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

export type PluginHost = ReturnType<typeof createPluginHost>;
export type { GuardedInstall, HealthInfo, InstallResult, PluginInfo, PollingOptions };

/**
 * The host is composed of modules with one job each, sharing one `HostState`. The registry and the
 * health book dispose installs, which the lifecycle (built after them) does: they reach it late.
 */
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
  const { recordSuccess, recordFailure } = createHealthBook({
    logger,
    maxFailures: settings.maxFailures,
    current: records.cached,
    save,
    unload: (id) => unload(id),
  });

  const calls = createGuardedCalls({ callTimeoutMs: settings.callTimeoutMs, recordSuccess, recordFailure });
  const { checkEvents, refuse } = calls;

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
  const phoneOf = (id: string) => need(id, 'phone');
  const phone = createPhone({ logger, use, phoneOf, refuse });
  const billingOf = (id: string) => need(id, 'billing');
  const billing = createBilling({ logger, use, billingOf, refuse });

  const admin = createInstallAdmin({
    state,
    storage,
    pluginOrThrow,
    record,
    save,
    unload,
    config: installConfig,
  });

  const host = {
    listPlugins: registry.listPlugins,
    displayNameOf: registry.displayNameOf,
    getPlugin: registry.getPlugin,
    validateConfig: installConfig.validateConfig,
    sealConfig: installConfig.sealConfig,
    openConfig: installConfig.openConfig,

    createInstall: admin.createInstall,
    updateConfig: admin.updateConfig,
    readConfig: admin.readConfig,
    enable: admin.enable,
    disable: admin.disable,
    health: admin.health,
    findInstalls: admin.findInstalls,

    /** The guarded capabilities of an install (set up on first use, kept until unload). */
    use,
    channel: channelOf,
    translator: (id: string) => need(id, 'translator'),
    gif: (id: string) => need(id, 'gif'),
    phone: phoneOf,
    /** H2: the phone capability's calls, each result checked (see host/phone.ts). */
    phoneWebhookGate: phone.webhookGate,
    receivePhoneWebhook: phone.receiveWebhook,
    dial: phone.dial,
    hangupCall: phone.hangup,
    connectInbound: phone.connectInbound,
    softphoneCredentials: phone.softphoneCredentials,
    billing: billingOf,
    /** J6: the billing capability's calls, each result checked (see host/billing.ts). */
    billingWebhookGate: billing.webhookGate,
    receiveBillingWebhook: billing.receiveWebhook,
    createCheckout: billing.createCheckout,
    createTopUpCheckout: billing.createTopUpCheckout,
    changeSubscription: billing.changeSubscription,
    cancelSubscription: billing.cancelSubscription,
    listInvoices: billing.listInvoices,

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
