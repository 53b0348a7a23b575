import { randomUUID } from 'node:crypto';
import { scopeToAccount } from '@parley/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisBus } from '../src/bus/redis-bus';
import { vapidKeysFor } from '../src/domain/push';
import { createPushNotifier } from '../src/domain/push/notifier';
import { createPushSubscriptionCache } from '../src/domain/push/subscription-cache';
import { type RunningServer, startServer } from '../src/server';
import { callerFor, createTestDeps, errorOf, seedAccount, type TestDeps, visitorCaller } from './harness';
import { startPushEndpoint } from './push-endpoint';

// A7 Web Push, server side: subscriptions per user and device, pushes to agents whose console is
// closed (by the presence heartbeat), per their notification setting, encrypted for the device,
// signed with the server's VAPID key; a dropped subscription (404/410) is forgotten.

let deps: TestDeps;
let server: RunningServer;
let endpoint: Awaited<ReturnType<typeof startPushEndpoint>>;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  endpoint = await startPushEndpoint();
  acme = await seedAccount(deps, 'Acme');
  other = await seedAccount(deps, 'Other');
});
afterAll(async () => {
  await server.close();
  await endpoint.close();
  await deps.cleanup();
});
beforeEach(() => {
  endpoint.received.length = 0;
});

const pushesTo = (path: string) => endpoint.received.filter((r) => r.path === path);
type Payload = { title: string; body: string; url: string; tag: string };

describe('push subscriptions', () => {
  it('serves the VAPID public key, kept in DATA_DIR across restarts', async () => {
    const { publicKey } = await callerFor(deps, acme.agent.token).push.config();
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    const { loadVapidKeys } = await import('../src/domain/push/vapid');
    const again = await loadVapidKeys({ dataDir: deps.config.dataDir });
    expect(again.publicKey).toBe(publicKey);
  });

  it('subscribes per user and device; unsubscribe touches only the caller’s rows', async () => {
    const agent = callerFor(deps, acme.agent.token);
    const sub = endpoint.subscription('shared-browser');
    await agent.push.subscribe({ ...sub.json, preview: false });
    await agent.push.subscribe({ ...sub.json, preview: true }); // again: updated, not doubled
    const devices = await agent.push.devices();
    expect(devices.filter((d) => d.endpoint === sub.json.endpoint)).toMatchObject([{ preview: true }]);
    // Another account cannot see or end it.
    await callerFor(deps, other.owner.token).push.unsubscribe({ endpoint: sub.json.endpoint });
    expect(await callerFor(deps, other.owner.token).push.devices()).toEqual([]);
    expect(await agent.push.devices()).toHaveLength(1);
    await agent.push.unsubscribe({ endpoint: sub.json.endpoint });
    expect(await agent.push.devices()).toEqual([]);
  });

  it('refuses anonymous callers and hostile endpoints', async () => {
    const sub = endpoint.subscription('x');
    expect((await errorOf(callerFor(deps).push.subscribe({ ...sub.json, preview: false }))).code).toBe(
      'UNAUTHORIZED',
    );
    const agent = callerFor(deps, acme.agent.token);
    expect(
      (await errorOf(agent.push.subscribe({ ...sub.json, endpoint: 'ftp://x.test/a', preview: false }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await errorOf(
          agent.push.subscribe({ ...sub.json, keys: { p256dh: 'short', auth: 'x' }, preview: false }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const { isAllowedEndpoint } = await import('../src/domain/push/destination');
    // Without ALLOW_PRIVATE_NETWORK_DESTINATIONS: https only, and never to this machine or the LAN.
    expect(await isAllowedEndpoint('http://push.example.com/a', false)).toBe(false);
    expect(await isAllowedEndpoint('https://127.0.0.1/a', false)).toBe(false);
    expect(await isAllowedEndpoint('https://10.1.2.3/a', false)).toBe(false);
    expect(await isAllowedEndpoint('https://[::1]/a', false)).toBe(false);
    expect(await isAllowedEndpoint('https://user:pw@203.0.113.9/a', false)).toBe(false);
    expect(await isAllowedEndpoint('https://203.0.113.9/a', false)).toBe(true);
  });
});

describe('sending', () => {
  it('pushes a team message to a closed console, encrypted and VAPID-signed, and opens that chat', async () => {
    const agent = callerFor(deps, acme.agent.token);
    const sub = endpoint.subscription('agent-team');
    await agent.push.subscribe({ ...sub.json, preview: false });
    const owner = callerFor(deps, acme.owner.token);
    const direct = await owner.team.openDirect({ userId: acme.agent.id });
    await owner.team.send({ conversationId: direct.id, clientId: randomUUID(), body: 'the secret plan' });
    await server.push.idle();

    const [push] = pushesTo(sub.path);
    expect(push).toBeDefined();
    const { publicKey } = await agent.push.config();
    expect(push?.headers.authorization).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${publicKey}$`),
    );
    expect(push?.headers['content-encoding']).toBe('aes128gcm');
    expect(push?.body.toString('latin1')).not.toContain('secret');
    const payload = JSON.parse(sub.decrypt(push!.body)) as Payload;
    expect(payload).toEqual({
      title: 'Team message from Acme owner',
      body: 'Open Team chats to read it',
      url: `/team/chats/${direct.id}`,
      tag: `team-${direct.id}`,
    });
    // The author's own devices get nothing.
    await agent.push.unsubscribe({ endpoint: sub.json.endpoint });
  });

  it('a chat request reaches the closed consoles, in their language, with a preview where allowed; a mention its agent', async () => {
    const admin = callerFor(deps, acme.admin.token);
    await deps.db.user.update({ where: { id: acme.admin.id }, data: { locale: 'tr' } });
    const sub = endpoint.subscription('admin-request');
    await admin.push.subscribe({ ...sub.json, preview: true });
    const channel = await admin.channels.create({ kind: 'website', name: 'Shop' });
    const started = await callerFor(deps).widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const sent = await visitorCaller(deps, started.visitorToken).widget.send({
      clientId: randomUUID(),
      body: 'Do you ship to Izmir?',
    });
    await server.push.idle();
    const [push] = pushesTo(sub.path);
    expect(JSON.parse(sub.decrypt(push!.body))).toEqual({
      title: 'Yeni sohbet isteği',
      body: 'Do you ship to Izmir?',
      url: `/chats/${sent.conversationId}`,
      tag: `chat-${sent.conversationId}`,
    });
    await admin.push.unsubscribe({ endpoint: sub.json.endpoint });

    // An @mention in a private note of that chat reaches the mentioned agent (console closed).
    const agent = callerFor(deps, acme.agent.token);
    const agentSub = endpoint.subscription('agent-mention');
    await agent.push.subscribe({ ...agentSub.json, preview: false });
    await deps.db.user.update({
      where: { id: acme.agent.id },
      data: { lastSeenAt: null, presence: 'offline' },
    });
    await admin.chats.accept({ conversationId: sent.conversationId });
    await admin.tools.note({ conversationId: sent.conversationId, body: 'Over to you @Acme agent' });
    await server.push.idle();
    const mention = pushesTo(agentSub.path)
      .map((p) => JSON.parse(agentSub.decrypt(p.body)) as Payload)
      .find((p) => p.tag.startsWith('mention-'));
    expect(mention).toEqual({
      title: 'Acme admin mentioned you',
      body: 'Open the chat to read the note',
      url: `/chats/${sent.conversationId}`,
      tag: `mention-${sent.conversationId}`,
    });
    await agent.push.unsubscribe({ endpoint: agentSub.json.endpoint });
  });

  it('skips an open console (heartbeat), a "no notifications" setting, and forgets a dropped subscription', async () => {
    const agent = callerFor(deps, acme.agent.token);
    const owner = callerFor(deps, acme.owner.token);
    const sub = endpoint.subscription('agent-rules');
    await agent.push.subscribe({ ...sub.json, preview: false });
    const direct = await owner.team.openDirect({ userId: acme.agent.id });
    const send = async () => {
      await owner.team.send({ conversationId: direct.id, clientId: randomUUID(), body: 'ping' });
      await server.push.idle();
    };

    await agent.presence.heartbeat(); // the console is open
    await send();
    expect(pushesTo(sub.path)).toHaveLength(0);

    // Closed: its last beat is older than the offline grace.
    await deps.db.user.update({
      where: { id: acme.agent.id },
      data: { lastSeenAt: new Date(Date.now() - 120_000) },
    });
    await deps.db.user.update({ where: { id: acme.agent.id }, data: { notificationType: 'off' } });
    await send();
    expect(pushesTo(sub.path)).toHaveLength(0);

    await deps.db.user.update({ where: { id: acme.agent.id }, data: { notificationType: 'os' } });
    await send();
    expect(pushesTo(sub.path)).toHaveLength(1);

    endpoint.respond(sub.path, 410);
    await send();
    expect(pushesTo(sub.path)).toHaveLength(2);
    expect(await agent.push.devices()).toEqual([]);
  });

  it('a reminder reaches its person; a revoked session ends its device’s pushes', async () => {
    const agent = callerFor(deps, acme.agent.token);
    await deps.db.user.update({
      where: { id: acme.agent.id },
      data: { lastSeenAt: null, presence: 'offline' },
    });
    const sub = endpoint.subscription('agent-reminder');
    await agent.push.subscribe({ ...sub.json, preview: true });
    await callerFor(deps, acme.owner.token).tools.remind({
      text: 'Call the supplier back',
      dueAt: new Date(Date.now() + 1_000).toISOString(),
      assigneeId: acme.agent.id,
    });
    const deadline = Date.now() + 15_000;
    while (pushesTo(sub.path).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      await server.push.idle();
    }
    const payload = JSON.parse(sub.decrypt(pushesTo(sub.path)[0]!.body)) as Payload;
    expect(payload).toMatchObject({
      title: 'Reminder',
      body: 'Call the supplier back',
      url: '/crm/reminders',
    });

    // Logging out on that device (its session gone) removes the subscription with it.
    await deps.db.session.deleteMany({ where: { userId: acme.agent.id } });
    expect(await deps.db.pushSubscription.count({ where: { userId: acme.agent.id } })).toBe(0);
  });
});

describe('the per-account "has push subscriptions" cache', () => {
  it('an account without subscriptions costs no read; adding or removing one is heard by every process', async () => {
    const dbFor = (accountId: string) => scopeToAccount(deps.systemDb, accountId);
    // Another process: its own Redis connection when REDIS_URL is set (the server's bus otherwise).
    const otherBus = process.env.REDIS_URL
      ? await createRedisBus(process.env.REDIS_URL, deps.logger)
      : deps.bus;
    const here = await createPushSubscriptionCache({ bus: deps.bus, dbFor });
    const there = await createPushSubscriptionCache({ bus: otherBus, dbFor });
    try {
      const accountId = other.account.id;
      expect(await here.has(accountId)).toBe(false);
      expect(await here.has(accountId)).toBe(false);
      expect(await there.has(accountId)).toBe(false);
      expect([here.reads, there.reads]).toEqual([1, 1]);

      // A chat request, a mention and a reminder in that account: no database read at all.
      let opened = 0;
      const notifier = createPushNotifier({
        dbFor: (id) => {
          opened++;
          return dbFor(id);
        },
        vapid: await vapidKeysFor(deps.config),
        logger: deps.logger,
        allowPrivate: true,
        hasSubscriptions: (id) => here.has(id),
        send: async () => 201,
      });
      const events = [
        { type: 'chat.request', conversation: { id: 'c1', channel: { id: 'ch1', name: 'Shop' } } },
        { type: 'mention', conversationId: 'c1', message: { body: 'hi', agent: { id: 'u1', name: 'A' } } },
        { type: 'reminder', reminder: { id: 'r1', text: 'call', conversationId: null } },
      ];
      for (const payload of events)
        notifier.observe({ id: 1, accountId, topic: 'console', payload, audience: [other.agent.id] });
      await notifier.idle();
      await notifier.close();
      expect(opened).toBe(0);
      expect(here.reads).toBe(1);

      // Subscribing is heard at once here (the announcing process) and soon in the other process.
      const owner = callerFor(deps, other.owner.token);
      const sub = endpoint.subscription('cache-owner');
      await owner.push.subscribe({ ...sub.json, preview: false });
      expect(await here.has(accountId)).toBe(true);
      await expect.poll(() => there.has(accountId), { timeout: 5000 }).toBe(true);
      // (On Redis this process also hears its own announcement come back, and reads once more.)
      expect(await here.has(accountId)).toBe(true);

      await owner.push.unsubscribe({ endpoint: sub.json.endpoint });
      expect(await here.has(accountId)).toBe(false);
      await expect.poll(() => there.has(accountId), { timeout: 5000 }).toBe(false);
      // The other account's answer was never disturbed.
      expect(await here.has(acme.account.id)).toBe(
        (await deps.db.pushSubscription.count({ where: { accountId: acme.account.id } })) > 0,
      );
    } finally {
      here.close();
      there.close();
      if (otherBus !== deps.bus) await otherBus.close();
    }
  });
});
