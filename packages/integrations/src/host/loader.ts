import type { AnyPlugin, Logger } from '@parley/plugin-sdk';
import { validatePlugin } from '@parley/plugin-sdk/host';

export interface LoadedPlugins {
  plugins: AnyPlugin[];
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
 * Load third-party plugins (K3) by package name: import, validate, and report and skip a bad one.
 * Never throws: the server starts with the plugins that passed.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  options: LoadOptions = {},
): Promise<LoadedPlugins> {
  const importer = options.importer ?? ((s: string) => import(s));
  const taken = new Set(options.reservedNames ?? []);
  const result: LoadedPlugins = { plugins: [], errors: [] };
  for (const specifier of specifiers) {
    const fail = (problems: string[]) => {
      result.errors.push({ specifier, problems });
      options.logger?.error({ plugin: specifier, problems }, 'plugin package refused');
    };
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
      taken.add(check.plugin.name);
      result.plugins.push(check.plugin);
      options.logger?.info(
        { plugin: check.plugin.name, version: check.plugin.version, from: specifier },
        'plugin loaded',
      );
    }
  }
  return result;
}
