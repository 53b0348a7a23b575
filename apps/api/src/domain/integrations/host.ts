import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@parley/db';
import {
  type AnyPlugin,
  builtinPlugins,
  createPluginHost,
  generateSecretKey,
  loadPlugins,
  type PluginHost,
  parsePluginList,
} from '@parley/integrations';
import type { Logger } from '../../logger';
import { createDbHostStorage } from './storage';

/**
 * The key that seals plugin secrets at rest: PARLEY_SECRET_KEY, or one generated on first start and
 * kept in DATA_DIR/secret.key (readable by the server's user only). Losing it loses the secrets.
 */
export async function resolveSecretKey(envKey: string | undefined, dataDir: string): Promise<string> {
  if (envKey) return envKey;
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const key = generateSecretKey();
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return key;
}

export interface IntegrationOptions {
  db: Db;
  logger: Logger;
  secretKey: string;
  publicUrl: string;
  /** npm package names of third-party plugins (PARLEY_PLUGINS). */
  thirdParty: string[];
  /** Plugins given as objects rather than package names (embedding Parley; tests). */
  extraPlugins?: AnyPlugin[];
  /** ALLOW_PRIVATE_NETWORK_DESTINATIONS: plugins may reach loopback/private/link-local addresses. */
  allowPrivateNetwork: boolean;
  fetchImpl?: typeof fetch;
}

export interface PluginLoadError {
  specifier: string;
  problems: string[];
}

/** Third-party packages refused at start, per host, for the admin's Integrations page. */
const loadErrors = new WeakMap<PluginHost, PluginLoadError[]>();

export function pluginLoadErrors(host: PluginHost): PluginLoadError[] {
  return loadErrors.get(host) ?? [];
}

/** Built-in plugins plus the configured third-party ones; a bad plugin is reported and skipped. */
export async function createIntegrationHost(opts: IntegrationOptions): Promise<PluginHost> {
  const loaded = await loadPlugins(opts.thirdParty, {
    reservedNames: builtinPlugins.map((p) => p.name),
    logger: opts.logger,
  });
  // loadPlugins has logged each refusal (once); they are kept for the Integrations page.
  const host = createPluginHost({
    plugins: [...builtinPlugins, ...loaded.plugins, ...(opts.extraPlugins ?? [])],
    manifests: loaded.manifests,
    logger: opts.logger,
    storage: createDbHostStorage(opts.db),
    secretKey: opts.secretKey,
    webhookUrl: (install) => `${opts.publicUrl}/hooks/${install.id}`,
    refusePrivateNetwork: !opts.allowPrivateNetwork,
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
  });
  loadErrors.set(host, loaded.errors);
  return host;
}

export { parsePluginList };
