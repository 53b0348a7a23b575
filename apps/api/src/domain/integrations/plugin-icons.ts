import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * A plugin's manifest `icon` as something the console can show: an https URL as it is, a file in
 * the plugin's package as a data: URL (the package's files are not served over HTTP). Anything
 * else (a missing file, a path leaving the package, another type, a big file) gives no icon.
 */

const MAX_ICON_BYTES = 64 * 1024;
const TYPES: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png' };

const cache = new Map<string, string | null>();

/** The folder of an installed package, found the way `import()` from the API finds it. */
function packageDir(specifier: string): string | undefined {
  const candidates =
    specifier.startsWith('.') || isAbsolute(specifier)
      ? [resolve(specifier)]
      : (createRequire(import.meta.url).resolve.paths(specifier) ?? []).map((dir) => join(dir, specifier));
  return candidates.find((dir) => existsSync(join(dir, 'package.json')));
}

function manifestIconOf(dir: string): unknown {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { parley?: { icon?: unknown } })
      .parley?.icon;
  } catch {
    return undefined;
  }
}

function readIcon(dir: string, icon: string): string | null {
  const file = resolve(dir, icon);
  const inside = relative(dir, file);
  if (inside.startsWith('..') || isAbsolute(inside)) return null;
  const type = TYPES[extname(file).toLowerCase()];
  if (!type || !existsSync(file) || statSync(file).size > MAX_ICON_BYTES) return null;
  return `data:${type};base64,${readFileSync(file).toString('base64')}`;
}

/**
 * The icon of plugin `name` whose manifest names `icon`. Its package is the one named like the
 * plugin, or the PARLEY_PLUGINS package whose manifest names this same icon.
 */
export function pluginIconUrl(
  name: string,
  icon: string | undefined,
  packages: readonly string[] = [],
): string | null {
  if (!icon) return null;
  if (/^https:\/\//i.test(icon)) return icon;
  const key = `${name}\u0000${icon}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let url: string | null = null;
  for (const specifier of [name, ...packages]) {
    const dir = packageDir(specifier);
    if (dir && manifestIconOf(dir) === icon) {
      url = readIcon(dir, icon);
      break;
    }
  }
  cache.set(key, url);
  return url;
}

/** Forget resolved icons (a plugin package was replaced while the server runs). */
export function forgetPluginIcons(name?: string): void {
  for (const key of cache.keys()) if (!name || key.startsWith(`${name}\u0000`)) cache.delete(key);
}
