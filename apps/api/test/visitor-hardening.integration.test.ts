import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config';
import { VISITOR_RECHECK_MS } from '../src/context';
import { CONSOLE_TOPIC } from '../src/domain/live-chat/constants';
import { type RunningServer, startServer } from '../src/server';
import { createVisitorClient } from './client';
import { callerFor, createTestDeps, recordBus, seedAccount, type TestDeps, visitorCaller } from './harness';

/** Visitors: identities per site, typing throttled, bans and switched-off channels hold. */
let deps: TestDeps;
let server: RunningServer;
let acme: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  acme = await seedAccount(deps);
  await callerFor(deps, acme.agent.token).presence.set({ presence: 'online' });
});
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

const page = () => ({ url: 'https://shop.test/', title: 'Shop', referrer: '' });
const sign = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

describe('verified identities (G4)', () => {
  it("keeps one site's user id apart from the same id on another site of the account", async () => {
    const admin = callerFor(deps, acme.admin.token);
    const site1 = await admin.channels.create({ kind: 'website', name: 'Site one' });
    const site2 = await admin.channels.create({ kind: 'website', name: 'Site two' });
    const anon = callerFor(deps, undefined, '198.51.100.40');
    const one = await anon.widget.start({
      channelKey: site1.publicKey,
      identity: { userId: 'cust-42', hash: sign(site1.secret, 'cust-42') },
      page: page(),
    });
    await visitorCaller(deps, one.visitorToken).widget.setContact({ name: 'Ayşe', email: 'ayse@one.test' });
    await visitorCaller(deps, one.visitorToken).widget.send({
      clientId: randomUUID(),
      body: 'Site one here',
    });

    const two = await callerFor(deps, undefined, '198.51.100.41').widget.start({
      channelKey: site2.publicKey,
      identity: { userId: 'cust-42', hash: sign(site2.secret, 'cust-42') },
      page: page(),
    });
    expect(two.visitor.id).not.toBe(one.visitor.id);
    expect(JSON.stringify(two)).not.toMatch(/Ayşe|ayse@one\.test/);
    await visitorCaller(deps, two.visitorToken).widget.send({
      clientId: randomUUID(),
      body: 'Site two here',
    });
    const conversations = await deps.db.conversation.findMany({
      where: { visitorId: { in: [one.visitor.id, two.visitor.id] } },
    });
    expect(new Set(conversations.map((c) => c.visitorId)).size).toBe(2);

    // The same user on site one from another browser is still recognised there.
    const again = await callerFor(deps, undefined, '198.51.100.42').widget.start({
      channelKey: site1.publicKey,
      identity: { userId: 'cust-42', hash: sign(site1.secret, 'cust-42') },
      page: page(),
    });
    expect(again.visitor.id).toBe(one.visitor.id);
  });
});

describe('the migration for visitors identified before', () => {
  it('links each identified visitor to its user id on the website channels it was seen on', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const site = await admin.channels.create({ kind: 'website', name: 'Before the migration' });
    const start = await callerFor(deps, undefined, '198.51.100.60').widget.start({
      channelKey: site.publicKey,
      page: page(),
    });
    // What the old code left: the user id on the visitor row only.
    await deps.db.visitor.update({ where: { id: start.visitor.id }, data: { externalId: 'legacy-9' } });
    const sql = await readFile(
      path.join(
        repoRoot,
        `packages/db/prisma/${deps.database.provider}/migrations/20261207040714_g4_identity_per_channel/migration.sql`,
      ),
      'utf8',
    );
    await deps.db.$executeRawUnsafe(sql.replace(/^--.*$/gm, ''));
    const again = await callerFor(deps, undefined, '198.51.100.61').widget.start({
      channelKey: site.publicKey,
      identity: { userId: 'legacy-9', hash: sign(site.secret, 'legacy-9') },
      page: page(),
    });
    expect(again.visitor.id).toBe(start.visitor.id);
  });
});

describe('typing, bans and switched-off channels over an open socket', () => {
  it('throttles typing previews, refuses them from a banned visitor, and stops when the channel is off', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const site = await admin.channels.create({ kind: 'website', name: 'Socket site' });
    const start = await callerFor(deps, undefined, '198.51.100.50').widget.start({
      channelKey: site.publicKey,
      page: page(),
    });
    const visitor = createVisitorClient(server.url, start.visitorToken);
    try {
      await visitor.client.widget.send.mutate({ clientId: randomUUID(), body: 'Hello' });
      const bus = await recordBus(deps, acme.account.id, CONSOLE_TOPIC);
      const text = 'x'.repeat(4000);
      await Promise.all(Array.from({ length: 200 }, () => visitor.client.widget.typing.mutate({ text })));
      await new Promise((r) => setTimeout(r, 200));
      const previews = bus.ofType('typing').length;
      expect(previews).toBeGreaterThan(0);
      expect(previews).toBeLessThanOrEqual(10);
      await bus.stop();

      await callerFor(deps, acme.agent.token).tools.ban({ visitorId: start.visitor.id, reason: 'spam' });
      await new Promise((r) => setTimeout(r, 1100));
      await expect(visitor.client.widget.typing.mutate({ text: 'still here' })).rejects.toMatchObject({
        data: { appCode: 'widget.banned' },
      });
      // Nor can the banned visitor change what agents see of them, or leave an offline message.
      await expect(visitor.client.widget.setContact.mutate({ name: 'Renamed' })).rejects.toMatchObject({
        data: { appCode: 'widget.banned' },
      });
      await expect(
        visitor.client.widget.offlineMessage.mutate({
          clientId: randomUUID(),
          name: 'Renamed',
          email: 'x@example.com',
          body: 'let me in',
        }),
      ).rejects.toMatchObject({ data: { appCode: 'widget.banned' } });
      expect((await deps.db.visitor.findUniqueOrThrow({ where: { id: start.visitor.id } })).name).not.toBe(
        'Renamed',
      );

      await admin.channels.update({ id: site.id, enabled: false });
      await new Promise((r) => setTimeout(r, VISITOR_RECHECK_MS + 200));
      await expect(
        visitor.client.widget.send.mutate({ clientId: randomUUID(), body: 'after switch-off' }),
      ).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
      await expect(visitor.client.widget.ping.mutate()).rejects.toMatchObject({
        data: { code: 'UNAUTHORIZED' },
      });
    } finally {
      visitor.wsClient.close();
    }
  });
});
