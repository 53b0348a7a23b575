import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AnyPlugin,
  builtinPlugins,
  createPluginHost,
  definePlugin,
  type PluginManifest,
} from '@parley/integrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIntegrationHost } from '../src/domain/integrations/host';
import { reconcileInstalls } from '../src/domain/integrations/lifecycle';
import { linkProvidedPackages, pluginsDir } from '../src/domain/integrations/packages';
import { createDbHostStorage } from '../src/domain/integrations/storage';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps } from './harness';

/**
 * Upgrading a plugin under existing installs: the server restarts (here: a new host on the same
 * database and key) with another version, and its installs migrate, or wait for an admin to
 * complete their settings or approve new permissions, instead of failing every message.
 */

const FIXTURES = fileURLToPath(
  new URL('../../../packages/integrations/test/fixtures/plugins/', import.meta.url),
);

/** Settings each version's setup was started with, in order. */
const started: Record<string, unknown>[] = [];

function bridge(version: string, configSchema: z.ZodObject, migrateConfig?: AnyPlugin['migrateConfig']) {
  return definePlugin({
    name: 'parley-plugin-bridge',
    version,
    apiVersion: 1,
    displayName: 'Bridge',
    configSchema,
    capabilities: ['channel'],
    ...(migrateConfig ? { migrateConfig } : {}),
    setup(ctx) {
      started.push(ctx.config as Record<string, unknown>);
      return {
        channel: {
          features: { attachments: false },
          send: async () => ({ externalMessageId: `m-${started.length}` }),
        },
      };
    },
  }) as AnyPlugin;
}

const token = z.string().min(1).meta({ secret: true });
const bridgeV1 = bridge('1.0.0', z.object({ token }));
/** 2.0.0 adds a required field nobody can guess. */
const bridgeV2 = bridge('2.0.0', z.object({ token, region: z.enum(['eu', 'us']) }));
/** 3.0.0 renames `token` and migrates it. */
const bridgeV3 = bridge(
  '3.0.0',
  z.object({ apiToken: token, region: z.enum(['eu', 'us']) }),
  (from, config) => {
    const { token: old, ...rest } = config;
    return from.startsWith('2.') || from.startsWith('1.') ? { ...rest, apiToken: old } : { ...config };
  },
);

function gifs(version: string) {
  return definePlugin({
    name: 'parley-plugin-gifs',
    version,
    apiVersion: 1,
    configSchema: z.object({ key: z.string().optional() }),
    capabilities: ['gif'],
    setup: () => ({ gif: { search: async () => ({ items: [] }) } }),
  }) as AnyPlugin;
}

const manifest = (networkHosts: string[]): PluginManifest => ({
  apiVersion: '^1.0.0',
  displayName: 'GIFs',
  capabilities: ['gif'],
  networkHosts,
  configSchemaVersion: 1,
});

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;

/** What a restart with these plugin packages does: a new host, then the start-up reconcile. */
async function restartWith(plugins: AnyPlugin[], manifests: [string, PluginManifest][] = []) {
  await deps.plugins.close();
  deps.plugins = createPluginHost({
    plugins: [...builtinPlugins, ...plugins],
    manifests: new Map(manifests),
    logger: deps.logger,
    storage: createDbHostStorage(deps.db),
    secretKey: 'test-secret-key-0123456789',
  });
  return reconcileInstalls(deps);
}

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps);
});
afterAll(async () => {
  await deps.cleanup();
});

describe('a plugin upgrade that needs new settings', () => {
  let installId: string;

  it('pauses the install as "needs configuration" instead of failing each message', async () => {
    await restartWith([bridgeV1]);
    const admin = callerFor(deps, acme.admin.token);
    const created = await admin.integrations.addChannel({
      plugin: 'parley-plugin-bridge',
      name: 'Bridge',
      config: { token: 't-1' },
    });
    installId = created.installId;

    expect(await restartWith([bridgeV2])).toEqual({ [installId]: 'paused_for_configuration' });
    const [view] = await admin.integrations.list();
    expect(view).toMatchObject({
      id: installId,
      version: '2.0.0',
      settingsVersion: '2.0.0',
      enabled: false,
      disabledReason: 'needs_configuration',
      needsConfiguration: { errors: { region: 'validation.choice' } },
      failures: 0,
    });
    // A message meanwhile is refused as "disabled", counted against nobody.
    await expect(deps.plugins.channel(installId)).rejects.toMatchObject({ kind: 'disabled' });
    expect((await admin.integrations.list())[0]?.failures).toBe(0);
    // Turning it on without the missing field says what is missing.
    expect(await errorOf(admin.integrations.setEnabled({ id: installId, enabled: true }))).toMatchObject({
      appCode: 'integration.needs_configuration',
    });
  });

  it('runs again once the admin completes the settings (the secret kept)', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const view = await admin.integrations.configure({ id: installId, config: { region: 'eu' } });
    expect(view).toMatchObject({ enabled: true, needsConfiguration: null, disabledReason: null });
    await deps.plugins.channel(installId);
    expect(started.at(-1)).toEqual({ token: 't-1', region: 'eu' });
  });

  it('migrates the settings with migrateConfig when the next version can, and keeps running', async () => {
    expect(await restartWith([bridgeV3])).toEqual({ [installId]: 'migrated' });
    const [view] = await callerFor(deps, acme.admin.token).integrations.list();
    expect(view).toMatchObject({ version: '3.0.0', settingsVersion: '3.0.0', enabled: true });
    expect(view?.config).toEqual({ values: { region: 'eu' }, secrets: { apiToken: 'set' } });
    await deps.plugins.channel(installId);
    expect(started.at(-1)).toEqual({ apiToken: 't-1', region: 'eu' });
    // Idempotent: the next start finds nothing to do.
    expect(await restartWith([bridgeV3])).toEqual({});
  });

  it('pauses when migrateConfig throws, keeping the version it migrates from', async () => {
    const broken = bridge('4.0.0', z.object({ apiToken: token, region: z.string() }), () => {
      throw new Error('cannot read 3.x settings');
    });
    expect(await restartWith([broken])).toEqual({ [installId]: 'paused_for_configuration' });
    const [view] = await callerFor(deps, acme.admin.token).integrations.list();
    expect(view).toMatchObject({ version: '4.0.0', settingsVersion: '3.0.0', enabled: false });
  });

  it('keeps listing the install when its plugin is gone', async () => {
    await restartWith([]);
    const [view] = await callerFor(deps, acme.admin.token).integrations.list();
    expect(view).toMatchObject({ id: installId, available: false, config: null, version: '3.0.0' });
  });
});

describe('a plugin upgrade that asks for more permissions', () => {
  let installId: string;

  it('records what the admin approved when adding the plugin', async () => {
    await restartWith([gifs('1.0.0')], [['parley-plugin-gifs', manifest(['api.gifs.example'])]]);
    const admin = callerFor(deps, acme.admin.token);
    installId = (await admin.integrations.install({ name: 'parley-plugin-gifs', config: {} })).id;
    const row = await deps.db.pluginInstall.findUniqueOrThrow({ where: { id: installId } });
    expect(JSON.parse(row.approvedPermissions ?? 'null')).toEqual({
      capabilities: ['gif'],
      networkHosts: ['api.gifs.example'],
    });
  });

  it('pauses a version asking for a new host until an admin approves it, showing the difference', async () => {
    const outcomes = await restartWith(
      [gifs('1.1.0')],
      [['parley-plugin-gifs', manifest(['api.gifs.example', 'cdn.gifs.example'])]],
    );
    expect(outcomes[installId]).toBe('paused_for_permissions');
    const admin = callerFor(deps, acme.admin.token);
    const view = (await admin.integrations.list()).find((i) => i.id === installId);
    expect(view).toMatchObject({
      enabled: false,
      disabledReason: 'needs_permission_approval',
      pendingPermissions: {
        approved: { capabilities: ['gif'], networkHosts: ['api.gifs.example'] },
        requested: { capabilities: ['gif'], networkHosts: ['api.gifs.example', 'cdn.gifs.example'] },
        added: { capabilities: [], networkHosts: ['cdn.gifs.example'] },
      },
    });
    expect(await errorOf(admin.integrations.setEnabled({ id: installId, enabled: true }))).toMatchObject({
      appCode: 'integration.needs_approval',
    });
    // An agent may not approve; nor may an admin approve a version they did not review.
    expect(
      await errorOf(
        callerFor(deps, acme.agent.token).integrations.approvePermissions({
          id: installId,
          version: '1.1.0',
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await errorOf(admin.integrations.approvePermissions({ id: installId, version: '1.0.0' })),
    ).toMatchObject({ appCode: 'integration.version_changed' });

    const approved = await admin.integrations.approvePermissions({ id: installId, version: '1.1.0' });
    expect(approved).toMatchObject({ enabled: true, pendingPermissions: null, disabledReason: null });
  });

  it('does not ask again for a host an approved wildcard covers, nor for fewer hosts', async () => {
    await deps.db.pluginInstall.update({
      where: { id: installId },
      data: {
        approvedPermissions: JSON.stringify({ capabilities: ['gif'], networkHosts: ['*.gifs.example'] }),
      },
    });
    const outcomes = await restartWith(
      [gifs('1.2.0')],
      [['parley-plugin-gifs', manifest(['media.gifs.example'])]],
    );
    expect(outcomes[installId]).toBe('migrated');
    const view = (await callerFor(deps, acme.admin.token).integrations.list()).find(
      (i) => i.id === installId,
    );
    expect(view).toMatchObject({ enabled: true, pendingPermissions: null, version: '1.2.0' });
  });

  it('asks about an install made before approvals were recorded only when its version changed', async () => {
    await deps.db.pluginInstall.update({ where: { id: installId }, data: { approvedPermissions: null } });
    expect(
      (await restartWith([gifs('1.2.0')], [['parley-plugin-gifs', manifest(['media.gifs.example'])]]))[
        installId
      ],
    ).toBe('unchanged');
    await deps.db.pluginInstall.update({ where: { id: installId }, data: { approvedPermissions: null } });
    expect(
      (await restartWith([gifs('1.3.0')], [['parley-plugin-gifs', manifest(['media.gifs.example'])]]))[
        installId
      ],
    ).toBe('paused_for_permissions');
  });
});

describe('reloading a plugin while the server runs (npm run plugin:dev)', () => {
  it('is off unless the server runs with PARLEY_PLUGIN_DEV, and only for an owner', async () => {
    const owner = callerFor(deps, acme.owner.token);
    expect(await errorOf(owner.integrations.reloadPlugin({ name: 'parley-plugin-bridge' }))).toMatchObject({
      code: 'FORBIDDEN',
      appCode: 'integration.plugin_dev_off',
    });
    deps.config.pluginDev = true;
    expect(
      await errorOf(
        callerFor(deps, acme.admin.token).integrations.reloadPlugin({ name: 'parley-plugin-bridge' }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('says so when the host cannot reload, then reloads the package and reconciles the installs', async () => {
    const owner = callerFor(deps, acme.owner.token);
    await restartWith([bridgeV3]);
    // A host without a plugin runtime (plugins given as objects) cannot load a new build.
    expect(await errorOf(owner.integrations.reloadPlugin({ name: 'parley-plugin-bridge' }))).toMatchObject({
      appCode: 'integration.reload_unsupported',
    });
    // The server's way: the bridge is a package (3.0.0) in its own worker; the author rebuilds it
    // in place as 5.0.0 (it needs a new field) and the running server reloads it.
    const work = path.join(pluginsDir(deps.config.dataDir), 'dev', 'parley-plugin-bridge');
    await linkProvidedPackages(deps.config.dataDir);
    await cp(path.join(FIXTURES, 'bridge-v3'), work, { recursive: true });
    await deps.plugins.close();
    deps.plugins = await createIntegrationHost({
      db: deps.db,
      logger: deps.logger,
      secretKey: 'test-secret-key-0123456789',
      publicUrl: 'http://localhost:3000',
      thirdParty: [work],
      allowPrivateNetwork: true,
    });
    await reconcileInstalls(deps);
    expect(deps.plugins.getPlugin('parley-plugin-bridge')?.version).toBe('3.0.0');

    await cp(path.join(FIXTURES, 'bridge-v5'), work, { recursive: true, force: true });
    const result = await owner.integrations.reloadPlugin({ name: 'parley-plugin-bridge' });
    expect(result.version).toBe('5.0.0');
    expect(Object.values(result.installs)).toEqual(['paused_for_configuration']);
    const view = (await callerFor(deps, acme.admin.token).integrations.list()).find(
      (i) => i.name === 'parley-plugin-bridge',
    );
    expect(view).toMatchObject({
      version: '5.0.0',
      disabledReason: 'needs_configuration',
      needsConfiguration: { errors: { tenant: 'validation.required' } },
    });
  });

  it('refuses to reload a built-in plugin', async () => {
    expect(
      await errorOf(
        callerFor(deps, acme.owner.token).integrations.reloadPlugin({ name: 'channel-telegram' }),
      ),
    ).toMatchObject({ appCode: 'integration.reload_unsupported' });
  });
});
