import type { AnyPlugin, AnySetupResult } from '../define-plugin.js';
import type { PluginManifest } from '../manifest.js';
import type {
  BillingCapability,
  ChannelCapability,
  GifCapability,
  Outbound,
  PhoneCapability,
  PluginContext,
  SendResult,
  TranslatorCapability,
} from '../types.js';
import type { RetryOptions } from './guard.js';
import type { InstallRecord } from './storage.js';

/** The capabilities of an install, each call guarded (timeout, PluginError, health). */
export interface GuardedInstall {
  record: InstallRecord;
  plugin: AnyPlugin;
  channel?: ChannelCapability;
  translator?: TranslatorCapability;
  gif?: GifCapability;
  phone?: PhoneCapability;
  billing?: BillingCapability;
}

/** An install that is set up: what `dispose` needs, and its guarded capabilities. */
export interface ActiveInstall {
  record: InstallRecord;
  plugin: AnyPlugin;
  ctx: PluginContext<unknown>;
  controller: AbortController;
  result: AnySetupResult;
  guarded: GuardedInstall;
  /** One send attempt with its deadline and stamping; `host.send` counts the message's outcome once. */
  sendOnce?: (message: Outbound) => Promise<SendResult>;
}

/** The host's limits, defaults filled in. */
export interface HostSettings {
  callTimeoutMs: number;
  setupTimeoutMs: number;
  pollTimeoutMs: number;
  fetchTimeoutMs: number;
  maxFailures: number;
  retry: Omit<RetryOptions, 'onAttempt' | 'signal'> | undefined;
}

/**
 * Everything a host changes while it runs, owned by one host: several hosts may live in one process
 * (tests, the contract kit), so none of it is module-level.
 */
export interface HostState {
  /** Loaded plugins by name; a runtime can load, upgrade and remove them while the server runs. */
  plugins: Map<string, AnyPlugin>;
  /** Third-party plugins' package manifests by plugin name, replaced along with their plugin. */
  manifests: Map<string, PluginManifest>;
  /** Installs set up (or being set up) by id: the setup is shared by concurrent first uses. */
  active: Map<string, Promise<ActiveInstall>>;
  /** Install rows read from storage, kept so a call does not hit the database. */
  records: Map<string, InstallRecord>;
}

export function createHostState(manifests: ReadonlyMap<string, PluginManifest> | undefined): HostState {
  return {
    plugins: new Map(),
    manifests: new Map(manifests ?? []),
    active: new Map(),
    records: new Map(),
  };
}
