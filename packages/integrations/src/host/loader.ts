import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import {
  type AnyPlugin,
  apiVersionSupported,
  type Logger,
  PLUGIN_API_SEMVER,
  type PluginManifest,
  parseManifest,
} from '@parley/plugin-sdk';
import { validatePlugin } from '@parley/plugin-sdk/host';

export interface LoadedPlugins {
  plugins: AnyPlugin[];
  /** Each loaded plugin's package manifest, by plugin name (for createPluginHost's `manifests`). */
  manifests: Map<string, PluginManifest>;
  /** One entry per package (or export) refused, for the admin's Integrations page and the log. */
  errors: { specifier: string; problems: string[] }[];
}

export interface LoadOptions {
  logger?: Logger;
  /**
   * How to import a package; pass `(s) => import(s)` from the API so names resolve from the app's
   * node_modules. Default: this package's own `import()`.
   */
  importer?: (specifier: string) => Promise<unknown>;
  /** Names already taken (built-in plugins): a third-party plugin may not replace one. */
  reservedNames?: readonly string[];
  /** Deadline for importing one package. Default 10 s. */
  timeoutMs?: number;
  /**
   * The parsed package.json of a specifier, or undefined when it is not installed. Default: looked
   * up in the node_modules folders `import()` searches, without running any of the package's code.
   */
  readPackage?: (specifier: string) => unknown;
}

/** A package's package.json found the way Node finds the package, read as data. */
export function readInstalledPackage(specifier: string): unknown {
  const candidates =
    specifier.startsWith('.') || isAbsolute(specifier)
      ? [join(resolve(specifier), 'package.json')]
      : (createRequire(import.meta.url).resolve.paths(specifier) ?? []).map((dir) =>
          join(dir, specifier, 'package.json'),
        );
  const found = candidates.find((file) => existsSync(file));
  return found ? JSON.parse(readFileSync(found, 'utf8')) : undefined;
}

/** `PARLEY_PLUGINS=a, @scope/b` → `['a', '@scope/b']`. */
export function parsePluginList(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** The plugins a module exports: `default`, `plugin`, or an array in either. */
function exportedPlugins(mod: unknown): unknown[] {
  const m = mod as { default?: unknown; plugin?: unknown; plugins?: unknown } | null;
  const candidate = m?.default ?? m?.plugin ?? m?.plugins;
  // CommonJS packages imported from ESM: module.exports lands on default.
  const inner = (candidate as { default?: unknown } | undefined)?.default;
  const value =
    inner && typeof candidate === 'object' && !('setup' in (candidate as object)) ? inner : candidate;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Load third-party plugins (K3) by package name: read the package's manifest (its package.json
 * `parley` field) and refuse a mismatch before importing anything, then import and validate. A bad
 * one is reported (logged once) and skipped; never throws: the server starts with those that passed.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  options: LoadOptions = {},
): Promise<LoadedPlugins> {
  const importer = options.importer ?? ((s: string) => import(s));
  const readPackage = options.readPackage ?? readInstalledPackage;
  const taken = new Set(options.reservedNames ?? []);
  const result: LoadedPlugins = { plugins: [], manifests: new Map(), errors: [] };
  for (const specifier of specifiers) {
    const fail = (problems: string[]) => {
      result.errors.push({ specifier, problems });
      options.logger?.error({ plugin: specifier, problems }, `plugin ${specifier} refused`);
    };
    let pkg: unknown;
    try {
      pkg = readPackage(specifier);
    } catch (error) {
      fail([
        `its package.json could not be read (${(error as Error)?.message ?? String(error)}): reinstall it`,
      ]);
      continue;
    }
    if (pkg === undefined) {
      fail([
        `not installed: run \`npm install ${specifier}\` where Parley is installed, or remove it from PARLEY_PLUGINS`,
      ]);
      continue;
    }
    const read = parseManifest(pkg);
    if (!read.ok) {
      fail(read.problems);
      continue;
    }
    const manifest = read.manifest;
    if (!apiVersionSupported(manifest)) {
      const version = (pkg as { version?: unknown }).version;
      fail([
        `parley.apiVersion: ${specifier}${typeof version === 'string' ? ` ${version}` : ''} needs plugin API ${manifest.apiVersion}, this Parley implements ${PLUGIN_API_SEMVER}: install a version of ${specifier} made for plugin API ${PLUGIN_API_SEMVER.split('.')[0]} (or upgrade Parley if it is newer)`,
      ]);
      continue;
    }
    let mod: unknown;
    try {
      let timer: NodeJS.Timeout | undefined;
      mod = await Promise.race([
        importer(specifier),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('import timed out')), options.timeoutMs ?? 10_000);
        }),
      ]).finally(() => clearTimeout(timer));
    } catch (error) {
      fail([`import failed: ${(error as Error)?.message ?? String(error)}`]);
      continue;
    }
    const found = exportedPlugins(mod);
    if (found.length === 0) {
      fail(['the package exports no plugin (export default definePlugin({...}))']);
      continue;
    }
    for (const candidate of found) {
      const check = validatePlugin(candidate);
      if (!check.ok) {
        fail(check.problems);
        continue;
      }
      if (taken.has(check.plugin.name)) {
        fail([`name: "${check.plugin.name}" is already used by another plugin`]);
        continue;
      }
      const undeclared = check.plugin.capabilities.filter((c) => !manifest.capabilities.includes(c));
      if (undeclared.length) {
        fail([
          `capabilities: definePlugin declares ${undeclared.join(', ')}, missing from package.json's parley.capabilities (${manifest.capabilities.join(', ')}): list the same capabilities in both`,
        ]);
        continue;
      }
      taken.add(check.plugin.name);
      result.plugins.push(check.plugin);
      result.manifests.set(check.plugin.name, manifest);
      options.logger?.info(
        { plugin: check.plugin.name, version: check.plugin.version, from: specifier },
        'plugin loaded',
      );
    }
  }
  return result;
}
