import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PLUGIN_API_SEMVER, type PluginHost } from '@parley/integrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../src/bus/event-bus';
import { createRedisBus } from '../src/bus/redis-bus';
import { createIntegrationHost, pluginRuntimeOf } from '../src/domain/integrations/host';
import { uploadPluginPackage } from '../src/domain/integrations/packages';
import {
  type PackageSyncDeps,
  startPluginPackageSync,
  syncPluginPackages,
} from '../src/domain/integrations/reload';
import { type RunningServer, startServer } from '../src/server';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps } from './harness';

/**
 * K3: plugin packages installed, upgraded, disabled and removed while the server runs, by an owner,
 * from the tarball `npm pack` writes. Each "process" here is its own plugin runtime on the same
 * database and bus; one that starts later loads what the database says is installed.
 */

const PACKAGE = 'parley-plugin-relay';

/** A plugin package's source (plain JavaScript, zod from the server), packed like `npm pack`. */
async function packPackage(opts: {
  version: string;
  networkHosts?: string[];
  dependencies?: Record<string, string>;
  apiVersion?: string;
  /** Add a symbolic link to /etc/passwd. */
  link?: boolean;
  /** Code that exports no plugin. */
  broken?: boolean;
}): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-pack-'));
  const pkgDir = path.join(dir, 'package');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(pkgDir);
  await writeFile(
    path.join(pkgDir, 'package.json'),
    JSON.stringify({
      name: PACKAGE,
      version: opts.version,
      type: 'module',
      exports: './index.js',
      dependencies: { zod: '^4.1.0', ...opts.dependencies },
      parley: {
        apiVersion: opts.apiVersion ?? `^${PLUGIN_API_SEMVER}`,
        displayName: 'Relay',
        capabilities: ['channel'],
        networkHosts: opts.networkHosts ?? [],
      },
    }),
  );
  await writeFile(
    path.join(pkgDir, 'index.js'),
    `import { z } from 'zod';
export default {
  name: '${PACKAGE}', version: '${opts.version}', apiVersion: 1,
  configSchema: z.object({ label: z.string().optional() }),
  capabilities: ['channel'],
  setup: () => ({ channel: {
    features: { attachments: false, inbound: ['webhook'] },
    send: async () => ({ externalMessageId: 'relay-${opts.version}' }),
    handleWebhook: async (request) => ({
      response: { status: 200 },
      events: [{ type: 'message', externalMessageId: 'in-' + request.rawBody.toString('utf8'),
        contact: { externalId: 'u-1' }, text: 'v${opts.version}: ' + request.rawBody.toString('utf8'),
        attachments: [], sentAt: new Date() }],
    }),
  } }),
};
`,
  );
  if (opts.broken) await writeFile(path.join(pkgDir, 'index.js'), 'export default 42;\n');
  if (opts.link) await symlink('/etc/passwd', path.join(pkgDir, 'passwd'));
  const tar = await import('tar');
  const chunks: Buffer[] = [];
  const stream = tar.c({ gzip: true, cwd: dir, portable: true }, ['package']);
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  await rm(dir, { recursive: true, force: true });
  return Buffer.concat(chunks);
}

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let server: RunningServer;
const stops: (() => void)[] = [];
const others: PluginHost[] = [];
const buses: EventBus[] = [];
const processes: PackageSyncDeps[] = [];

/** Another API process: its own runtime and data folder, the same database and bus. */
async function startProcess() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-proc-'));
  const plugins = await createIntegrationHost({
    db: deps.db,
    logger: deps.logger,
    secretKey: 'test-secret-key-0123456789',
    publicUrl: 'http://localhost:3000',
    thirdParty: [],
    allowPrivateNetwork: true,
  });
  others.push(plugins);
  // With REDIS_URL, a bus of its own, as another process has: the announcement travels through Redis.
  const bus = process.env.REDIS_URL ? await createRedisBus(process.env.REDIS_URL, deps.logger) : deps.bus;
  if (bus !== deps.bus) buses.push(bus);
  const sync = { systemDb: deps.db, bus, plugins, logger: deps.logger, dataDir };
  processes.push(sync);
  stops.push(await startPluginPackageSync(sync));
  const processDeps = { ...deps, plugins, config: { ...deps.config, dataDir } };
  return { plugins, dataDir, deps: processDeps };
}

const runningVersion = (plugins: PluginHost) =>
  pluginRuntimeOf(plugins)
    ?.status()
    .find((s) => s.plugins.includes(PACKAGE))?.version;

/** Waits (bounded) until another process has caught up with an announcement. */
async function eventually<T>(read: () => T, expected: T, ms = 15_000) {
  const until = Date.now() + ms;
  while (read() !== expected && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return read();
}

async function upload(body: Buffer, cookie: string, origin = server.url) {
  const res = await fetch(`${server.url}/uploads/plugin-package`, {
    method: 'POST',
    headers: { 'content-type': 'application/gzip', origin, cookie },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const cookieOf = (token: string) => `parley_session=${token}`;

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps);
  stops.push(
    await startPluginPackageSync({
      systemDb: deps.db,
      bus: deps.bus,
      plugins: deps.plugins,
      logger: deps.logger,
      dataDir: deps.config.dataDir,
    }),
  );
  server = await startServer(deps);
}, 60_000);

afterAll(async () => {
  for (const stop of stops) stop();
  // Let the other processes finish what the last announcement started before the database goes.
  for (const p of processes) await syncPluginPackages(p).catch(() => {});
  await server?.close();
  for (const plugins of others) await plugins.close();
  for (const bus of buses) await bus.close();
  for (const p of processes) await rm(p.dataDir, { recursive: true, force: true });
  await deps.cleanup();
});

describe('uploading a plugin package', () => {
  it('is for owners only, sniffs the file and refuses what cannot be loaded before running any of it', async () => {
    const v1 = await packPackage({ version: '1.0.0' });
    expect((await upload(v1, cookieOf(acme.admin.token))).status).toBe(403);
    expect((await upload(v1, '')).status).toBe(401);
    // A write from another site carrying the owner's cookie is refused before it is read.
    expect((await upload(v1, cookieOf(acme.owner.token), 'https://evil.example')).status).toBe(403);
    const notGzip = await upload(Buffer.from('{"name":"x"}'), cookieOf(acme.owner.token));
    expect(notGzip).toMatchObject({ status: 400, body: { error: { appCode: 'plugin_package.invalid' } } });

    const otherApi = await upload(
      await packPackage({ version: '1.0.0', apiVersion: '^2.0.0' }),
      cookieOf(acme.owner.token),
    );
    expect(otherApi.status).toBe(400);
    expect(JSON.stringify(otherApi.body)).toContain('parley.apiVersion');
    // Parley installs nothing from a registry: a dependency must come in the tarball.
    const unbundled = await upload(
      await packPackage({ version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } }),
      cookieOf(acme.owner.token),
    );
    expect(unbundled.status).toBe(400);
    expect(JSON.stringify(unbundled.body)).toContain('dependency left-pad is not in the tarball');
    // Only files and folders: a link could point anywhere on the server's disk.
    const withLink = await upload(
      await packPackage({ version: '1.0.0', link: true }),
      cookieOf(acme.owner.token),
    );
    expect(withLink.status).toBe(400);
    expect(JSON.stringify(withLink.body)).toContain('SymbolicLink entry');
    // A small upload that unpacks to more than 100 MB (a gzip bomb) is refused before it is written.
    const bomb = await upload(gzipSync(Buffer.alloc(101 * 1024 * 1024)), cookieOf(acme.owner.token));
    expect(bomb.status).toBe(400);
    expect(JSON.stringify(bomb.body)).toContain('unpacks to more than 100 MB');
    expect(await callerFor(deps, acme.owner.token).integrations.packages()).toEqual([]);
  });

  it('shows what it asks for; once the owner confirms, it runs without a restart', async () => {
    const uploaded = await upload(
      await packPackage({ version: '1.0.0', networkHosts: ['api.relay.example'] }),
      cookieOf(acme.owner.token),
    );
    expect(uploaded).toMatchObject({
      status: 200,
      body: {
        name: PACKAGE,
        version: '1.0.0',
        displayName: 'Relay',
        permissions: { capabilities: ['channel'], networkHosts: ['api.relay.example'] },
        current: null,
        added: null,
      },
    });
    const owner = callerFor(deps, acme.owner.token);
    // Nothing runs before the confirmation; an admin may not confirm, nor a different upload.
    expect(runningVersion(deps.plugins)).toBeUndefined();
    expect(
      await errorOf(
        callerFor(deps, acme.admin.token).integrations.confirmPackage({
          name: PACKAGE,
          sha256: uploaded.body.sha256 as string,
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await errorOf(owner.integrations.confirmPackage({ name: PACKAGE, sha256: '0'.repeat(64) })),
    ).toMatchObject({ appCode: 'plugin_package.changed' });

    const installed = await owner.integrations.confirmPackage({
      name: PACKAGE,
      sha256: uploaded.body.sha256 as string,
    });
    expect(installed).toMatchObject({
      name: PACKAGE,
      version: '1.0.0',
      status: 'installed',
      running: { version: '1.0.0', plugins: [PACKAGE], state: 'running' },
      problems: [],
    });
    // The plugin is offered, and a channel of it carries a message.
    const admin = callerFor(deps, acme.admin.token);
    expect((await admin.integrations.plugins()).map((p) => p.name)).toContain(PACKAGE);
    const channel = await admin.integrations.addChannel({ plugin: PACKAGE, name: 'Relay', config: {} });
    const parsed = await deps.plugins.handleWebhook(channel.installId, {
      method: 'POST',
      headers: {},
      query: {},
      rawBody: Buffer.from('hello'),
    });
    expect(parsed.events[0]).toMatchObject({ text: 'v1.0.0: hello' });
  });
});

describe('every process picks the change up', () => {
  let later: Awaited<ReturnType<typeof startProcess>>;

  it('a process that starts later loads what the database says is installed (unpacked from it)', async () => {
    later = await startProcess();
    expect(runningVersion(later.plugins)).toBe('1.0.0');
  });

  it('an upgrade asking for a new host shows the difference, runs everywhere and pauses the install for approval', async () => {
    const owner = callerFor(deps, acme.owner.token);
    const uploaded = await upload(
      await packPackage({ version: '2.0.0', networkHosts: ['api.relay.example', 'cdn.relay.example'] }),
      cookieOf(acme.owner.token),
    );
    expect(uploaded.body).toMatchObject({
      version: '2.0.0',
      current: { version: '1.0.0', status: 'installed' },
      added: { capabilities: [], networkHosts: ['cdn.relay.example'] },
    });
    // Until confirmed, 1.0.0 keeps running.
    expect(runningVersion(deps.plugins)).toBe('1.0.0');
    await owner.integrations.confirmPackage({ name: PACKAGE, sha256: uploaded.body.sha256 as string });
    expect(runningVersion(deps.plugins)).toBe('2.0.0');
    expect(await eventually(() => runningVersion(later.plugins), '2.0.0')).toBe('2.0.0');
    const [view] = await callerFor(deps, acme.admin.token).integrations.list();
    expect(view).toMatchObject({
      name: PACKAGE,
      version: '2.0.0',
      enabled: false,
      disabledReason: 'needs_permission_approval',
    });
    expect((await owner.integrations.packages())[0]).toMatchObject({
      version: '2.0.0',
      running: { version: '2.0.0' },
    });
  });

  it('refuses a version whose code cannot be loaded, and the running one stays everywhere', async () => {
    const owner = callerFor(deps, acme.owner.token);
    const uploaded = await upload(
      await packPackage({
        version: '2.1.0',
        networkHosts: ['api.relay.example', 'cdn.relay.example'],
        broken: true,
      }),
      cookieOf(acme.owner.token),
    );
    expect(uploaded.status).toBe(200);
    const refused = await errorOf(
      owner.integrations.confirmPackage({ name: PACKAGE, sha256: uploaded.body.sha256 as string }),
    );
    expect(refused).toMatchObject({ appCode: 'plugin_package.refused' });
    expect(refused.message).toContain('setup: must be a function');
    expect(refused.message).toContain('2.0.0 keeps running');
    expect(runningVersion(deps.plugins)).toBe('2.0.0');
    expect(await eventually(() => runningVersion(later.plugins), '2.0.0')).toBe('2.0.0');
    expect(await owner.integrations.packages()).toMatchObject([
      { version: '2.0.0', status: 'installed', running: { version: '2.0.0' }, problems: [] },
    ]);
  });

  it('disabling stops it everywhere and keeps it; enabling loads it again', async () => {
    const owner = callerFor(deps, acme.owner.token);
    await owner.integrations.setPackageEnabled({ name: PACKAGE, enabled: false });
    expect(runningVersion(deps.plugins)).toBeUndefined();
    expect(await eventually(() => runningVersion(later.plugins), undefined)).toBeUndefined();
    expect((await owner.integrations.packages())[0]).toMatchObject({ status: 'disabled', running: null });
    expect((await callerFor(deps, acme.admin.token).integrations.list())[0]).toMatchObject({
      available: false,
    });
    await owner.integrations.setPackageEnabled({ name: PACKAGE, enabled: true });
    expect(runningVersion(deps.plugins)).toBe('2.0.0');
    expect(await eventually(() => runningVersion(later.plugins), '2.0.0')).toBe('2.0.0');
  });
});

describe('removing a package', () => {
  it('unloads it everywhere; its installs stay listed as not loaded, and the list answers', async () => {
    const owner = callerFor(deps, acme.owner.token);
    const later = await startProcess();
    expect(runningVersion(later.plugins)).toBe('2.0.0');
    expect(await owner.integrations.removePackage({ name: PACKAGE })).toEqual({
      name: PACKAGE,
      pausedInstalls: 1,
    });
    expect(runningVersion(deps.plugins)).toBeUndefined();
    expect(await eventually(() => runningVersion(later.plugins), undefined)).toBeUndefined();
    expect(await owner.integrations.packages()).toEqual([]);
    const [view] = await callerFor(deps, acme.admin.token).integrations.list();
    expect(view).toMatchObject({ name: PACKAGE, available: false, config: null });
    expect(await errorOf(owner.integrations.removePackage({ name: PACKAGE }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a package this process cannot unpack is listed with its problem, and integrations.list still answers', async () => {
    const preview = await uploadPluginPackage(
      { db: deps.db, dataDir: deps.config.dataDir, configuredPackages: [] },
      { userId: acme.owner.id },
      await packPackage({ version: '3.0.0' }),
    );
    await callerFor(deps, acme.owner.token).integrations.confirmPackage({
      name: PACKAGE,
      sha256: preview.sha256,
    });
    // Its stored copy is damaged (a disk error, a bad restore): a process starting now cannot load it.
    await deps.db.pluginPackage.updateMany({
      where: { name: PACKAGE },
      data: { tarball: new Uint8Array([0x1f, 0x8b, 1, 2, 3]) },
    });
    const later = await startProcess();
    expect(runningVersion(later.plugins)).toBeUndefined();
    const caller = callerFor({ ...later.deps }, acme.owner.token);
    const [pkg] = await caller.integrations.packages();
    expect(pkg).toMatchObject({ name: PACKAGE, version: '3.0.0', running: null });
    expect(pkg?.problems.join(' ')).toContain('could not unpack it');
    const [view] = await caller.integrations.list();
    expect(view).toMatchObject({ name: PACKAGE, available: false });
  });
});
