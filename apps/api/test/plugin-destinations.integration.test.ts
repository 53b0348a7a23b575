import { createServer as createTcpServer, type Server } from 'node:net';
import { PluginError } from '@parley/integrations';
import {
  type FakeServer,
  sendJson,
  startFakeLibreTranslate,
  startServer as startFakeServer,
} from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationHost } from '../src/domain/integrations/host';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * What an admin can make the server send where. Secrets stay with the destination they
 * were entered for; private and loopback destinations are refused unless the operator allows them;
 * a provider's response body never reaches a client.
 */
const causeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (err: { cause?: unknown; message: string }) => ({ ...(err.cause as object), message: err.message }),
  );

describe('with private destinations allowed (local fakes)', () => {
  let deps: TestDeps;
  let acme: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    deps = await createTestDeps();
    acme = await seedAccount(deps);
  });
  afterAll(() => deps.cleanup());

  it('asks for the stored secrets again when an admin moves an install to another URL', async () => {
    const libre = await startFakeLibreTranslate({ apiKey: 'owner-key' });
    const attacker: FakeServer = await startFakeServer((_req, res) => sendJson(res, 200, {}));
    try {
      const owner = callerFor(deps, acme.owner.token);
      const admin = callerFor(deps, acme.admin.token);
      const installed = await owner.integrations.install({
        name: 'translator-libretranslate',
        config: { baseUrl: libre.url, apiKey: 'owner-key' },
      });
      // The admin points it at their own server and leaves the key empty ("keep").
      const moved = await causeOf(
        admin.integrations.configure({ id: installed.id, config: { baseUrl: attacker.url, apiKey: '' } }),
      );
      expect(moved).toMatchObject({
        code: 'integration.invalid_config',
        fieldErrors: { apiKey: 'validation.secret_again' },
      });
      // Nothing changed: the install still talks to the owner's server, with the owner's key.
      const view = (await owner.integrations.list()).find((i) => i.id === installed.id);
      expect(view?.config?.values.baseUrl).toBe(libre.url);
      await callerFor(deps, acme.agent.token).integrations.translate({ text: 'Merhaba', to: 'en' });
      expect(attacker.requests).toHaveLength(0);

      // Saving without moving keeps the key; moving with the key typed again is fine.
      await admin.integrations.configure({ id: installed.id, config: { baseUrl: libre.url } });
      expect((await owner.integrations.list()).find((i) => i.id === installed.id)?.config?.secrets).toEqual({
        apiKey: 'set',
      });
      await admin.integrations.configure({
        id: installed.id,
        config: { baseUrl: attacker.url, apiKey: 'their-own-key' },
      });
      expect(
        (await owner.integrations.list()).find((i) => i.id === installed.id)?.config?.values.baseUrl,
      ).toBe(attacker.url);
      await owner.integrations.setEnabled({ id: installed.id, enabled: false });
    } finally {
      await libre.close();
      await attacker.close();
    }
  });

  it("keeps a provider's response body out of translate errors, lastError and the test message", async () => {
    const page = await startFakeServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>INTERNAL-ADMIN-PAGE token=s3cr3t</h1>');
    });
    // An "SMTP server" whose greeting is someone's banner.
    const banner: Server = createTcpServer((socket) => {
      socket.end('554 INTERNAL-BANNER build=4711 go away\r\n');
    });
    await new Promise<void>((r) => banner.listen(0, '127.0.0.1', r));
    try {
      const other = await seedAccount(deps, 'Body Co');
      const owner = callerFor(deps, other.owner.token);
      const installed = await owner.integrations.install({
        name: 'translator-libretranslate',
        config: { baseUrl: page.url },
      });
      const failed = await causeOf(
        callerFor(deps, other.agent.token).integrations.translate({ text: 'Merhaba', to: 'en' }),
      );
      expect(failed).toMatchObject({ code: 'integration.failed' });
      expect(failed.message).toMatch(/provider answered with an error \(500\)/);
      expect(JSON.stringify(failed)).not.toMatch(/INTERNAL-ADMIN-PAGE|s3cr3t/);
      const listed = (await owner.integrations.list()).find((i) => i.id === installed.id);
      expect(listed?.lastError).toMatch(/provider answered with an error/);
      expect(JSON.stringify(listed)).not.toMatch(/INTERNAL-ADMIN-PAGE|s3cr3t/);

      const port = (banner.address() as { port: number }).port;
      const mail = await owner.integrations.addChannel({
        plugin: 'channel-email',
        name: 'Scanner',
        config: { fromAddress: 'support@body.test', smtpHost: '127.0.0.1', smtpPort: port },
      });
      const test = await causeOf(owner.integrations.sendTest({ id: mail.installId, to: 'x@body.test' }));
      expect(test).toMatchObject({ code: 'integration.failed' });
      expect(JSON.stringify(test)).not.toMatch(/INTERNAL-BANNER|4711/);
      const mailView = (await owner.integrations.list()).find((i) => i.id === mail.installId);
      expect(JSON.stringify(mailView)).not.toMatch(/INTERNAL-BANNER|4711/);
    } finally {
      await page.close();
      banner.close();
    }
  });
});

describe('with private destinations refused (the default)', () => {
  let deps: TestDeps;
  let acme: Awaited<ReturnType<typeof seedAccount>>;
  beforeAll(async () => {
    deps = await createTestDeps({ env: { ALLOW_PRIVATE_NETWORK_DESTINATIONS: 'false' } });
    acme = await seedAccount(deps);
  });
  afterAll(() => deps.cleanup());

  it('refuses loopback, private, link-local and metadata URLs and hosts, marking the field', async () => {
    const owner = callerFor(deps, acme.owner.token);
    for (const baseUrl of [
      'http://127.0.0.1:5000',
      'http://localhost:5000',
      'http://10.1.2.3',
      'http://192.168.1.20:8080',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const refused = await causeOf(
        owner.integrations.install({ name: 'translator-libretranslate', config: { baseUrl } }),
      );
      expect(refused, baseUrl).toMatchObject({
        code: 'integration.invalid_config',
        fieldErrors: { baseUrl: 'validation.private_destination' },
      });
    }
    const mail = await causeOf(
      owner.integrations.addChannel({
        plugin: 'channel-email',
        name: 'Port scanner',
        config: { fromAddress: 'support@acme.test', smtpHost: '172.16.0.9', imapHost: 'localhost' },
      }),
    );
    expect(mail).toMatchObject({
      fieldErrors: { smtpHost: 'validation.private_destination', imapHost: 'validation.private_destination' },
    });
    expect(await deps.db.pluginInstall.count({ where: { accountId: acme.account.id } })).toBe(0);
  });

  it('refuses to start an install stored before the rule, or whose address changed', async () => {
    const record = await deps.plugins.createInstall({
      accountId: acme.account.id,
      name: 'translator-libretranslate',
      config: { baseUrl: 'https://translate.example.com' },
    });
    if (!record.ok) throw new Error('install refused');
    // Written past the form, as an older version or a database edit would have.
    const sealed = deps.plugins.sealConfig('translator-libretranslate', { baseUrl: 'http://127.0.0.1:9' });
    await deps.db.pluginInstall.update({ where: { id: record.install.id }, data: { config: sealed } });
    // A server started on that database (a restart) refuses to start the install.
    const restarted = await createIntegrationHost({
      db: deps.db,
      logger: deps.logger,
      secretKey: 'test-secret-key-0123456789',
      publicUrl: 'http://localhost:3000',
      thirdParty: [],
      allowPrivateNetwork: false,
    });
    try {
      const failed = await restarted.translator(record.install.id).then(
        () => new Error('expected a refusal'),
        (err: unknown) => err,
      );
      expect(failed).toBeInstanceOf(PluginError);
      expect((failed as PluginError).publicReason()).toMatch(/private network/);
      expect((await restarted.health(record.install.id)).lastError).toMatch(/private network/);
    } finally {
      await restarted.close();
    }
  });
});
