import { configJsonSchema, secretFieldsOf } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import type { PluginManifest } from '../manifest.js';
import type { CapabilityName, Logger } from '../types.js';
import type { HostState } from './state.js';
import { validatePlugin } from './validate.js';

export interface PluginInfo {
  name: string;
  version: string;
  displayName: string;
  description?: string;
  capabilities: CapabilityName[];
  /** JSON Schema of the config (input side), for the generated form. */
  configSchema: Record<string, unknown>;
  secretFields: string[];
  /** Config fields holding URLs the plugin calls (the admin types those destinations). */
  urlFields: string[];
  /** Hosts the plugin declared it calls (third-party plugins' manifests), shown before adding it. */
  networkHosts?: string[];
  /** The manifest's icon (a path in the package or an https URL). */
  icon?: string;
}

export interface PluginRegistryOptions {
  state: HostState;
  logger: Logger;
  /** Dispose the active installs of a plugin before its code is replaced or removed. */
  unloadInstallsOf: (name: string) => Promise<void>;
}

/** The loaded plugins and their manifests: what the console lists, and what installs run. */
export function createPluginRegistry(initial: AnyPlugin[], options: PluginRegistryOptions) {
  const { state, logger, unloadInstallsOf } = options;
  const { plugins, manifests } = state;

  // A broken or duplicate plugin is left out (and logged) so the others still start.
  for (const plugin of initial) {
    const check = validatePlugin(plugin);
    if (!check.ok) {
      logger.error(
        { plugin: (plugin as { name?: string })?.name, problems: check.problems },
        'plugin refused',
      );
      continue;
    }
    if (plugins.has(plugin.name)) {
      logger.error({ plugin: plugin.name }, 'plugin refused: a plugin with this name is already registered');
      continue;
    }
    plugins.set(plugin.name, plugin);
  }

  function pluginOrThrow(name: string): AnyPlugin {
    const plugin = plugins.get(name);
    if (!plugin) throw new PluginError(`plugin ${name} is not loaded`, { kind: 'config', plugin: name });
    return plugin;
  }

  function infoOf(p: AnyPlugin): PluginInfo {
    const manifest = manifests.get(p.name);
    return {
      name: p.name,
      version: p.version,
      displayName: manifest?.displayName ?? p.displayName ?? p.name,
      ...(p.description ? { description: p.description } : {}),
      capabilities: [...p.capabilities],
      configSchema: configJsonSchema(p),
      secretFields: secretFieldsOf(p),
      urlFields: [...(p.urlFields ?? [])],
      ...(manifest ? { networkHosts: [...manifest.networkHosts] } : {}),
      ...(manifest?.icon ? { icon: manifest.icon } : {}),
    };
  }

  return {
    pluginOrThrow,

    /** The loaded plugins, for the console's lists and generated forms. */
    listPlugins(): PluginInfo[] {
      return [...plugins.values()].map((p) => infoOf(p));
    },

    /** The name admins know a plugin by: its manifest's or definePlugin's displayName. */
    displayNameOf(name: string): string {
      return manifests.get(name)?.displayName ?? plugins.get(name)?.displayName ?? name;
    },

    getPlugin(name: string): AnyPlugin | undefined {
      return plugins.get(name);
    },

    /**
     * Put a plugin in place while the server runs: a new one, or a new version of a loaded one. The
     * installs of the old version are disposed and start again on first use with the new code.
     */
    async replacePlugin(plugin: AnyPlugin, manifest?: PluginManifest): Promise<void> {
      const check = validatePlugin(plugin);
      if (!check.ok) {
        throw new PluginError(`plugin refused: ${check.problems.join('; ')}`, {
          kind: 'invalid_plugin',
          plugin: (plugin as { name?: string })?.name ?? '?',
        });
      }
      await unloadInstallsOf(plugin.name);
      plugins.set(plugin.name, plugin);
      if (manifest) manifests.set(plugin.name, manifest);
      else manifests.delete(plugin.name);
    },

    /** Stop a plugin's installs and forget it; its installs stay stored and list as not loaded. */
    async removePlugin(name: string): Promise<void> {
      await unloadInstallsOf(name);
      plugins.delete(name);
      manifests.delete(name);
    },
  };
}
