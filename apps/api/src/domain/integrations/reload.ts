import type { Db } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import { AppError } from '../../errors';
import { pluginRuntimeOf } from './host';
import { forgetPluginInfo, type LifecycleDeps, type ReconcileOutcome, reconcileInstalls } from './lifecycle';
import { forgetPluginIcons } from './plugin-icons';

/**
 * Reloading one plugin while the server runs (the author's dev loop, `npm run plugin:dev`). The
 * runtime that swaps a plugin's code lives in the plugin host; this module asks it and then does
 * what an upgrade needs on Parley's side: installs written by another version migrate, or wait for
 * an admin (see lifecycle.ts), and the icon is read again.
 */

/**
 * What a reload needs: re-read the package of plugin `name` (its manifest, then its code, in a fresh
 * worker) and swap it in for new calls; resolve with the version now running. The plugin runtime
 * (packages/integrations, `runtime.load`) does the swap; a host without one (tests embedding plugins
 * as objects) cannot reload.
 */
export interface ReloadablePluginHost {
  reloadPlugin(name: string): Promise<{ version: string }>;
}

function reloadableHost(plugins: PluginHost): ReloadablePluginHost | null {
  // A host built by an embedder (plugins given as objects) may bring its own reload.
  const own = plugins as PluginHost & Partial<ReloadablePluginHost>;
  if (typeof own.reloadPlugin === 'function') return own as ReloadablePluginHost;
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
