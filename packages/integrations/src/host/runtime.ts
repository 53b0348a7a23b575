import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyPlugin, Logger } from '@parley/plugin-sdk';
import {
  createPluginHost,
  type PluginHost,
  type PluginHostOptions,
  pluginFault,
} from '@parley/plugin-sdk/host';
import { DEFAULT_WORKER_LIMITS, type WorkerLimits } from './isolation/limits.js';
import { PluginWorker, type WorkerState } from './isolation/plugin-worker.js';
import { isolatedPlugin } from './isolation/proxy.js';
import { loadPlugins, readInstalledPackage } from './loader.js';

export interface PluginRuntimeOptions extends Omit<PluginHostOptions, 'plugins' | 'manifests' | 'onClose'> {
  /** Plugins that run in the server's process: Parley's built-ins and plugin objects an embedder passes. */
  builtins: AnyPlugin[];
  /** Third-party packages to load at start (PARLEY_PLUGINS). */
  packages: readonly string[];
  /** Run each third-party package in its own worker thread. Default true. */
  isolate?: boolean;
  limits?: Partial<WorkerLimits>;
  /** For tests: how to read a package's package.json (see loadPlugins). */
  readPackage?: (specifier: string) => unknown;
  /** For tests: the worker's script. */
  workerUrl?: URL;
}

export interface PluginLoadError {
  specifier: string;
  problems: string[];
}

export type LoadOutcome =
  | { ok: true; plugins: string[]; version: string | undefined }
  | { ok: false; problems: string[] };

export interface PackageStatus {
  specifier: string;
  version: string | undefined;
  plugins: string[];
  isolated: boolean;
  /** `in-process` for a package loaded without isolation. */
  state: WorkerState | 'in-process';
  restarts: number;
  lastFault: string | null;
  lastFaultAt: Date | null;
  memoryMb: number | null;
}

/**
 * The third-party plugins of a running server. Load, upgrade and unload happen without a restart:
 * `load` imports the package (again) in a new worker, swaps its plugins in the host (their installs
 * start afresh with the new code on first use) and lets the old worker finish its calls before it is
 * terminated; `unload` stops it and leaves its installs listed as not loaded.
 */
export interface PluginRuntime {
  readonly host: PluginHost;
  /**
   * Load a package, or load its installed version again (an upgrade). A refused one leaves the
   * running version. `replaces`: the specifier of a running package this one takes over from (a new
   * version unpacked into its own folder): its plugins give way to the new ones, as in a reload.
   */
  load(specifier: string, options?: { replaces?: string }): Promise<LoadOutcome>;
  /** Stop a package's plugins. False when it was not loaded. */
  unload(specifier: string): Promise<boolean>;
  /** Each loaded package: its worker's state, restarts, last fault and memory. */
  status(): PackageStatus[];
  /** Packages refused at load (and the reason), and workers stopped after crashing again and again. */
  loadErrors(): PluginLoadError[];
}

interface LoadedPackage {
  specifier: string;
  version: string | undefined;
  plugins: string[];
  worker: PluginWorker | undefined;
}

function isPath(specifier: string): boolean {
  return specifier.startsWith('.') || isAbsolute(specifier);
}

/** The module a package's package.json points at, for a package given as a folder. */
function entryFile(pkg: unknown): string {
  const p = (pkg ?? {}) as { exports?: unknown; main?: unknown };
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (!value || typeof value !== 'object') return undefined;
    const v = value as Record<string, unknown>;
    return pick(v['.']) ?? pick(v.import) ?? pick(v.default) ?? pick(v.node);
  };
  return pick(p.exports) ?? (typeof p.main === 'string' ? p.main : 'index.js');
}

export async function createPluginRuntime(options: PluginRuntimeOptions): Promise<PluginRuntime> {
  const { builtins, isolate = true, readPackage = readInstalledPackage } = options;
  const limits: WorkerLimits = { ...DEFAULT_WORKER_LIMITS, ...options.limits };
  const logger: Logger = options.logger;
  const packages = new Map<string, LoadedPackage>();
  const refused = new Map<string, string[]>();

  const host = createPluginHost({
    ...options,
    plugins: builtins,
    onClose: async () => {
      await Promise.all([...packages.values()].map((p) => p.worker?.stop()));
    },
  });

  /** A worker's fault counts on the installs of its plugins; the host disposes them to start afresh. */
  function reportFault(fault: { reason: string; plugins: string[]; busyInstalls: Set<string> }) {
    for (const name of fault.plugins) {
      host
        .reportFault(
          name,
          (installId) => pluginFault(fault.reason, { plugin: name, installId }),
          fault.busyInstalls,
        )
        .catch((error) => logger.error({ err: error, plugin: name }, 'recording a plugin fault failed'));
    }
  }

  async function load(specifier: string, loadOptions: { replaces?: string } = {}): Promise<LoadOutcome> {
    const replaced = loadOptions.replaces ?? specifier;
    const previous = packages.get(replaced) ?? packages.get(specifier);
    const taken = [
      ...builtins.map((p) => p.name),
      ...[...packages.values()]
        .filter((p) => p.specifier !== specifier && p.specifier !== replaced)
        .flatMap((p) => p.plugins),
    ];
    let worker: PluginWorker | undefined;
    const importer = isolate
      ? async (spec: string) => {
          worker = new PluginWorker({
            specifier: spec,
            entry: isPath(spec)
              ? pathToFileURL(join(resolve(spec), entryFile(readPackage(spec)))).href
              : spec,
            limits,
            logger,
            onFault: reportFault,
            ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
          });
          const descriptions = await worker.start();
          return { plugins: descriptions.map((d) => isolatedPlugin(worker as PluginWorker, d)) };
        }
      : undefined;
    const loaded = await loadPlugins([specifier], {
      logger,
      reservedNames: taken,
      readPackage,
      // The worker's own deadline (it terminates the worker) answers first.
      timeoutMs: limits.importTimeoutMs + 2000,
      ...(importer ? { importer } : {}),
    });
    if (loaded.plugins.length === 0) {
      await worker?.stop();
      const problems = loaded.errors.flatMap((e) => e.problems);
      refused.set(specifier, problems);
      return { ok: false, problems };
    }
    if (loaded.errors.length)
      refused.set(
        specifier,
        loaded.errors.flatMap((e) => e.problems),
      );
    else refused.delete(specifier);
    const names = loaded.plugins.map((p) => p.name);
    for (const plugin of loaded.plugins) await host.replacePlugin(plugin, loaded.manifests.get(plugin.name));
    for (const name of previous?.plugins ?? []) if (!names.includes(name)) await host.removePlugin(name);
    const pkg = readPackage(specifier) as { version?: unknown } | undefined;
    const version = typeof pkg?.version === 'string' ? pkg.version : loaded.plugins[0]?.version;
    if (previous && previous.specifier !== specifier) {
      packages.delete(previous.specifier);
      refused.delete(previous.specifier);
    }
    packages.set(specifier, { specifier, version, plugins: names, worker });
    // The old version's installs were disposed through its worker above; let its last calls finish.
    await previous?.worker?.stop(limits.drainMs);
    if (previous) logger.info({ plugin: specifier, version }, 'plugin reloaded');
    return { ok: true, plugins: names, version };
  }

  for (const specifier of options.packages) await load(specifier);

  return {
    host,
    load,
    async unload(specifier) {
      const pkg = packages.get(specifier);
      refused.delete(specifier);
      if (!pkg) return false;
      packages.delete(specifier);
      for (const name of pkg.plugins) await host.removePlugin(name);
      await pkg.worker?.stop(limits.drainMs);
      logger.info({ plugin: specifier }, 'plugin unloaded');
      return true;
    },
    status() {
      return [...packages.values()].map((p) => {
        const s = p.worker?.status();
        return {
          specifier: p.specifier,
          version: p.version,
          plugins: p.plugins,
          isolated: !!p.worker,
          state: s?.state ?? 'in-process',
          restarts: s?.restarts ?? 0,
          lastFault: s?.lastFault ?? null,
          lastFaultAt: s?.lastFaultAt ?? null,
          memoryMb: s?.memoryMb ?? null,
        };
      });
    },
    loadErrors() {
      const errors = [...refused].map(([specifier, problems]) => ({ specifier, problems }));
      for (const p of packages.values()) {
        const s = p.worker?.status();
        if (s?.state === 'failed') {
          errors.push({
            specifier: p.specifier,
            problems: [
              `stopped after crashing again and again (last: worker ${s.lastFault}): fix it, then load it again`,
            ],
          });
        }
      }
      return errors;
    },
  };
}
