import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  callerFor,
  createTestDeps,
  errorOf,
  seedAccount,
  type TestDeps,
  visitorCaller,
} from '../../../test/harness';
import type { Mailer, MailMessage } from '../../mail/mailer';
import { type DeliveryDeps, runDeliveryPass } from './deliver';
import { checkDestination, parseEndpointUrl } from './destination';
import { runWebhookDispatch } from './dispatch';
import { configureWebhookSecrets } from './secrets';

/**
 * J7 webhooks on a real database (SQLite; PostgreSQL with DATABASE_URL): the event log becomes
 * signed deliveries that a local receiver checks with the standardwebhooks library's own verifier.
 */

interface Received {
  id: string;
  headers: Record<string, string>;
  body: string;
  payload: { type: string; data: Record<string, { id?: string; conversationId?: string }> };
}

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let globex: Awaited<ReturnType<typeof seedAccount>>;
let channelKey: string;
let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];
/** What the receiver answers: 200, 503 (down), or a redirect. */
let answer: 200 | 503 | 302 = 200;
const mails: MailMessage[] = [];
const mailer: Mailer = {
  async send(m) {
    mails.push(m);
  },
  close() {},
};
let ip = 20;
let clock = Date.now();

const workerDeps = (over: Partial<DeliveryDeps> = {}): DeliveryDeps => ({
  systemDb: deps.systemDb,
  logger: deps.logger,
  mailer,
  destinations: { allowPrivateNetwork: true },
  publicUrl: 'http://localhost:3000',
  jitter: false,
  ...over,
});

/** Dispatches the log, then sends what is due at the test's clock, until nothing is left due. */
async function drain(over: Partial<DeliveryDeps> = {}, holder = 'test') {
  await runWebhookDispatch({ systemDb: deps.systemDb, provider: deps.database.provider }, new Date(clock));
  for (let i = 0; i < 50; i++) {
    const r = await runDeliveryPass(workerDeps(over), holder, new Date(clock));
    if (r.claimed === 0) return;
  }
}

async function startChat() {
  const addr = `198.51.100.${ip++}`;
  const started = await callerFor(deps, undefined, addr).widget.start({
    channelKey,
    page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
  });
  const api = visitorCaller(deps, started.visitorToken, addr);
  const first = await api.widget.send({ clientId: randomUUID(), body: 'first' });
  return { api, conversationId: first.conversationId, visitorId: started.visitor.id, firstId: first.id };
}

async function addEndpoint(events: string[] = ['message.created', 'conversation.created']) {
  return callerFor(deps, acme.admin.token).webhooks.create({
    url: receiverUrl,
    events: events as never,
    description: 'CRM',
  });
}

beforeAll(async () => {
  configureWebhookSecrets('test-secret-key-0123456789');
  deps = await createTestDeps({ mailer });
  acme = await seedAccount(deps, 'Acme');
  globex = await seedAccount(deps, 'Globex');
  channelKey = (await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (answer === 302) {
        res.writeHead(302, { location: `${receiverUrl}elsewhere` }).end();
        return;
      }
      if (answer === 503) {
        res.writeHead(503).end('down for maintenance');
        return;
      }
      const headers = req.headers as Record<string, string>;
      received.push({ id: headers['webhook-id'] as string, headers, body, payload: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/`;
  await runWebhookDispatch({ systemDb: deps.systemDb, provider: deps.database.provider }); // the cursor starts at the end of the log
});

afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await deps.cleanup();
});

beforeEach(async () => {
  received = [];
  answer = 200;
  await deps.db.webhookEndpoint.deleteMany({});
});

describe('webhooks (J7)', () => {
  it('signs each event by Standard Webhooks; the library verifies it; payloads are the public shape', async () => {
    const { secret, endpoint } = await addEndpoint();
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: receiverUrl, events: ['message.created', 'conversation.created'] });
    const chat = await startChat();
    await drain();
    expect(received.map((r) => r.payload.type)).toEqual(['conversation.created', 'message.created']);
    const wh = new Webhook(secret);
    for (const r of received) {
      expect(wh.verify(r.body, r.headers)).toEqual(r.payload);
      expect(r.id).toMatch(/^msg_/);
    }
    // A different secret does not verify.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(24, 1).toString('base64')}`).verify(
        received[0]!.body,
        received[0]!.headers,
      ),
    ).toThrow();
    const message = received[1]!.payload as unknown as {
      data: { message: Record<string, unknown>; conversation: Record<string, unknown> };
    };
    expect(message.data.message).toMatchObject({
      id: chat.firstId,
      conversationId: chat.conversationId,
      author: 'visitor',
      kind: 'text',
      body: 'first',
    });
    expect(message.data.conversation).toMatchObject({ id: chat.conversationId, visitorId: chat.visitorId });
    // Not an internal object: no console-only fields.
    expect(message.data.message).not.toHaveProperty('clientId');
    // Reveal gives the same secret; the log shows the response codes.
    const admin = callerFor(deps, acme.admin.token);
    expect((await admin.webhooks.revealSecret({ id: endpoint.id })).secret).toBe(secret);
    const log = await admin.webhooks.deliveries({ endpointId: endpoint.id });
    expect(log.deliveries.map((d) => [d.status, d.lastStatusCode, d.attempts])).toEqual([
      ['succeeded', 204, 1],
      ['succeeded', 204, 1],
    ]);
  });

  it('maps a chat’s life to conversation, message, visitor and rating events, nothing else', async () => {
    const all = [
      'conversation.created',
      'conversation.assigned',
      'conversation.closed',
      'message.created',
      'visitor.updated',
      'rating.given',
      'call.ended',
    ];
    const { secret } = await addEndpoint(all);
    await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
    const chat = await startChat();
    const owner = callerFor(deps, acme.owner.token);
    await owner.chats.accept({ conversationId: chat.conversationId });
    await owner.chats.send({ conversationId: chat.conversationId, clientId: randomUUID(), body: 'Hi!' });
    await owner.crm.updateContact({ visitorId: chat.visitorId, name: 'Ada', email: 'ada@example.com' });
    await owner.chats.leave({ conversationId: chat.conversationId });
    await chat.api.widget.rate({ conversationId: chat.conversationId, score: 1, comment: 'Great' });
    await drain();
    const wh = new Webhook(secret);
    const events = received.map((r) => wh.verify(r.body, r.headers) as Received['payload']);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'conversation.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'conversation.assigned')).toHaveLength(1);
    expect(types.filter((t) => t === 'conversation.closed')).toHaveLength(1);
    expect(types.filter((t) => t === 'rating.given')).toHaveLength(1);
    expect(types.filter((t) => t === 'visitor.updated')).toHaveLength(1);
    // The visitor's and the agent's messages; system lines (joined, left) are not messages here.
    expect(
      events
        .filter((e) => e.type === 'message.created')
        .map((e) => (e.data.message as { body?: string }).body),
    ).toEqual(['first', 'Hi!']);
    // In the order they happened (one conversation).
    const order = types.filter((t) => t !== 'visitor.updated');
    expect(order.indexOf('conversation.created')).toBe(0);
    expect(order.indexOf('conversation.assigned')).toBeLessThan(order.lastIndexOf('message.created'));
    expect(order.indexOf('conversation.closed')).toBeLessThan(order.indexOf('rating.given'));
    const assigned = events.find((e) => e.type === 'conversation.assigned');
    expect(assigned?.data.conversation).toMatchObject({
      id: chat.conversationId,
      assignee: { id: acme.owner.id },
      status: 'open',
    });
    expect(events.find((e) => e.type === 'visitor.updated')?.data.visitor).toMatchObject({
      id: chat.visitorId,
      name: 'Ada',
      email: 'ada@example.com',
    });
    expect(events.find((e) => e.type === 'rating.given')?.data.rating).toMatchObject({
      conversationId: chat.conversationId,
      score: 1,
      comment: 'Great',
    });
  });

  it('a receiver down for a while gets everything, in order per conversation, once it is back; then replay', async () => {
    await addEndpoint(['message.created']);
    answer = 503;
    const a = await startChat();
    const b = await startChat();
    const sentA = [a.firstId];
    const sentB = [b.firstId];
    for (let i = 0; i < 3; i++) {
      sentA.push((await a.api.widget.send({ clientId: randomUUID(), body: `a${i}` })).id);
      sentB.push((await b.api.widget.send({ clientId: randomUUID(), body: `b${i}` })).id);
    }
    // Down: several rounds of retries over hours; nothing arrives and later messages wait.
    for (let hour = 0; hour < 3; hour++) {
      await drain();
      clock += 40 * 60_000;
    }
    expect(received).toEqual([]);
    const waiting = await deps.db.webhookDelivery.findMany({ where: { accountId: acme.account.id } });
    expect(waiting.every((d) => d.status === 'pending')).toBe(true);
    // Only the first of each conversation was tried.
    expect(
      waiting
        .filter((d) => d.attempts > 0)
        .map((d) => (d.payload as { data: { message: { id: string } } }).data.message.id)
        .sort(),
    ).toEqual([a.firstId, b.firstId].sort());
    answer = 200;
    for (let round = 0; round < 10 && received.length < 8; round++) {
      clock += 3 * 3600_000;
      await drain();
    }
    const idsOf = (conversationId: string) =>
      received
        .filter((r) => r.payload.data.message?.conversationId === conversationId)
        .map((r) => r.payload.data.message?.id);
    expect(idsOf(a.conversationId)).toEqual(sentA);
    expect(idsOf(b.conversationId)).toEqual(sentB);
    expect(new Set(received.map((r) => r.id)).size).toBe(8);

    // Replay: the same webhook-id again.
    const first = received[0]!;
    const admin = callerFor(deps, acme.admin.token);
    await admin.webhooks.replay({ id: first.id });
    await drain();
    expect(received.at(-1)?.id).toBe(first.id);
    expect(received.at(-1)?.body).toBe(first.body);
    // Another account cannot replay it.
    expect(
      await errorOf(callerFor(deps, globex.admin.token).webhooks.replay({ id: first.id })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses private destinations (literal, DNS, at delivery) and never follows a redirect', async () => {
    const rule = { allowPrivateNetwork: false, resolve: async () => ['10.0.0.7'] };
    for (const url of [
      'http://127.0.0.1:9/x',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'http://intranet.example/',
    ]) {
      await expect(checkDestination(parseEndpointUrl(url), rule)).rejects.toMatchObject({
        code: 'webhooks.private_destination',
      });
    }
    await expect(
      checkDestination(parseEndpointUrl('https://hooks.example/'), {
        allowPrivateNetwork: false,
        resolve: async () => ['93.184.215.14'],
      }),
    ).resolves.toBeUndefined();
    for (const url of ['ftp://x.example/', 'http://user:pw@x.example/', 'not a url'])
      expect(() => parseEndpointUrl(url)).toThrow();

    // Through the procedure, on a server that does not allow private destinations.
    const strict = { ...deps, config: { ...deps.config, allowPrivateNetworkDestinations: false } };
    expect(
      await errorOf(
        callerFor(strict, acme.admin.token).webhooks.create({
          url: 'http://127.0.0.1:8080/',
          events: ['message.created'],
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', appCode: 'webhooks.private_destination' });

    // An endpoint saved while allowed is still checked before each attempt.
    const { endpoint } = await addEndpoint(['message.created']);
    await startChat();
    await drain({ destinations: { allowPrivateNetwork: false } });
    expect(received).toEqual([]);
    const [blocked] = (
      await callerFor(deps, acme.admin.token).webhooks.deliveries({ endpointId: endpoint.id })
    ).deliveries;
    expect(blocked).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(blocked?.lastError).toMatch(/private network/);

    // A redirect is a failure, not followed.
    answer = 302;
    clock += 3600_000;
    await drain();
    const [redirected] = (
      await callerFor(deps, acme.admin.token).webhooks.deliveries({ endpointId: endpoint.id })
    ).deliveries;
    expect(redirected).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 302 });
    expect(received).toEqual([]);
  });

  it('keeps accounts apart and admins only', async () => {
    const { endpoint } = await addEndpoint();
    const other = callerFor(deps, globex.admin.token);
    expect((await other.webhooks.list()).endpoints).toEqual([]);
    for (const call of [
      () => other.webhooks.update({ id: endpoint.id, enabled: false }),
      () => other.webhooks.remove({ id: endpoint.id }),
      () => other.webhooks.revealSecret({ id: endpoint.id }),
      () => other.webhooks.rotateSecret({ id: endpoint.id }),
      () => other.webhooks.sendTest({ id: endpoint.id }),
      () => other.webhooks.deliveries({ endpointId: endpoint.id }),
    ])
      expect(await errorOf(call())).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(callerFor(deps, acme.agent.token).webhooks.list())).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await errorOf(callerFor(deps).webhooks.list())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await callerFor(deps, acme.admin.token).webhooks.list()).endpoints).toHaveLength(1);
  });

  it('a new URL rotates the secret; a test event goes out signed with it', async () => {
    const admin = callerFor(deps, acme.admin.token);
    const { endpoint, secret } = await addEndpoint();
    const same = await admin.webhooks.update({ id: endpoint.id, url: receiverUrl, description: 'x' });
    expect(same.secret).toBeNull();
    const moved = await admin.webhooks.update({ id: endpoint.id, url: `${receiverUrl}v2` });
    expect(moved.secret).toMatch(/^whsec_/);
    expect(moved.secret).not.toBe(secret);
    await admin.webhooks.sendTest({ id: endpoint.id });
    await drain();
    expect(received).toHaveLength(1);
    expect(received[0]!.payload.type).toBe('webhook.test');
    expect(() => new Webhook(secret).verify(received[0]!.body, received[0]!.headers)).toThrow();
    expect(new Webhook(moved.secret as string).verify(received[0]!.body, received[0]!.headers)).toBeTruthy();
    expect(await errorOf(admin.webhooks.create({ url: receiverUrl, events: [] }))).toMatchObject({
      appCode: 'webhooks.events_required',
    });
  });

  it('turns an endpoint off after days of failure and mails the admins', async () => {
    const { endpoint } = await addEndpoint(['message.created']);
    answer = 503;
    mails.length = 0;
    await startChat();
    await drain({ disableAfterMs: 3 * 24 * 3600_000 });
    expect((await deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).enabled).toBe(
      true,
    );
    const later = await startChat();
    await later.api.widget.send({ clientId: randomUUID(), body: 'still there?' });
    clock += 4 * 24 * 3600_000;
    await drain({ disableAfterMs: 3 * 24 * 3600_000 });
    const row = await deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: 'failing' });
    expect(mails.map((m) => m.to).sort()).toEqual([acme.admin.email, acme.owner.email].sort());
    expect(mails[0]?.text).toContain(receiverUrl);
    // Turned back on: the failure state is cleared and waiting events go out.
    answer = 200;
    await callerFor(deps, acme.admin.token).webhooks.update({ id: endpoint.id, enabled: true });
    await drain();
    expect(received.length).toBeGreaterThanOrEqual(2);
  });

  it('two workers sharing the database send each delivery exactly once', async () => {
    const { endpoint } = await addEndpoint(['message.created']);
    for (let i = 0; i < 24; i++)
      await deps.db.webhookDelivery.create({
        data: {
          id: `msg_claim${i}`,
          accountId: acme.account.id,
          endpointId: endpoint.id,
          eventId: 1_000_000 + i,
          dedupeKey: `claim:${i}`,
          type: 'message.created',
          orderKey: `conversation:claim-${i}`,
          payload: { type: 'message.created', timestamp: new Date().toISOString(), data: { n: i } },
          nextAttemptAt: new Date(clock),
        },
      });
    const now = new Date(clock);
    await Promise.all([
      (async () => {
        for (let i = 0; i < 10; i++) await runDeliveryPass(workerDeps(), 'worker-a', now, 5);
      })(),
      (async () => {
        for (let i = 0; i < 10; i++) await runDeliveryPass(workerDeps(), 'worker-b', now, 5);
      })(),
    ]);
    const ids = received.map((r) => r.id);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const rows = await deps.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(rows.every((d) => d.status === 'succeeded' && d.attempts === 1)).toBe(true);
    expect(new Set(rows.map((d) => d.leaseHolder)).size).toBeGreaterThan(0);
  });

  it('drops what happens while the account is suspended; what follows the suspension goes out', async () => {
    await addEndpoint();
    const suspend = (on: boolean) =>
      deps.systemDb.account.update({
        where: { id: acme.account.id },
        data: { suspendedAt: on ? new Date() : null, suspendedReason: on ? 'Unpaid' : null },
      });
    // Written to the log, then the account is suspended before the dispatcher (every second) reads it.
    const during = await startChat();
    await suspend(true);
    try {
      await drain();
      expect(await deps.systemDb.webhookDelivery.count({ where: { accountId: acme.account.id } })).toBe(0);
    } finally {
      await suspend(false);
    }
    // Back: the dispatcher has moved past those events for good; new ones are delivered.
    const after = await startChat();
    await drain();
    expect(received.map((r) => r.payload.type)).toEqual(['conversation.created', 'message.created']);
    expect(received.every((r) => r.body.includes(after.conversationId))).toBe(true);
    expect(received.some((r) => r.body.includes(during.conversationId))).toBe(false);
  });

  it('with no endpoint the dispatcher only keeps up with the log; an endpoint added later gets what follows', async () => {
    await startChat();
    await drain();
    const newest = await deps.systemDb.liveEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    const cursor = await deps.systemDb.webhookState.findUnique({ where: { id: 'cursor' } });
    expect(cursor?.lastEventId).toBe(newest?.id);
    expect(await deps.systemDb.webhookDelivery.count()).toBe(0);
    await addEndpoint();
    await startChat();
    await drain();
    expect(received.map((r) => r.payload.type)).toEqual(['conversation.created', 'message.created']);
  });
});
