import type { Db } from '@parley/db';
import { hostAllowed, type PluginHost, type PluginInfo } from '@parley/integrations';
import type { Logger } from '../../logger';

/**
 * Upgrades of a plugin under existing installs. When the version the server runs differs from the
 * one that wrote an install's settings, its `migrateConfig` brings them over; settings that still
 * do not fit (a new required field) and a version asking for more hosts or capabilities than an
 * admin approved pause the install with a reason the Integrations page turns into a question,
 * instead of failing every message until the host disables it.
 */

/** `disabledReason` of an install waiting for an admin to fill in settings the new version needs. */
export const NEEDS_CONFIGURATION = 'needs_configuration';
/** `disabledReason` of an install waiting for an admin to approve what its new version asks for. */
export const NEEDS_PERMISSION_APPROVAL = 'needs_permission_approval';

/** What a third-party plugin's manifest asks for: an admin sees and approves it. */
export interface PluginPermissions {
  capabilities: string[];
  networkHosts: string[];
}

export interface LifecycleDeps {
  db: Db;
  plugins: PluginHost;
  logger: Logger;
}

/** A plugin's `migrateConfig` is given this long (it must be pure and quick). */
const MIGRATE_TIMEOUT_MS = 5_000;

/** Infos by host, then by `name@version`: deriving them (JSON Schemas) costs milliseconds per plugin. */
const infoCache = new WeakMap<PluginHost, Map<string, PluginInfo>>();

/** The running version's info of one plugin (manifest hosts, icon, form schema), or undefined. */
export function pluginInfo(plugins: PluginHost, name: string): PluginInfo | undefined {
  const plugin = plugins.getPlugin(name);
  if (!plugin) return undefined;
  let byKey = infoCache.get(plugins);
  if (!byKey) {
    byKey = new Map();
    infoCache.set(plugins, byKey);
  }
  const key = `${name}@${plugin.version}`;
  let info = byKey.get(key);
  if (!info) {
    // A reload at the same version (the dev loop) may change the manifest: keep one entry per name.
    for (const k of byKey.keys()) if (k.startsWith(`${name}@`)) byKey.delete(k);
    info = plugins.listPlugins().find((p) => p.name === name);
    if (info) byKey.set(key, info);
  }
  return info;
}

/** Forget cached infos of a plugin (reloaded, possibly at the same version). */
export function forgetPluginInfo(plugins: PluginHost, name: string): void {
  const byKey = infoCache.get(plugins);
  for (const k of byKey?.keys() ?? []) if (k.startsWith(`${name}@`)) byKey?.delete(k);
}

/** What the running version of a plugin asks for; null for plugins without a manifest (built-in). */
export function requestedPermissions(plugins: PluginHost, name: string): PluginPermissions | null {
  const info = pluginInfo(plugins, name);
  if (!info?.networkHosts) return null;
  return { capabilities: [...info.capabilities].sort(), networkHosts: [...info.networkHosts].sort() };
}

export function parsePermissions(stored: string | null): PluginPermissions | null {
  if (!stored) return null;
  try {
    const value = JSON.parse(stored) as Partial<PluginPermissions>;
    return {
      capabilities: Array.isArray(value.capabilities) ? value.capabilities.map(String) : [],
      networkHosts: Array.isArray(value.networkHosts) ? value.networkHosts.map(String) : [],
    };
  } catch {
    return null;
  }
}

/** What `requested` asks beyond `approved` (a host under an approved `*.` pattern is no addition). */
export function permissionsAdded(
  approved: PluginPermissions,
  requested: PluginPermissions,
): PluginPermissions {
  return {
    capabilities: requested.capabilities.filter((c) => !approved.capabilities.includes(c)),
    networkHosts: requested.networkHosts.filter((h) => !hostAllowed(h, approved.networkHosts)),
  };
}

const isEmpty = (p: PluginPermissions) => p.capabilities.length === 0 && p.networkHosts.length === 0;

export interface PendingPermissions {
  /** Null when nothing was recorded (an install made before approvals were). */
  approved: PluginPermissions | null;
  requested: PluginPermissions;
  added: PluginPermissions;
}

/** The permissions an install's running plugin asks for beyond what an admin approved, or null. */
export function pendingPermissions(
  plugins: PluginHost,
  row: { name: string; approvedPermissions: string | null },
): PendingPermissions | null {
  const requested = requestedPermissions(plugins, row.name);
  if (!requested) return null;
  const approved = parsePermissions(row.approvedPermissions);
  const added = approved ? permissionsAdded(approved, requested) : requested;
  return isEmpty(added) ? null : { approved, requested, added };
}

/** The field errors of an install's stored settings under the running plugin's schema ({} when they fit). */
export function settingsErrors(
  plugins: PluginHost,
  row: { name: string; config: string },
): Record<string, string> {
  const checked = plugins.validateConfig(row.name, plugins.openConfig(row.name, row.config));
  return checked.ok ? {} : checked.errors;
}

export type ReconcileOutcome =
  | 'unchanged'
  | 'migrated'
  | 'paused_for_configuration'
  | 'paused_for_permissions'
  | 'unavailable';

async function withDeadline<T>(run: () => T | Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve().then(run),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not return within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function pause(deps: LifecycleDeps, row: { id: string; enabled: boolean }, reason: string) {
  // An install an admin turned off stays off for their reason; turning it on asks the same question.
  if (!row.enabled) return;
  await deps.plugins.disable(row.id, reason);
}

/**
 * Bring one install in line with the plugin version this server runs: record the permissions of a
 * legacy install, pause for newly asked permissions, migrate settings written by another version
 * and pause when they still do not fit. Idempotent, so every process may run it.
 */
export async function reconcileInstall(deps: LifecycleDeps, installId: string): Promise<ReconcileOutcome> {
  const row = await deps.db.pluginInstall.findUnique({ where: { id: installId } });
  if (!row) return 'unavailable';
  const plugin = deps.plugins.getPlugin(row.name);
  if (!plugin) return 'unavailable';
  const log = deps.logger.child({ plugin: row.name, installId, from: row.version, to: plugin.version });

  const requested = requestedPermissions(deps.plugins, row.name);
  if (requested && !row.approvedPermissions && row.version === plugin.version) {
    // Added before approvals were recorded, by an admin who saw this same version's request.
    await deps.db.pluginInstall.update({
      where: { id: row.id },
      data: { approvedPermissions: JSON.stringify(requested) },
    });
    row.approvedPermissions = JSON.stringify(requested);
  }
  const pending = pendingPermissions(deps.plugins, row);
  if (pending) {
    if (row.enabled) log.warn({ added: pending.added }, 'plugin asks for more permissions: install paused');
    await pause(deps, row, NEEDS_PERMISSION_APPROVAL);
    return 'paused_for_permissions';
  }
  if (row.disabledReason === NEEDS_PERMISSION_APPROVAL) {
    // Approved since: carry on (the settings may still ask the admin below).
    await deps.plugins.enable(row.id);
    row.enabled = true;
    row.disabledReason = null;
  }

  if (row.version === plugin.version) {
    if (
      row.disabledReason === NEEDS_CONFIGURATION &&
      Object.keys(settingsErrors(deps.plugins, row)).length === 0
    ) {
      await deps.plugins.enable(row.id);
      return 'migrated';
    }
    return row.disabledReason === NEEDS_CONFIGURATION ? 'paused_for_configuration' : 'unchanged';
  }

  const stored = deps.plugins.openConfig(row.name, row.config);
  let migrated: Record<string, unknown> = stored;
  let migrateFailed = false;
  if (plugin.migrateConfig) {
    const migrate = plugin.migrateConfig.bind(plugin);
    try {
      const result = await withDeadline(
        () => migrate(row.version, structuredClone(stored)),
        MIGRATE_TIMEOUT_MS,
      );
      if (!result || typeof result !== 'object' || Array.isArray(result)) {
        throw new Error(`returned ${JSON.stringify(result)}, not a config object`);
      }
      migrated = result;
    } catch (error) {
      migrateFailed = true;
      log.error(
        { err: error },
        `plugin ${row.name}: migrateConfig(${row.version}) failed; the install waits for an admin to complete its settings`,
      );
    }
  }
  const checked = deps.plugins.validateConfig(row.name, migrated);
  const config = deps.plugins.sealConfig(row.name, checked.ok ? checked.config : migrated);
  await deps.db.pluginInstall.update({
    where: { id: row.id },
    // A failed migration keeps the old version, so a fixed release migrates from where it started.
    data: migrateFailed ? {} : { config, version: plugin.version },
  });
  await deps.plugins.reload(row.id);
  if (checked.ok && !migrateFailed) {
    log.info('install settings migrated to the running version');
    if (row.disabledReason === NEEDS_CONFIGURATION) await deps.plugins.enable(row.id);
    return 'migrated';
  }
  log.warn(
    { fields: checked.ok ? [] : Object.keys(checked.errors) },
    'install settings do not fit the running version: paused until an admin completes them',
  );
  await pause(deps, row, NEEDS_CONFIGURATION);
  return 'paused_for_configuration';
}

/**
 * Reconcile the installs that may need it (another version than the running one, no recorded
 * approval, or paused by this module): at start, after a plugin was reloaded, when an account's
 * installs are listed. Narrow with `name` (one plugin) or `accountId`.
 */
export async function reconcileInstalls(
  deps: LifecycleDeps,
  where: { name?: string; accountId?: string } = {},
): Promise<Record<string, ReconcileOutcome>> {
  const rows = await deps.db.pluginInstall.findMany({
    where: {
      ...(where.name ? { name: where.name } : {}),
      ...(where.accountId ? { accountId: where.accountId } : {}),
    },
    select: { id: true, name: true, version: true, approvedPermissions: true, disabledReason: true },
  });
  const outcomes: Record<string, ReconcileOutcome> = {};
  for (const row of rows) {
    const plugin = deps.plugins.getPlugin(row.name);
    if (!plugin) continue;
    const mayNeedWork =
      row.version !== plugin.version ||
      row.disabledReason === NEEDS_CONFIGURATION ||
      row.disabledReason === NEEDS_PERMISSION_APPROVAL ||
      pendingPermissions(deps.plugins, row) !== null;
    if (!mayNeedWork) continue;
    try {
      outcomes[row.id] = await reconcileInstall(deps, row.id);
    } catch (error) {
      deps.logger.error(
        { err: error, plugin: row.name, installId: row.id },
        'reconciling a plugin install failed',
      );
    }
  }
  return outcomes;
}
