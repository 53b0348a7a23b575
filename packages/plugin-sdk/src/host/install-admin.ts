import { randomUUID } from 'node:crypto';
import { mergeConfig, type RedactedConfig, redactConfig, secretsToReenter } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import type { CapabilityName } from '../types.js';
import type { createInstallConfig } from './install-config.js';
import type { HostState } from './state.js';
import type { HostStorage, InstallHealth, InstallRecord } from './storage.js';

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

export interface InstallAdminOptions {
  state: HostState;
  storage: HostStorage;
  pluginOrThrow: (name: string) => AnyPlugin;
  record: (id: string) => Promise<InstallRecord>;
  save: (record: InstallRecord) => Promise<void>;
  /** Dispose an install whose config or state the admin changed. */
  unload: (id: string) => Promise<void>;
  config: Pick<
    ReturnType<typeof createInstallConfig>,
    'parseConfig' | 'privateDestinationFields' | 'sealConfig' | 'openConfig'
  >;
}

/** What admins do to installs: create, reconfigure, read, enable/disable, see their health. */
export function createInstallAdmin(options: InstallAdminOptions) {
  const { state, storage, pluginOrThrow, record, save, unload, config } = options;

  async function writeConfig(
    r: Omit<InstallRecord, 'config'>,
    plugin: AnyPlugin,
    input: Record<string, unknown>,
  ): Promise<InstallResult> {
    const parsed = await config.parseConfig(plugin, input);
    if (!parsed.ok) return parsed;
    const refused = await config.privateDestinationFields(plugin, parsed.config);
    if (refused.length > 0)
      return {
        ok: false,
        errors: Object.fromEntries(refused.map((f) => [f, 'validation.private_destination'])),
      };
    const install: InstallRecord = { ...r, config: config.sealConfig(plugin.name, parsed.config) };
    await unload(r.id);
    await save(install);
    return { ok: true, install };
  }

  return {
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
      const stored = config.openConfig(r.name, r.config);
      const reenter = secretsToReenter(plugin, stored, input);
      if (reenter.length > 0)
        return { ok: false, errors: Object.fromEntries(reenter.map((f) => [f, 'validation.secret_again'])) };
      const merged = mergeConfig(plugin, stored, input);
      return writeConfig({ ...r, version: plugin.version }, plugin, merged);
    },

    /** The config as an admin may see it (secrets as set/unset). */
    async readConfig(id: string): Promise<RedactedConfig> {
      const r = await record(id);
      return redactConfig(pluginOrThrow(r.name), config.openConfig(r.name, r.config));
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
      return list.filter((r) => r.enabled && state.plugins.get(r.name)?.capabilities.includes(capability));
    },
  };
}
