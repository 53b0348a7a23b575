import semver from 'semver';
import { CAPABILITIES, type CapabilityName } from './types.js';
import { PLUGIN_API_SEMVER } from './version.js';

/**
 * The `parley` field of a plugin package's package.json: what the server reads BEFORE importing any
 * of the plugin's code, so a plugin for another API, or one asking for more than it says, is refused
 * without running it.
 */
export interface PluginManifest {
  /** semver range of the plugin API the package works with, e.g. `"^1.0.0"`. */
  apiVersion: string;
  /** Shown to admins (the channel kind, the Integrations page). */
  displayName: string;
  /** What the package's plugin(s) provide; must match `definePlugin({ capabilities })`. */
  capabilities: CapabilityName[];
  /**
   * Hosts `ctx.fetch` may reach besides the URLs an admin types into `urlFields` (exact names or
   * `*.example.com`). Shown to the admin when adding the plugin; anything else is refused.
   */
  networkHosts: string[];
  /** A package-relative path or https URL of an icon (SVG or PNG). */
  icon?: string;
  /** Version of the config's shape (1 unless the plugin has changed it). */
  configSchemaVersion: number;
}

export type ManifestCheck = { ok: true; manifest: PluginManifest } | { ok: false; problems: string[] };

const HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Check a package.json's `parley` field (`pkg` is the parsed package.json). */
export function parseManifest(pkg: unknown): ManifestCheck {
  const field = (pkg as { parley?: unknown } | null)?.parley;
  if (!field || typeof field !== 'object' || Array.isArray(field)) {
    return {
      ok: false,
      problems: [
        `package.json has no "parley" manifest: add { "apiVersion": "^${PLUGIN_API_SEMVER}", "displayName", "capabilities", "networkHosts" } (see the plugin author's guide)`,
      ],
    };
  }
  const m = field as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof m.apiVersion !== 'string' || !semver.validRange(m.apiVersion)) {
    problems.push(`parley.apiVersion: must be a semver range such as "^${PLUGIN_API_SEMVER}"`);
  }
  if (typeof m.displayName !== 'string' || !m.displayName.trim() || m.displayName.length > 60) {
    problems.push('parley.displayName: must be a name of 1 to 60 characters');
  }
  const caps = m.capabilities;
  if (
    !Array.isArray(caps) ||
    caps.length === 0 ||
    !caps.every((c) => (CAPABILITIES as readonly unknown[]).includes(c))
  ) {
    problems.push(`parley.capabilities: must list one or more of ${CAPABILITIES.join(', ')}`);
  }
  const hosts = m.networkHosts ?? [];
  if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string' && HOST.test(h))) {
    problems.push('parley.networkHosts: must be host names such as "api.example.com" or "*.example.com"');
  }
  if (m.icon !== undefined && (typeof m.icon !== 'string' || !m.icon || m.icon.length > 300)) {
    problems.push('parley.icon: must be a path in the package or an https URL');
  }
  const schemaVersion = m.configSchemaVersion ?? 1;
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    problems.push('parley.configSchemaVersion: must be a whole number from 1');
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    manifest: {
      apiVersion: m.apiVersion as string,
      displayName: (m.displayName as string).trim(),
      capabilities: [...new Set(caps as CapabilityName[])],
      networkHosts: [...new Set((hosts as string[]).map((h) => h.toLowerCase()))],
      ...(typeof m.icon === 'string' ? { icon: m.icon } : {}),
      configSchemaVersion: schemaVersion as number,
    },
  };
}

/** Whether this SDK's plugin API satisfies the manifest's range. */
export function apiVersionSupported(manifest: Pick<PluginManifest, 'apiVersion'>): boolean {
  return semver.satisfies(PLUGIN_API_SEMVER, manifest.apiVersion);
}
