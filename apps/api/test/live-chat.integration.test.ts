import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_TOPIC, PAGE_TITLE_MAX, PAGE_URL_MAX } from '../src/domain/live-chat/constants';
import { SEARCH_SCAN } from '../src/domain/live-chat/search';
import { endStaleVisits } from '../src/domain/live-chat/widget';
import { sweepSilentAgents } from '../src/domain/team';
import { appRouter } from '../src/routers';
import { createCallerFactory } from '../src/trpc';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  testContext,
  visitorCaller,
  waitFor,
} from './harness';

let deps: TestDeps;
let acme: Awaited<ReturnType<typeof seedAccount>>;
let channel: { id: string; publicKey: string; secret: string };

const page = (url = 'https://shop.test/', title = 'Shop') => ({
  url,
  title,
  referrer: 'https://www.google.com/',
});

async function newVisitor(ip = '198.51.100.7', key = channel.publicKey) {
  const started = await callerFor(deps, undefined, ip).widget.start({ channelKey: key, page: page() });
  return { ...started, api: visitorCaller(deps, started.visitorToken, ip) };
}

beforeAll(async () => {
  deps = await createTestDeps();
  acme = await seedAccount(deps, 'Acme');
  const created = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  channel = { id: created.id, publicKey: created.publicKey, secret: created.secret };
  // Owner and admin are online; the agent is away.
  await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
  await callerFor(deps, acme.admin.token).presence.set({ presence: 'online' });
  await callerFor(deps, acme.agent.token).presence.set({ presence: 'away' });
});
afterAll(() => deps.cleanup());

describe('widget start and tracking (G4, B7)', () => {
  it('creates a visitor with a visit and page view, and recognises them on the next page', async () => {
    const first = await callerFor(deps, undefined, '8.8.8.8').widget.start({
      channelKey: channel.publicKey,
      page: {
        url: 'https://shop.test/?utm_source=news&utm_campaign=spring',
        title: 'Home',
        referrer: 'https://www.google.com/',
      },
    });
    expect(first.visitor.number).toBeGreaterThan(0);
    expect(first.visit).toMatchObject({ number: 1, pagesThisVisit: 1, source: 'campaign' });
    expect(first.channel.agentsOnline).toBe(true);
    expect(first.conversation).toBeNull();

    const second = await callerFor(deps, undefined, '8.8.8.8').widget.start({
      channelKey: channel.publicKey,
      visitorToken: first.visitorToken,
      page: { url: 'https://shop.test/pricing', title: 'Pricing', referrer: 'https://shop.test/' },
    });
    expect(second.visitor.id).toBe(first.visitor.id);
    expect(second.visit).toMatchObject({ id: first.visit.id, pagesThisVisit: 2 });

    const detail = await callerFor(deps, acme.agent.token).visitors.get({ visitorId: first.visitor.id });
    expect(detail).toMatchObject({
      country: 'US',
      city: 'Mountain View',
      isp: 'Google LLC',
      searchEngine: 'Google',
      utm: { source: 'news', campaign: 'spring' },
      online: true,
      currentPage: { url: 'https://shop.test/pricing', title: 'Pricing' },
      pagesThisVisit: 2,
      visits: 1,
    });
    expect(detail.pages.map((p) => p.title)).toEqual(['Pricing', 'Home']);
  });

  it("reads the visitor's browser, OS and device from the user agent on the server (the console shows them as sent)", async () => {
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    const fromPhone = createCallerFactory(appRouter)({
      ...testContext(deps, undefined, '198.51.100.31'),
      client: { ip: '198.51.100.31', userAgent: iphone },
    });
    const started = await fromPhone.widget.start({ channelKey: channel.publicKey, page: page() });
    const detail = await callerFor(deps, acme.agent.token).visitors.get({ visitorId: started.visitor.id });
    expect(detail).toMatchObject({
      browser: 'Mobile Safari 17',
      os: 'iOS 17.4',
      device: { type: 'mobile', model: 'Apple iPhone' },
    });
    // No user agent: nothing is guessed.
    const bare = createCallerFactory(appRouter)({
      ...testContext(deps, undefined, '198.51.100.32'),
      client: { ip: '198.51.100.32', userAgent: undefined },
    });
    const unknown = await bare.widget.start({ channelKey: channel.publicKey, page: page() });
    const none = await callerFor(deps, acme.agent.token).visitors.get({ visitorId: unknown.visitor.id });
    expect(none).toMatchObject({ browser: null, os: null, device: null });
  });

  it('records a page with a very long title and URL, cut to the documented limits, never refusing it', async () => {
    const url = `https://shop.test/?utm_source=ads&${'gclid=x&'.repeat(400)}utm_campaign=late`;
    expect(url.length).toBeGreaterThan(PAGE_URL_MAX);
    const title = `${'Very long title '.repeat(60)}😀`;
    const started = await callerFor(deps, undefined, '198.51.100.30').widget.start({
      channelKey: channel.publicKey,
      page: { url, title, referrer: `https://www.google.com/?q=${'a'.repeat(3000)}` },
    });
    const detail = await callerFor(deps, acme.agent.token).visitors.get({ visitorId: started.visitor.id });
    expect(detail.currentPage?.url).toBe(url.slice(0, PAGE_URL_MAX));
    expect(detail.currentPage?.title).toBe(title.slice(0, PAGE_TITLE_MAX));
    // Campaign parameters are read from the whole URL, before it is cut.
    expect(detail.utm).toMatchObject({ source: 'ads', campaign: 'late' });
  });

  it('gives a forged token a new visitor and refuses unknown or disabled channels', async () => {
    const forged = await callerFor(deps).widget.start({
      channelKey: channel.publicKey,
      visitorToken: `${channel.id}.forgedforgedforgedforgedforged`,
      page: page(),
    });
    expect(forged.visitorToken).not.toContain('forged');
    expect(
      (await errorOf(callerFor(deps).widget.start({ channelKey: 'pk_nope', page: page() }))).appCode,
    ).toBe('channel.unknown');
    expect((await errorOf(visitorCaller(deps, `${channel.id}.forged`).widget.history({}))).code).toBe(
      'UNAUTHORIZED',
    );
  });

  it('links a verified user id across browsers and ignores a wrong HMAC', async () => {
    const hash = createHmac('sha256', channel.secret).update('customer-42').digest('hex');
    const laptop = await callerFor(deps, undefined, '198.51.100.20').widget.start({
      channelKey: channel.publicKey,
      identity: { userId: 'customer-42', hash },
      page: page(),
    });
    const phone = await callerFor(deps, undefined, '198.51.100.21').widget.start({
      channelKey: channel.publicKey,
      identity: { userId: 'customer-42', hash },
      page: page(),
    });
    expect(phone.visitor.id).toBe(laptop.visitor.id);
    const liar = await callerFor(deps, undefined, '198.51.100.22').widget.start({
      channelKey: channel.publicKey,
      identity: { userId: 'customer-42', hash: 'ab'.repeat(32) },
      page: page(),
    });
    expect(liar.visitor.id).not.toBe(laptop.visitor.id);
  });
});

describe('chatting (G2, B1, B4, routing)', () => {
  it('sends idempotently, starts a chat request for online agents only, and the first to accept owns it', async () => {
    const v = await newVisitor();
    const events = await recordBus(deps, acme.account.id, CONSOLE_TOPIC);
    const clientId = randomUUID();
    const sent = await v.api.widget.send({
      clientId,
      body: 'Hello, is the blue one in stock?',
      invitationText: 'Need help?',
    });
    const again = await v.api.widget.send({ clientId, body: 'Hello, is the blue one in stock?' });
    expect(again.id).toBe(sent.id);
    expect(await deps.db.message.count({ where: { clientId } })).toBe(1);

    await waitFor(() => events.ofType('chat.request').length > 0);
    const [request] = events.ofType('chat.request');
    expect(request?.audience?.sort()).toEqual([acme.owner.id, acme.admin.id].sort());
    const conversationId = sent.conversationId;
    expect(
      (request!.payload as { conversation: { invitationText: string } }).conversation.invitationText,
    ).toBe('Need help?');
    expect((await callerFor(deps, acme.admin.token).chats.inbox()).map((c) => c.id)).toContain(
      conversationId,
    );

    const results = await Promise.allSettled([
      callerFor(deps, acme.owner.token).chats.accept({ conversationId }),
      callerFor(deps, acme.admin.token).chats.accept({ conversationId }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as { cause?: { code?: string } }).cause?.code).toBe('chat.already_taken');
    expect((await callerFor(deps, acme.admin.token).chats.inbox()).map((c) => c.id)).not.toContain(
      conversationId,
    );
    events.stop();
  });

  it('carries messages both ways with read receipts and ends when the last agent leaves', async () => {
    const v = await newVisitor('198.51.100.30');
    const first = await v.api.widget.send({ clientId: randomUUID(), body: 'Hi' });
    const owner = callerFor(deps, acme.owner.token);
    const reply = await owner.chats.quickReply({
      conversationId: first.conversationId,
      clientId: randomUUID(),
      body: 'Hello! How can I help?',
    });
    expect(reply).toMatchObject({ author: 'agent', body: 'Hello! How can I help?' });

    const history = await v.api.widget.history({});
    expect(history.messages.map((m) => m.author)).toEqual(['visitor', 'system', 'agent']);
    const mine = await owner.chats.mine();
    expect(mine.find((c) => c.id === first.conversationId)).toMatchObject({
      unread: 0,
      assignee: { id: acme.owner.id },
    });

    await v.api.widget.send({ clientId: randomUUID(), body: 'I need a refund' });
    expect((await owner.chats.mine()).find((c) => c.id === first.conversationId)?.unread).toBe(1);
    await owner.chats.read({ conversationId: first.conversationId });
    expect((await owner.chats.mine()).find((c) => c.id === first.conversationId)?.unread).toBe(0);

    await v.api.widget.read();
    expect((await owner.chats.get({ conversationId: first.conversationId })).visitorReadAt).not.toBeNull();

    const visitorEvents = await recordBus(deps, acme.account.id, `visitor:${v.visitor.id}`);
    await owner.chats.leave({ conversationId: first.conversationId });
    await waitFor(() => visitorEvents.ofType('conversation.closed').length > 0);
    expect(visitorEvents.ofType('conversation.closed')).toHaveLength(1);
    expect((await owner.chats.get({ conversationId: first.conversationId })).conversation.status).toBe(
      'closed',
    );
    // The next message starts a new conversation.
    const next = await v.api.widget.send({ clientId: randomUUID(), body: 'One more thing' });
    expect(next.conversationId).not.toBe(first.conversationId);
    visitorEvents.stop();
  });

  it('refuses agents who are not in the chat, and bad input, storing nothing', async () => {
    const v = await newVisitor('198.51.100.40');
    const m = await v.api.widget.send({ clientId: randomUUID(), body: 'Hello' });
    const before = await deps.db.message.count();
    const notJoined = await errorOf(
      callerFor(deps, acme.agent.token).chats.send({
        conversationId: m.conversationId,
        clientId: randomUUID(),
        body: 'hi',
      }),
    );
    expect(notJoined.appCode).toBe('chat.not_participant');
    expect((await errorOf(v.api.widget.send({ clientId: randomUUID(), body: 'x'.repeat(5001) }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(
      (await errorOf(v.api.widget.send({ clientId: randomUUID(), body: 'bad \ud800 surrogate' }))).code,
    ).toBe('BAD_REQUEST');
    expect((await errorOf(v.api.widget.send({ clientId: randomUUID(), body: '   ' }))).code).toBe(
      'BAD_REQUEST',
    );
    // PostgreSQL cannot store NUL characters: refused up front on every procedure (found by the fuzz test).
    expect((await errorOf(v.api.widget.history({ before: 'a\u0000b' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(v.api.widget.setContact({ name: 'Nul\u0000Name' }))).code).toBe('BAD_REQUEST');
    expect(await deps.db.message.count()).toBe(before);
    const html = await v.api.widget.send({ clientId: randomUUID(), body: '<script>alert(1)</script>' });
    expect(html.body).toBe('<script>alert(1)</script>');
  });

  it('rate-limits visitor messages and new visitors per IP', async () => {
    const v = await newVisitor('198.51.100.50');
    for (let i = 0; i < 10; i++) await v.api.widget.send({ clientId: randomUUID(), body: `m${i}` });
    expect((await errorOf(v.api.widget.send({ clientId: randomUUID(), body: 'flood' }))).appCode).toBe(
      'widget.rate_limited',
    );
    const other = await newVisitor('198.51.100.51');
    await expect(other.api.widget.send({ clientId: randomUUID(), body: 'unaffected' })).resolves.toBeTruthy();

    const start = () =>
      callerFor(deps, undefined, '203.0.113.99').widget.start({
        channelKey: channel.publicKey,
        page: page(),
      });
    for (let i = 0; i < 30; i++) await start();
    expect((await errorOf(start())).appCode).toBe('widget.rate_limited');
  });

  it('a banned visitor cannot chat', async () => {
    const v = await newVisitor('198.51.100.60');
    await deps.db.ban.create({
      data: { accountId: acme.account.id, visitorId: v.visitor.id, reason: 'spam' },
    });
    expect((await errorOf(v.api.widget.send({ clientId: randomUUID(), body: 'hi' }))).appCode).toBe(
      'widget.banned',
    );
    const again = await callerFor(deps, undefined, '198.51.100.60').widget.start({
      channelKey: channel.publicKey,
      visitorToken: v.visitorToken,
      page: page(),
    });
    expect(again.banned).toBe(true);
  });

  it('starts a proactive chat with a visitor on the site (F2)', async () => {
    const v = await newVisitor('198.51.100.70');
    const online = await callerFor(deps, acme.admin.token).visitors.online();
    expect(online.map((o) => o.id)).toContain(v.visitor.id);
    const summary = await callerFor(deps, acme.admin.token).chats.startWithVisitor({
      visitorId: v.visitor.id,
      clientId: randomUUID(),
      body: 'Can I help you find something?',
    });
    expect(summary.assignee?.id).toBe(acme.admin.id);
    const start = await callerFor(deps, undefined, '198.51.100.70').widget.start({
      channelKey: channel.publicKey,
      visitorToken: v.visitorToken,
      page: page(),
    });
    expect(start.conversation?.messages.at(-1)?.body).toBe('Can I help you find something?');
  });
});

describe('archive search (B3)', () => {
  it('finds conversations by words of their messages and by visitor name, only in my account', async () => {
    const v = await newVisitor('198.51.100.80');
    await v.api.widget.setContact({ name: 'Zeynep Kaya', email: 'zeynep@example.com' });
    await v.api.widget.send({ clientId: randomUUID(), body: 'Kargo şirketi paketimi teslim etmedi' });
    const agent = callerFor(deps, acme.agent.token);
    const byWord = await agent.chats.archive({ q: 'şirket' });
    expect(byWord.items.map((c) => c.visitor.id)).toEqual([v.visitor.id]);
    expect((await agent.chats.archive({ q: 'zeynep' })).items.map((c) => c.visitor.id)).toEqual([
      v.visitor.id,
    ]);
    expect((await agent.chats.archive({ q: 'nothing-like-this' })).items).toEqual([]);

    const other = await seedAccount(deps, 'Other');
    expect((await callerFor(deps, other.agent.token).chats.archive({ q: 'şirket' })).items).toEqual([]);
    const conv = byWord.items[0]!.id;
    expect((await errorOf(callerFor(deps, other.agent.token).chats.get({ conversationId: conv }))).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await errorOf(callerFor(deps, other.agent.token).visitors.get({ visitorId: v.visitor.id }))).code,
    ).toBe('NOT_FOUND');
  });
});

describe('archive search over many matches', () => {
  it('pages through more matching conversations than one query may list', async () => {
    const v = await newVisitor('198.51.100.85');
    const conversations = Array.from({ length: 1100 }, () => ({
      id: randomUUID(),
      accountId: acme.account.id,
      channelId: channel.id,
      visitorId: v.visitor.id,
      status: 'closed' as const,
    }));
    await deps.db.conversation.createMany({ data: conversations });
    await deps.db.message.createMany({
      data: conversations.map((c) => ({
        accountId: acme.account.id,
        conversationId: c.id,
        authorType: 'visitor' as const,
        authorVisitorId: v.visitor.id,
        body: 'bulkword order question',
      })),
    });
    const agent = callerFor(deps, acme.agent.token);
    const first = await agent.chats.archive({ q: 'bulkword' });
    expect(first.items).toHaveLength(30);
    expect(first.nextCursor).toBe('30');
    const second = await agent.chats.archive({ q: 'bulkword', cursor: first.nextCursor! });
    expect(second.items.map((c) => c.id)).not.toContain(first.items[0]!.id);
  });

  it('still finds an old conversation when one busy chat holds the newest thousands of hits', async () => {
    const v = await newVisitor('198.51.100.86');
    const [old, busy] = [randomUUID(), randomUUID()];
    await deps.db.conversation.createMany({
      data: [old, busy].map((id) => ({
        id,
        accountId: acme.account.id,
        channelId: channel.id,
        visitorId: v.visitor.id,
        status: 'closed' as const,
      })),
    });
    const message = (conversationId: string) => ({
      accountId: acme.account.id,
      conversationId,
      authorType: 'visitor' as const,
      authorVisitorId: v.visitor.id,
      body: 'crowdword again',
    });
    await deps.db.message.create({ data: message(old) });
    await deps.db.message.createMany({ data: Array.from({ length: SEARCH_SCAN + 10 }, () => message(busy)) });
    const found = await callerFor(deps, acme.agent.token).chats.archive({ q: 'crowdword' });
    expect(found.items.map((c) => c.id).sort()).toEqual([old, busy].sort());
  });
});

describe('presence and visitor state (B2, B8)', () => {
  it('ends visits that stopped pinging and sets silent consoles offline', async () => {
    const v = await newVisitor('198.51.100.90');
    const lastPing = new Date(Date.now() - 60_000);
    await deps.db.visit.updateMany({
      where: { visitorId: v.visitor.id },
      data: { startedAt: new Date(lastPing.getTime() - 7 * 60_000), lastActiveAt: lastPing },
    });
    expect(await endStaleVisits(deps)).toBeGreaterThan(0);
    const left = await callerFor(deps, acme.admin.token).visitors.get({ visitorId: v.visitor.id });
    expect(left.online).toBe(false);
    // Time on site keeps the visit's real length (7 min) after the visitor left, not "0 s".
    expect(Date.parse(left.visitLastActiveAt!) - Date.parse(left.visitStartedAt!)).toBe(7 * 60_000);
    await v.api.widget.ping();
    expect((await callerFor(deps, acme.admin.token).visitors.get({ visitorId: v.visitor.id })).online).toBe(
      true,
    );

    await deps.db.user.update({
      where: { id: acme.admin.id },
      data: { lastSeenAt: new Date(Date.now() - 120_000) },
    });
    await sweepSilentAgents(deps);
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: acme.admin.id } })).presence).toBe('offline');
    await callerFor(deps, acme.admin.token).presence.heartbeat();
    expect((await deps.db.user.findUniqueOrThrow({ where: { id: acme.admin.id } })).presence).toBe('online');
  });

  it('asks an agent who comes online or back from away about the chats waiting in the Inbox', async () => {
    const team = await seedAccount(deps, 'Waiting Co');
    const site = await callerFor(deps, team.admin.token).channels.create({ kind: 'website', name: 'Site' });
    const visitor = async (ip: string) => {
      const started = await callerFor(deps, undefined, ip).widget.start({
        channelKey: site.publicKey,
        page: page(),
      });
      const api = visitorCaller(deps, started.visitorToken, ip);
      return api.widget.send({ clientId: randomUUID(), body: `Hello from ${ip}` });
    };
    // Nobody is online: both chats wait in the Inbox without a card for anyone.
    const first = await visitor('198.51.100.120');
    const second = await visitor('198.51.100.121');
    const events = await recordBus(deps, team.account.id, CONSOLE_TOPIC);
    await callerFor(deps, team.agent.token).presence.set({ presence: 'away' });
    await callerFor(deps, team.agent.token).presence.set({ presence: 'online' });
    await waitFor(() => events.ofType('chat.request').length === 2);
    const requests = events.ofType('chat.request');
    expect(requests.map((r) => r.audience)).toEqual([[team.agent.id], [team.agent.id]]);
    expect(requests.map((r) => (r.payload as { conversation: { id: string } }).conversation.id)).toEqual([
      first.conversationId,
      second.conversationId,
    ]);
    expect((requests[0]!.payload as { message: { body: string } }).message.body).toBe(
      'Hello from 198.51.100.120',
    );
    // Already online: no second round. Taken chats are not asked about again.
    await callerFor(deps, team.agent.token).presence.set({ presence: 'online' });
    await callerFor(deps, team.agent.token).chats.accept({ conversationId: first.conversationId });
    await callerFor(deps, team.owner.token).presence.heartbeat();
    await waitFor(() => events.ofType('chat.request').length === 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    events.stop();
    const owner = events.ofType('chat.request').slice(2);
    expect(
      owner.map((r) => [r.audience, (r.payload as { conversation: { id: string } }).conversation.id]),
    ).toEqual([[[team.owner.id], second.conversationId]]);
  });

  it('tells the widgets only when whether anyone can answer may have changed', async () => {
    const team = await seedAccount(deps, 'Presence Co');
    const site = await callerFor(deps, team.admin.token).channels.create({ kind: 'website', name: 'Site' });
    const widgets = await recordBus(deps, team.account.id, `channel:${site.id}`);
    const set = (token: string, presence: 'online' | 'away') =>
      callerFor(deps, token).presence.set({ presence });
    await set(team.owner.token, 'online');
    await set(team.agent.token, 'online');
    // The owner was the first: the answer became "yes". The agent joining changes nothing.
    await waitFor(() => widgets.ofType('agents.online').length === 1);
    await set(team.agent.token, 'away');
    await set(team.owner.token, 'away');
    await waitFor(() => widgets.ofType('agents.online').length === 2);
    widgets.stop();
    expect(widgets.ofType('agents.online').map((m) => (m.payload as { online: boolean }).online)).toEqual([
      true,
      false,
    ]);
  });
});
