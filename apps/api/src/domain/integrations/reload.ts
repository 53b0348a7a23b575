import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@parley/db';
import type { PluginHost, PluginRuntime } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import { pluginRuntimeOf } from './host';
import { forgetPluginInfo, type LifecycleDeps, type ReconcileOutcome, reconcileInstalls } from './lifecycle';
import {
  ensureUnpacked,
  linkProvidedPackages,
  PACKAGES_TOPIC,
  packageDir,
  pluginsDir,
  recordUnpackProblem,
  SERVER_WIDE,
} from './packages';
import { forgetPluginIcons } from './plugin-icons';

/**
 * Reloading one plugin while the server runs (the author's dev loop, `npm run plugin:dev`). The
 * runtime that swaps a plugin's code lives in the plugin host; this module asks it and then does
 * what an upgrade needs on Parley's side: installs written by another version migrate, or wait for
 * an admin (see lifecycle.ts), and the icon is read again.
 */

/**
 * Reload through the plugin runtime (packages/integrations, `runtime.load`): it re-reads the package
 * of plugin `name` (its manifest, then its code, in a fresh worker) and swaps it in for new calls. A
 * host without a runtime (plugins embedded as objects) cannot reload; nor can a built-in.
 */
function reloadableHost(
  plugins: PluginHost,
): { reloadPlugin(name: string): Promise<{ version: string }> } | null {
  const runtime = pluginRuntimeOf(plugins);
  if (!runtime) return null;
  return {
    async reloadPlugin(name) {
      const loaded = runtime.status().find((pkg) => pkg.plugins.includes(name));
      if (!loaded) {
        throw new AppError(
          'bad_request',
          'integration.reload_unsupported',
          `The plugin ${name} is built in: restart the server to load a new build of it`,
        );
      }
      const outcome = await runtime.load(loaded.specifier);
      if (!outcome.ok) {
        throw new AppError(
          'bad_request',
          'integration.reload_refused',
          `The new build of ${name} was refused (${outcome.problems.join('; ')}); the running version stays`,
        );
      }
      return { version: outcome.version ?? loaded.version ?? 'unknown' };
    },
  };
}

export interface ReloadResult {
  name: string;
  /** The version running after the reload. */
  version: string;
  /** What became of each install of the plugin that needed attention (migrated, paused...). */
  installs: Record<string, ReconcileOutcome>;
}

/**
 * Reload plugin `name` and bring its installs in line with the version now running. Every process
 * must do this for a change to reach it; this one reloads itself only.
 */
export async function reloadPlugin(
  deps: LifecycleDeps & { systemDb: Db },
  name: string,
): Promise<ReloadResult> {
  const host = reloadableHost(deps.plugins);
  if (!host) {
    throw new AppError(
      'bad_request',
      'integration.reload_unsupported',
      'This server cannot reload plugins while it runs: restart it to load the new build',
    );
  }
  if (!deps.plugins.getPlugin(name)) {
    throw new AppError(
      'bad_request',
      'integration.plugin_unavailable',
      `The plugin ${name} is not loaded by this server: add its package to PARLEY_PLUGINS and restart`,
    );
  }
  const { version } = await host.reloadPlugin(name);
  forgetPluginIcons(name);
  forgetPluginInfo(deps.plugins, name);
  // A reload is server-wide: every account's installs of the plugin migrate or wait for their admin.
  const installs = await reconcileInstalls(
    { db: deps.systemDb, plugins: deps.plugins, logger: deps.logger },
    { name },
  );
  deps.logger.info({ plugin: name, version, installs }, 'plugin reloaded');
  return { name, version, installs };
}

/** The dev reload is off unless the server was started with PARLEY_PLUGIN_DEV (it affects every account). */
export function assertPluginDev(enabled: boolean): void {
  if (enabled) return;
  throw new AppError(
    'forbidden',
    'integration.plugin_dev_off',
    'Reloading plugins is off: start the server with PARLEY_PLUGIN_DEV=true (development only)',
  );
}

export interface PackageSyncDeps {
  systemDb: Db;
  plugins: PluginHost;
  logger: Logger;
  dataDir: string;
}

/** One sync at a time per runtime; what was tried per package folder (its sha256), loaded or refused. */
const syncing = new WeakMap<PluginRuntime, Promise<unknown>>();
const tried = new WeakMap<PluginRuntime, Map<string, string>>();
const linked = new WeakSet<PluginRuntime>();

/**
 * Bring this process's third-party plugins in line with the packages installed in the database
 * (packages.ts): load a new or upgraded one (unpacking it first when this process's disk does not
 * have it), unload a removed or disabled one, and reconcile their installs in every account. Run
 * at start, on the bus's `plugin-packages` announcement and when the bus missed some. Never throws:
 * a package that cannot be loaded is listed with its reason.
 */
export function syncPluginPackages(deps: PackageSyncDeps): Promise<string[]> {
  const runtime = pluginRuntimeOf(deps.plugins);
  if (!runtime) return Promise.resolve([]);
  const run = (syncing.get(runtime) ?? Promise.resolve()).then(() => syncOnce(deps, runtime));
  syncing.set(
    runtime,
    run.catch(() => {}),
  );
  return run;
}

async function syncOnce(deps: PackageSyncDeps, runtime: PluginRuntime): Promise<string[]> {
  const root = pluginsDir(deps.dataDir) + path.sep;
  const attempts = tried.get(runtime) ?? new Map<string, string>();
  tried.set(runtime, attempts);
  const rows = await deps.systemDb.pluginPackage.findMany({
    where: { status: 'installed' },
    select: { name: true, version: true, sha256: true },
  });
  if (rows.length && !linked.has(runtime)) {
    await linkProvidedPackages(deps.dataDir);
    linked.add(runtime);
  }
  const managed = () => runtime.status().filter((s) => s.specifier.startsWith(root));
  const changed = new Set<string>();
  for (const row of rows) {
    const dir = packageDir(deps.dataDir, row.name, row.version);
    const previous = managed().find((s) => s.specifier.startsWith(path.join(root, row.name) + path.sep));
    if (attempts.get(dir) === row.sha256 && (previous?.specifier === dir || !previous)) continue;
    attempts.set(dir, row.sha256);
    const log = deps.logger.child({ plugin: row.name, version: row.version });
    try {
      const full = await deps.systemDb.pluginPackage.findFirstOrThrow({
        where: { name: row.name, version: row.version, status: 'installed' },
        select: { name: true, version: true, sha256: true, tarball: true },
      });
      await ensureUnpacked(deps.dataDir, full);
      recordUnpackProblem(deps.plugins, row.name, null);
    } catch (err) {
      log.error({ err }, 'plugin package could not be unpacked');
      recordUnpackProblem(deps.plugins, row.name, [
        `this server could not unpack it (${(err as Error).message}): upload it again`,
      ]);
      continue;
    }
    const outcome = await runtime.load(
      dir,
      previous && previous.specifier !== dir ? { replaces: previous.specifier } : {},
    );
    if (!outcome.ok) continue;
    for (const name of [...outcome.plugins, ...(previous?.plugins ?? [])]) changed.add(name);
    if (previous && previous.specifier !== dir) {
      attempts.delete(previous.specifier);
      await rm(previous.specifier, { recursive: true, force: true }).catch(() => {});
    }
  }
  // Removed or disabled: unload, and forget what was tried so a reinstall loads again.
  const wanted = new Set(rows.map((row) => packageDir(deps.dataDir, row.name, row.version)));
  const refusedHere = runtime
    .loadErrors()
    .map((e) => e.specifier)
    .filter((s) => s.startsWith(root));
  for (const specifier of new Set([
    ...managed().map((s) => s.specifier),
    ...refusedHere,
    ...attempts.keys(),
  ])) {
    if (wanted.has(specifier)) continue;
    const plugins = managed().find((s) => s.specifier === specifier)?.plugins ?? [];
    await runtime.unload(specifier);
    attempts.delete(specifier);
    const name = path.relative(pluginsDir(deps.dataDir), path.dirname(specifier)).split(path.sep).join('/');
    recordUnpackProblem(deps.plugins, name, null);
    for (const name of plugins) changed.add(name);
  }
  for (const name of changed) {
    forgetPluginIcons(name);
    forgetPluginInfo(deps.plugins, name);
    await reconcileInstalls(
      { db: deps.systemDb, plugins: deps.plugins, logger: deps.logger },
      { name },
    ).catch((err) =>
      deps.logger.error({ err, plugin: name }, 'reconciling installs after a package change failed'),
    );
  }
  return [...changed];
}

/**
 * Load the installed packages now, then again whenever another process announces a change (or the
 * bus may have missed one). Returns the function that stops listening.
 */
export async function startPluginPackageSync(deps: PackageSyncDeps & { bus: EventBus }): Promise<() => void> {
  const sync = () =>
    void syncPluginPackages(deps).catch((err) => deps.logger.error({ err }, 'plugin package sync failed'));
  await syncPluginPackages(deps).catch((err) => deps.logger.error({ err }, 'plugin package sync failed'));
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  // Not awaited: with Redis unreachable at start the server still starts (and /readyz says so).
  // Once the subscription is active, one more sync catches what was announced meanwhile.
  deps.bus.subscribe(SERVER_WIDE, PACKAGES_TOPIC, sync).then(
    (stop) => {
      if (stopped) return stop();
      unsubscribe = stop;
      sync();
    },
    (err) => deps.logger.error({ err }, 'listening for plugin package changes failed'),
  );
  const stopMissed = deps.bus.onMissed(sync);
  return () => {
    stopped = true;
    unsubscribe?.();
    stopMissed();
  };
}
