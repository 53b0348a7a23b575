import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@parley/db';
import {
  type AnyPlugin,
  builtinPlugins,
  createPluginRuntime,
  generateSecretKey,
  type PluginHost,
  type PluginLoadError,
  type PluginRuntime,
  parsePluginList,
  type WorkerLimits,
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
  /** Run third-party packages in worker threads (default true); false runs them in this process. */
  isolatePlugins?: boolean;
  /** Memory, liveness and restart limits of plugin workers (defaults in DEFAULT_WORKER_LIMITS). */
  workerLimits?: Partial<WorkerLimits>;
}

/** The runtime behind each host: load, upgrade and unload third-party plugins while the server runs. */
const runtimes = new WeakMap<PluginHost, PluginRuntime>();

export function pluginRuntimeOf(host: PluginHost): PluginRuntime | undefined {
  return runtimes.get(host);
}

/** Third-party packages refused (at start or on a later load), for the admin's Integrations page. */
export function pluginLoadErrors(host: PluginHost): PluginLoadError[] {
  return runtimes.get(host)?.loadErrors() ?? [];
}

/**
 * Built-in plugins (in the server's process: our own reviewed code, and a call costs no message
 * round trip) plus the configured third-party packages, each in its own worker thread. A bad plugin
 * is reported and skipped.
 */
export async function createIntegrationHost(opts: IntegrationOptions): Promise<PluginHost> {
  const runtime = await createPluginRuntime({
    builtins: [...builtinPlugins, ...(opts.extraPlugins ?? [])],
    packages: opts.thirdParty,
    isolate: opts.isolatePlugins ?? true,
    ...(opts.workerLimits ? { limits: opts.workerLimits } : {}),
    logger: opts.logger,
    storage: createDbHostStorage(opts.db),
    secretKey: opts.secretKey,
    webhookUrl: (install) => `${opts.publicUrl}/hooks/${install.id}`,
    refusePrivateNetwork: !opts.allowPrivateNetwork,
    ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
  });
  runtimes.set(runtime.host, runtime);
  return runtime.host;
}

export { parsePluginList };
