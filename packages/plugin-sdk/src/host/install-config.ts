import { type ConfigResult, destinationFieldsOf, secretFieldsOf, validateConfig } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import type { PluginError } from '../errors.js';
import type { Logger } from '../types.js';
import { assertPublicDestination } from './destinations.js';
import { remoteConfigParser } from './faults.js';
import { hostAllowed, hostOf } from './fetch.js';
import { openConfig as openSecrets, type SecretBox, sealConfig as sealSecrets } from './secrets.js';
import type { HostState } from './state.js';

export interface InstallConfigOptions {
  state: HostState;
  logger: Logger;
  box: SecretBox;
  pluginOrThrow: (name: string) => AnyPlugin;
  /** Refuse destinations that resolve to loopback, private or link-local addresses. */
  refusePrivateNetwork: boolean;
}

/** The host of a destination field: a base URL's hostname, or the field itself (SMTP/IMAP host). */
function destinationHost(value: unknown): string | undefined {
  return hostOf(value) ?? (typeof value === 'string' && value.trim() ? value.trim() : undefined);
}

/** An install's config: parsed by its plugin, secrets sealed at rest, destinations checked. */
export function createInstallConfig(options: InstallConfigOptions) {
  const { state, logger, box, pluginOrThrow, refusePrivateNetwork } = options;

  function sealConfig(name: string, config: Record<string, unknown>): string {
    return sealSecrets(box, name, secretFieldsOf(pluginOrThrow(name)), config);
  }

  function openConfig(name: string, sealed: string): Record<string, unknown> {
    return openSecrets(box, name, sealed);
  }

  /** The plugin's own parse (in its worker for an isolated plugin), defaults and transforms applied. */
  async function parseConfig(plugin: AnyPlugin, input: unknown): Promise<ConfigResult> {
    const remote = remoteConfigParser(plugin);
    return remote ? remote(input) : validateConfig(plugin, input);
  }

  /** The hosts an install's settings point at, checked before it starts (SMTP/IMAP hosts too). */
  async function assertDestinations(
    plugin: AnyPlugin,
    config: Record<string, unknown>,
    stamp: { plugin: string; installId?: string },
  ): Promise<void> {
    if (!refusePrivateNetwork) return;
    for (const field of destinationFieldsOf(plugin)) {
      const host = destinationHost(config[field]);
      if (host) await assertPublicDestination(host, stamp);
    }
  }

  /** Destination fields an admin may not save (the form marks them), when private networks are off. */
  async function privateDestinationFields(plugin: AnyPlugin, config: Record<string, unknown>) {
    if (!refusePrivateNetwork) return [];
    const refused: string[] = [];
    for (const field of destinationFieldsOf(plugin)) {
      const host = destinationHost(config[field]);
      if (!host) continue;
      try {
        await assertPublicDestination(host, { plugin: plugin.name });
      } catch (error) {
        // An unresolvable name is reported when the install connects, not refused here.
        if ((error as PluginError).code === 'private_destination') refused.push(field);
      }
    }
    return refused;
  }

  /** The hosts an install's `ctx.fetch` may reach: its URL fields, its manifest, its `allowedHosts`. */
  function allowedHostsFor(plugin: AnyPlugin, config: Record<string, unknown>): string[] {
    const hosts = new Set<string>();
    for (const field of plugin.urlFields ?? []) {
      const host = hostOf(config[field]);
      if (host) hosts.add(host);
    }
    const manifest = state.manifests.get(plugin.name);
    for (const h of manifest?.networkHosts ?? []) hosts.add(h);
    try {
      for (const h of plugin.allowedHosts?.(config) ?? []) {
        // A plugin with a manifest gets no host it did not declare: the admin saw that list.
        if (manifest && !hostAllowed(h, manifest.networkHosts)) {
          logger.warn(
            { plugin: plugin.name, host: h },
            "allowedHosts() names a host missing from the package manifest's networkHosts: refused",
          );
          continue;
        }
        hosts.add(h);
      }
    } catch (error) {
      logger.warn({ err: error, plugin: plugin.name }, 'allowedHosts() threw; using urlFields only');
    }
    return [...hosts];
  }

  return {
    sealConfig,
    openConfig,
    parseConfig,
    assertDestinations,
    privateDestinationFields,
    allowedHostsFor,
    validateConfig(name: string, input: unknown): ConfigResult {
      return validateConfig(pluginOrThrow(name), input);
    },
  };
}
