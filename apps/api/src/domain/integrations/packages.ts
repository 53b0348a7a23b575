import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Db } from '@parley/db';
import {
  apiVersionSupported,
  PLUGIN_API_SEMVER,
  type PluginHost,
  type PluginManifest,
  parseManifest,
} from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import { pluginRuntimeOf } from './host';
import { type PluginPermissions, permissionsAdded } from './lifecycle';

/**
 * Third-party plugin packages an owner installs, upgrades, disables and removes while the server
 * runs (K3), from the console or `npm run plugin`. The package is the tarball `npm pack` writes. It
 * is kept in the database (so every API process, with or without a shared disk, can load it) and
 * unpacked into DATA_DIR/plugins/<name>/<version>/. Nothing of it runs before an owner approved its
 * manifest: the server reads package.json as data, refuses what it cannot load, and never runs npm
 * (no install scripts, no registry: no dependency confusion). A package gets `@parley/plugin-sdk`
 * and `zod` from the server (DATA_DIR/plugins/node_modules links to the server's own copies);
 * anything else it needs it bundles (`bundleDependencies`, or a bundler).
 */

/** The largest tarball accepted. */
export const PLUGIN_PACKAGE_MAX_BYTES = 20 * 1024 * 1024;
/** The largest unpacked size and file count: a small tarball must not fill the disk. */
const UNPACKED_MAX_BYTES = 100 * 1024 * 1024;
const MAX_FILES = 5000;
/** How long an upload waits for its owner's confirmation. */
const PENDING_KEPT_MS = 24 * 60 * 60 * 1000;
/** The packages the server gives every plugin package: its own copies. */
export const PROVIDED_PACKAGES = ['@parley/plugin-sdk', 'zod'] as const;

/** Bus topic (under SERVER_WIDE) that tells every API process the installed packages changed. */
export const PACKAGES_TOPIC = 'plugin-packages';
/** The bus "account" of server-wide events (not an account id). */
export const SERVER_WIDE = '-server-';

/** `previous`: the version an upgrade replaced, kept until the new one has loaded. */
export type PackageStatus = 'pending' | 'installed' | 'disabled' | 'previous';

export interface PackageDeps {
  db: Db;
  bus: EventBus;
  plugins: PluginHost;
  logger: Logger;
  dataDir: string;
  /** PARLEY_PLUGINS: packages configured at start, which the console does not manage. */
  configuredPackages: string[];
  /** Brings this process's plugins in line with the database (reload.ts `syncPluginPackages`). */
  sync(): Promise<unknown>;
}

export const pluginsDir = (dataDir: string) => path.join(dataDir, 'plugins');
export const packageDir = (dataDir: string, name: string, version: string) =>
  path.join(pluginsDir(dataDir), name, version);

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]{0,100}\/)?[a-z0-9][a-z0-9._~-]{0,100}$/;
const SEMVER = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,60})?(?:\+[0-9A-Za-z.-]{1,60})?$/;

const invalid = (problems: string[]) =>
  new AppError(
    'bad_request',
    'plugin_package.invalid',
    `This plugin package cannot be installed: ${problems.join('; ')}`,
  );

/**
 * Unpack an `npm pack` tarball into `into` (its `package/` folder's content). Only files and
 * folders: links and devices are refused, as are paths leaving the folder (node-tar strips them),
 * more than MAX_FILES files and more than UNPACKED_MAX_BYTES in all.
 */
export async function unpackTarball(tarball: Buffer, into: string): Promise<void> {
  if (tarball.length < 2 || tarball[0] !== 0x1f || tarball[1] !== 0x8b) {
    throw invalid(['the file is not a gzipped tarball: upload the .tgz file `npm pack` writes']);
  }
  let raw: Buffer;
  try {
    raw = await promisify(gunzip)(tarball, { maxOutputLength: UNPACKED_MAX_BYTES });
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw invalid([
      tooBig
        ? `it unpacks to more than ${UNPACKED_MAX_BYTES / 1024 / 1024} MB`
        : 'the tarball is damaged (gzip could not read it)',
    ]);
  }
  const tar = await import('tar');
  await mkdir(into, { recursive: true, mode: 0o700 });
  const problems = new Set<string>();
  let files = 0;
  await new Promise<void>((resolve, reject) => {
    const unpack = tar.x({
      cwd: into,
      strip: 1,
      preserveOwner: false,
      maxDepth: 64,
      filter: (_entryPath, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        if (type !== 'File' && type !== 'OldFile' && type !== 'Directory') {
          problems.add(`it contains a ${String(type)} entry (only files and folders are allowed)`);
          return false;
        }
        files += 1;
        if (files > MAX_FILES) {
          problems.add(`it holds more than ${MAX_FILES} files`);
          return false;
        }
        return true;
      },
      onwarn: (code, message) => {
        if (code === 'TAR_ENTRY_ERROR' || code === 'TAR_BAD_ARCHIVE') problems.add(String(message));
      },
    });
    unpack.on('error', reject);
    unpack.on('end', () => resolve());
    unpack.end(raw);
  }).catch((err: Error) => {
    problems.add(`the tarball could not be read (${err.message})`);
  });
  if (problems.size) throw invalid([...problems]);
}

export interface InspectedPackage {
  name: string;
  version: string;
  description: string | null;
  manifest: PluginManifest;
}

/** Read an unpacked package's package.json as data and say whether the server can load it. */
export async function inspectPackage(dir: string): Promise<InspectedPackage> {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    throw invalid(['it has no readable package.json (is it the file `npm pack` writes?)']);
  }
  const problems: string[] = [];
  const name = typeof pkg.name === 'string' ? pkg.name : '';
  const version = typeof pkg.version === 'string' ? pkg.version : '';
  if (!NPM_NAME.test(name)) problems.push(`package.json name: "${name}" is not an npm package name`);
  if (!SEMVER.test(version)) problems.push(`package.json version: "${version}" is not a semver version`);
  const read = parseManifest(pkg);
  if (!read.ok) problems.push(...read.problems);
  else if (!apiVersionSupported(read.manifest)) {
    problems.push(
      `parley.apiVersion: it needs plugin API ${read.manifest.apiVersion}, this Parley implements ${PLUGIN_API_SEMVER}: install a version made for plugin API ${PLUGIN_API_SEMVER.split('.')[0]}`,
    );
  }
  const dependencies = Object.keys((pkg.dependencies ?? {}) as Record<string, unknown>);
  for (const dep of dependencies) {
    if ((PROVIDED_PACKAGES as readonly string[]).includes(dep)) continue;
    if (existsSync(path.join(dir, 'node_modules', dep, 'package.json'))) continue;
    problems.push(
      `dependency ${dep} is not in the tarball: Parley gives plugins ${PROVIDED_PACKAGES.join(' and ')} and installs nothing else, so list ${dep} in bundleDependencies (npm pack then includes it) or bundle it into your build`,
    );
  }
  if (problems.length || !read.ok) throw invalid(problems);
  const description = typeof pkg.description === 'string' ? pkg.description.slice(0, 300) : null;
  return { name, version, description, manifest: read.manifest };
}

/**
 * DATA_DIR/plugins/node_modules/<provided> → the server's own copy, so a package unpacked under
 * DATA_DIR/plugins imports the SDK and zod the server runs, wherever DATA_DIR is.
 */
export async function linkProvidedPackages(dataDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const modules = path.join(pluginsDir(dataDir), 'node_modules');
  for (const name of PROVIDED_PACKAGES) {
    const target = path.dirname(require.resolve(`${name}/package.json`));
    const link = path.join(modules, name);
    await mkdir(path.dirname(link), { recursive: true, mode: 0o700 });
    const temp = `${link}.${process.pid}.tmp`;
    await rm(temp, { force: true, recursive: true });
    await symlink(target, temp, 'dir');
    // A rename over the old link is atomic: another process never sees it missing.
    await rename(temp, link);
  }
}

/** Unpack a stored package into its folder unless it is there with the same content. */
export async function ensureUnpacked(
  dataDir: string,
  row: { name: string; version: string; sha256: string; tarball: Uint8Array },
): Promise<string> {
  const dir = packageDir(dataDir, row.name, row.version);
  const marker = path.join(dir, '.parley-sha256');
  if (existsSync(marker) && (await readFile(marker, 'utf8')).trim() === row.sha256) return dir;
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const temp = await mkdtemp(path.join(parent, `.${row.version}-`));
  try {
    await unpackTarball(Buffer.from(row.tarball), temp);
    await writeFile(path.join(temp, '.parley-sha256'), `${row.sha256}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

/** Per host: packages this process could not unpack (a damaged upload), by name, for the list. */
const unpackProblems = new WeakMap<PluginHost, Map<string, string[]>>();

export function recordUnpackProblem(plugins: PluginHost, name: string, problems: string[] | null): void {
  let byName = unpackProblems.get(plugins);
  if (!byName) {
    byName = new Map();
    unpackProblems.set(plugins, byName);
  }
  if (problems) byName.set(name, problems);
  else byName.delete(name);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const manifestPermissions = (manifest: PluginManifest): PluginPermissions => ({
  capabilities: [...manifest.capabilities].sort(),
  networkHosts: [...manifest.networkHosts].sort(),
});

function readManifest(stored: string): PluginManifest {
  return JSON.parse(stored) as PluginManifest;
}

export interface PackagePreview {
  name: string;
  version: string;
  description: string | null;
  displayName: string;
  apiVersion: string;
  sha256: string;
  sizeBytes: number;
  /** What it asks for: shown to the owner before it is installed. */
  permissions: PluginPermissions;
  /** The version installed now (an upgrade), or null. */
  current: { version: string; status: PackageStatus } | null;
  /** What it asks for beyond the installed version (an upgrade asking for more), or null. */
  added: PluginPermissions | null;
}

/**
 * Check an uploaded tarball and keep it as `pending` until an owner approves what it asks for.
 * Nothing of it runs here: the manifest is read from package.json.
 */
export async function uploadPluginPackage(
  deps: Pick<PackageDeps, 'db' | 'dataDir' | 'configuredPackages'>,
  actor: { userId: string },
  tarball: Buffer,
): Promise<PackagePreview> {
  if (tarball.length > PLUGIN_PACKAGE_MAX_BYTES) {
    throw new AppError(
      'bad_request',
      'plugin_package.too_large',
      `The package is over ${PLUGIN_PACKAGE_MAX_BYTES / 1024 / 1024} MB`,
    );
  }
  await mkdir(pluginsDir(deps.dataDir), { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(path.join(pluginsDir(deps.dataDir), '.upload-'));
  let inspected: InspectedPackage;
  try {
    await unpackTarball(tarball, staging);
    inspected = await inspectPackage(staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (deps.configuredPackages.includes(inspected.name)) {
    throw new AppError(
      'conflict',
      'plugin_package.configured',
      `${inspected.name} is loaded from PARLEY_PLUGINS: upgrade it there (npm install, then restart), or take it out of PARLEY_PLUGINS to manage it here`,
    );
  }
  const current = await deps.db.pluginPackage.findFirst({
    where: { name: inspected.name, status: { in: ['installed', 'disabled'] } },
    select: { version: true, status: true, manifest: true },
  });
  const permissions = manifestPermissions(inspected.manifest);
  const added = current
    ? permissionsAdded(manifestPermissions(readManifest(current.manifest)), permissions)
    : null;
  const digest = sha256(tarball);
  // One upload waits per package: a newer one replaces it; one nobody confirmed within a day goes.
  await deps.db.pluginPackage.deleteMany({
    where: {
      status: 'pending',
      OR: [{ name: inspected.name }, { createdAt: { lt: new Date(Date.now() - PENDING_KEPT_MS) } }],
    },
  });
  await deps.db.pluginPackage.create({
    data: {
      name: inspected.name,
      version: inspected.version,
      status: 'pending',
      sha256: digest,
      tarball: new Uint8Array(tarball),
      manifest: JSON.stringify(inspected.manifest),
      uploadedById: actor.userId,
    },
    select: { id: true },
  });
  // Install it with `integrations.confirmPackage({ name, sha256 })`.
  return {
    name: inspected.name,
    version: inspected.version,
    description: inspected.description,
    displayName: inspected.manifest.displayName,
    apiVersion: inspected.manifest.apiVersion,
    sha256: digest,
    sizeBytes: tarball.length,
    permissions,
    current: current ? { version: current.version, status: current.status as PackageStatus } : null,
    added: added && (added.capabilities.length || added.networkHosts.length) ? added : null,
  };
}

/** Tell every API process (this one included) to bring its plugins in line, and do it here now. */
async function announce(deps: PackageDeps, name: string): Promise<void> {
  await deps.sync();
  await deps.bus
    .publish({ id: 0, accountId: SERVER_WIDE, topic: PACKAGES_TOPIC, payload: { name }, ephemeral: true })
    .catch((err) => deps.logger.warn({ err, plugin: name }, 'announcing a plugin package change failed'));
}

/**
 * Install an uploaded package (or upgrade to it): the owner approved what the preview showed,
 * identified by its sha256 so a different upload cannot slip in between. Every process loads it.
 */
export async function confirmPluginPackage(
  deps: PackageDeps,
  actor: { userId: string },
  input: { name: string; sha256: string },
) {
  // Only the owner who uploaded it confirms it: another account's owner finds nothing.
  const row = await deps.db.pluginPackage.findFirst({
    where: { name: input.name, status: 'pending', uploadedById: actor.userId },
    select: { id: true, name: true, sha256: true },
  });
  if (!row) {
    throw new AppError(
      'not_found',
      'plugin_package.not_found',
      'Upload the package again: this upload is gone',
    );
  }
  if (row.sha256 !== input.sha256) {
    throw new AppError(
      'conflict',
      'plugin_package.changed',
      'The uploaded package is not the one you reviewed: upload it again',
    );
  }
  const previous = await deps.db.pluginPackage.findFirst({
    where: { name: row.name, status: { in: ['installed', 'disabled'] } },
    select: { id: true, version: true, status: true },
  });
  // The running version stays in the database as `previous` until the new one has loaded here.
  await deps.db.$transaction([
    deps.db.pluginPackage.deleteMany({ where: { name: row.name, status: 'previous' } }),
    deps.db.pluginPackage.updateMany({
      where: { name: row.name, status: { in: ['installed', 'disabled'] } },
      data: { status: 'previous' },
    }),
    deps.db.pluginPackage.update({ where: { id: row.id }, data: { status: 'installed' } }),
  ]);
  await deps.sync();
  const view = await packageView(deps, row.name);
  if (!view.running || view.running.version !== view.version) {
    // Its code was refused (it exports no plugin, fails at import, takes a name in use...): put
    // back what ran before, everywhere, instead of leaving a package no process can load.
    const problems = view.problems.length ? view.problems : ['it could not be loaded'];
    await deps.db.$transaction([
      deps.db.pluginPackage.delete({ where: { id: row.id } }),
      ...(previous
        ? [deps.db.pluginPackage.update({ where: { id: previous.id }, data: { status: previous.status } })]
        : []),
    ]);
    await announce(deps, row.name);
    deps.logger.warn({ plugin: row.name, version: view.version, problems }, 'plugin package refused');
    throw new AppError(
      'bad_request',
      'plugin_package.refused',
      `${row.name} ${view.version} could not be loaded (${problems.join('; ')}): ${previous ? `${previous.version} keeps running` : 'nothing was installed'}`,
    );
  }
  deps.logger.info({ plugin: row.name, version: view.version }, 'plugin package installed');
  await announce(deps, row.name);
  return view;
}

async function installedRow(deps: Pick<PackageDeps, 'db'>, name: string) {
  const row = await deps.db.pluginPackage.findFirst({
    where: { name, status: { in: ['installed', 'disabled'] } },
    select: { id: true, name: true, status: true },
  });
  if (!row) {
    throw new AppError('not_found', 'plugin_package.not_found', `No plugin package ${name} is installed`);
  }
  return row;
}

/** Stop loading a package everywhere (kept, to turn on again) or load it again. */
export async function setPluginPackageEnabled(deps: PackageDeps, input: { name: string; enabled: boolean }) {
  const row = await installedRow(deps, input.name);
  await deps.db.pluginPackage.update({
    where: { id: row.id },
    data: { status: input.enabled ? 'installed' : 'disabled' },
  });
  await announce(deps, row.name);
  return packageView(deps, row.name);
}

/**
 * Remove a package from every process. Installs of its plugins stay, listed as "Plugin not loaded"
 * (they do nothing and can be deleted or wait for the package to come back).
 */
export async function removePluginPackage(deps: PackageDeps, accountId: string, input: { name: string }) {
  const row = await installedRow(deps, input.name);
  const plugins = runningPlugins(deps, row.name);
  await deps.db.pluginPackage.deleteMany({ where: { name: row.name } });
  await announce(deps, row.name);
  const pausedInstalls = plugins.length
    ? await deps.db.pluginInstall.count({ where: { accountId, name: { in: plugins } } })
    : 0;
  deps.logger.info({ plugin: row.name, pausedInstalls }, 'plugin package removed');
  return { name: row.name, pausedInstalls };
}

/** The plugin names a managed package provides in this process. */
function runningPlugins(deps: Pick<PackageDeps, 'plugins' | 'dataDir'>, name: string): string[] {
  const root = path.join(pluginsDir(deps.dataDir), name) + path.sep;
  return (
    pluginRuntimeOf(deps.plugins)
      ?.status()
      .filter((s) => s.specifier.startsWith(root))
      .flatMap((s) => s.plugins) ?? []
  );
}

async function packageView(deps: Pick<PackageDeps, 'db' | 'plugins' | 'dataDir'>, name: string) {
  const view = (await listPluginPackages(deps)).find((p) => p.name === name);
  if (!view)
    throw new AppError('not_found', 'plugin_package.not_found', `No plugin package ${name} is installed`);
  return view;
}

/**
 * Installed packages with what this process runs of each: version, worker state, restarts, last
 * fault, memory, and why it could not be loaded. Reads nothing of a package's files, so a package
 * whose folder is gone still lists (with its problem).
 */
export async function listPluginPackages(deps: Pick<PackageDeps, 'db' | 'plugins' | 'dataDir'>) {
  const rows = await deps.db.pluginPackage.findMany({
    where: { status: { in: ['installed', 'disabled'] } },
    orderBy: { name: 'asc' },
    select: { name: true, version: true, status: true, manifest: true, sha256: true, updatedAt: true },
  });
  const runtime = pluginRuntimeOf(deps.plugins);
  const running = runtime?.status() ?? [];
  const errors = runtime?.loadErrors() ?? [];
  return rows.map((row) => {
    let manifest: PluginManifest | null = null;
    try {
      manifest = readManifest(row.manifest);
    } catch {}
    const root = path.join(pluginsDir(deps.dataDir), row.name) + path.sep;
    const loaded = running.find((s) => s.specifier.startsWith(root));
    const problems = [...(unpackProblems.get(deps.plugins)?.get(row.name) ?? [])];
    problems.push(
      ...errors
        .filter(
          (e) =>
            e.specifier.startsWith(root) || e.specifier === packageDir(deps.dataDir, row.name, row.version),
        )
        .flatMap((e) => e.problems),
    );
    return {
      name: row.name,
      version: row.version,
      status: row.status as PackageStatus,
      displayName: manifest?.displayName ?? row.name,
      permissions: manifest ? manifestPermissions(manifest) : { capabilities: [], networkHosts: [] },
      sha256: row.sha256,
      installedAt: row.updatedAt.toISOString(),
      /** What this process runs of it (null: not loaded here). */
      running: loaded
        ? {
            version: loaded.version ?? null,
            plugins: loaded.plugins,
            state: loaded.state,
            restarts: loaded.restarts,
            lastFault: loaded.lastFault,
            memoryMb: loaded.memoryMb,
          }
        : null,
      problems,
    };
  });
}

/** Packages named in PARLEY_PLUGINS that were refused (those installed from here list with their package). */
export function configuredLoadErrors(plugins: PluginHost, dataDir: string) {
  const root = pluginsDir(dataDir) + path.sep;
  return (pluginRuntimeOf(plugins)?.loadErrors() ?? []).filter((e) => !e.specifier.startsWith(root));
}
