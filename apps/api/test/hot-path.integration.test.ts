import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/cookies';
import type { BusMessage } from '../src/bus/event-bus';
import { createMemoryBus } from '../src/bus/memory-bus';
import { createContextFactory } from '../src/context';
import { CONSOLE_TOPIC, visitorTopic } from '../src/domain/live-chat/constants';
import { forgetVisit } from '../src/domain/live-chat/visit-pings';
import { authenticateVisitor } from '../src/domain/live-chat/visitor-auth';
import { validateSessionToken } from '../src/domain/sessions';
import { newestEventId } from '../src/live/events';
import { appRouter } from '../src/routers';
import { createCallerFactory } from '../src/trpc';
import { callerFor, createTestDeps, seedAccount, type TestDeps, visitorCaller } from './harness';

/**
 * A profile under load put the server's time in the database layer, per statement. These budgets
 * keep the chat's hot paths from drifting back (they were 33 statements per message, then 13 and 14
 * through Prisma; on the hot path's own SQL one read, the writes, BEGIN and COMMIT). Counted on
 * SQLite, where the driver reports them; PostgreSQL runs the same code. The counts include what an
 * HTTP call costs (session or visitor-token lookup: 2), BEGIN and COMMIT.
 */
let deps: TestDeps;
let agent: ReturnType<typeof callerFor>;
const chats: { api: ReturnType<typeof visitorCaller>; conversationId: string }[] = [];

beforeAll(async () => {
  deps = await createTestDeps();
  const acme = await seedAccount(deps, 'Acme');
  const channel = await callerFor(deps, acme.admin.token).channels.create({ kind: 'website', name: 'Shop' });
  agent = callerFor(deps, acme.owner.token);
  await agent.presence.set({ presence: 'online' });
  for (let i = 0; i < 3; i++) {
    const ip = `198.51.100.${40 + i}`;
    const started = await callerFor(deps, undefined, ip).widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const api = visitorCaller(deps, started.visitorToken, ip);
    const first = await api.widget.send({ clientId: randomUUID(), body: 'Hello' });
    await agent.chats.accept({ conversationId: first.conversationId });
    await api.widget.ping();
    chats.push({ api, conversationId: first.conversationId });
  }
});
afterAll(() => deps.cleanup());

async function statementsPer(n: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const before = deps.database.statementsRun() ?? 0;
  for (let i = 0; i < n; i++) await run(i);
  return ((deps.database.statementsRun() ?? 0) - before) / n;
}

describe.skipIf(process.env.DATABASE_URL)('statement budgets of the hot paths', () => {
  it('a visitor message in a taken chat', async () => {
    const per = await statementsPer(9, (i) =>
      chats[i % 3]!.api.widget.send({ clientId: randomUUID(), body: `question ${i}` }),
    );
    expect(per).toBeLessThanOrEqual(8);
  });

  it('an agent reply', async () => {
    const per = await statementsPer(9, (i) =>
      agent.chats.send({
        conversationId: chats[i % 3]!.conversationId,
        clientId: randomUUID(),
        body: `answer ${i}`,
      }),
    );
    expect(per).toBeLessThanOrEqual(9);
  });

  it('a chat request: the first message, which starts the chat, and the next ones before anyone takes it', async () => {
    const acme = await seedAccount(deps, 'Requests');
    const { publicKey } = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Requests',
    });
    await callerFor(deps, acme.agent.token).presence.set({ presence: 'online' });
    const visitors: ReturnType<typeof visitorCaller>[] = [];
    for (let i = 0; i < 3; i++) {
      const ip = `198.51.100.${60 + i}`;
      const started = await callerFor(deps, undefined, ip).widget.start({
        channelKey: publicKey,
        page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
      });
      visitors.push(visitorCaller(deps, started.visitorToken, ip));
    }
    const first = await statementsPer(3, (i) =>
      visitors[i]!.widget.send({ clientId: randomUUID(), body: `first ${i}` }),
    );
    const next = await statementsPer(3, (i) =>
      visitors[i]!.widget.send({ clientId: randomUUID(), body: `next ${i}` }),
    );
    // Was 31 and 30 through Prisma.
    expect(first).toBeLessThanOrEqual(9);
    expect(next).toBeLessThanOrEqual(9);
  });

  it('accepting a chat', async () => {
    const acme = await seedAccount(deps, 'Accepting');
    const { publicKey } = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Accepting',
    });
    const owner = callerFor(deps, acme.owner.token);
    await owner.presence.set({ presence: 'online' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ip = `198.51.100.${70 + i}`;
      const started = await callerFor(deps, undefined, ip).widget.start({
        channelKey: publicKey,
        page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
      });
      const sent = await visitorCaller(deps, started.visitorToken, ip).widget.send({
        clientId: randomUUID(),
        body: 'Hello',
      });
      ids.push(sent.conversationId);
    }
    // Was 39 through Prisma.
    expect(
      await statementsPer(3, (i) => owner.chats.accept({ conversationId: ids[i]! })),
    ).toBeLessThanOrEqual(9);
  });

  it('a typing preview', async () => {
    const per = await statementsPer(3, (i) => chats[i % 3]!.api.widget.typing({ text: `typing ${i}` }));
    // Was 3 Prisma reads (bans, open conversation, its agents) and the token check.
    expect(per).toBeLessThanOrEqual(3);
  });

  it("a page's ping the process cannot vouch for: one statement for a live visit; an ended one revived", async () => {
    const acme = await seedAccount(deps, 'Pings');
    const { publicKey, id: channelId } = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Pings',
    });
    const started = await callerFor(deps, undefined, '198.51.100.120').widget.start({
      channelKey: publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const api = visitorCaller(deps, started.visitorToken, '198.51.100.120');
    const visitorId = started.visitor.id;
    const visit = () =>
      deps.db.visit.findFirstOrThrow({ where: { visitorId }, orderBy: { startedAt: 'desc' } });
    const before = await visit();
    forgetVisit(deps, visitorId, channelId);
    const per = await statementsPer(1, () => api.widget.ping());
    // The token check, BEGIN, the UPDATE, COMMIT (was a Prisma read, then BEGIN, UPDATE, COMMIT).
    expect(per).toBeLessThanOrEqual(5);
    expect((await visit()).lastActiveAt.getTime()).toBeGreaterThanOrEqual(before.lastActiveAt.getTime());
    // Ended by the sweeper a moment ago: the Prisma path revives it.
    await deps.db.visit.update({ where: { id: before.id }, data: { endedAt: new Date() } });
    forgetVisit(deps, visitorId, channelId);
    await api.widget.ping();
    expect((await visit()).endedAt).toBeNull();
  });

  it("a page's ping once the visit is known", async () => {
    const per = await statementsPer(9, (i) => chats[i % 3]!.api.widget.ping());
    expect(per).toBeLessThanOrEqual(2);
  });
});

describe('group commit (SQLite)', () => {
  it('sends arriving together share one transaction; a refused one takes only its own writes back', async () => {
    const acme = await seedAccount(deps, 'Grouped');
    const { publicKey } = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Grouped',
    });
    const owner = callerFor(deps, acme.owner.token);
    await owner.presence.set({ presence: 'online' });
    const list: { api: ReturnType<typeof visitorCaller>; conversationId: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const ip = `198.51.100.${100 + i}`;
      const started = await callerFor(deps, undefined, ip).widget.start({
        channelKey: publicKey,
        page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
      });
      const api = visitorCaller(deps, started.visitorToken, ip);
      const first = await api.widget.send({ clientId: randomUUID(), body: 'Hello' });
      await owner.chats.accept({ conversationId: first.conversationId });
      list.push({ api, conversationId: first.conversationId });
    }
    // The agent leaves one chat: their reply there is refused inside the group.
    await owner.chats.leave({ conversationId: list[5]!.conversationId });
    const results = await Promise.allSettled([
      ...list.slice(0, 5).map((c, i) => c.api.widget.send({ clientId: randomUUID(), body: `together ${i}` })),
      ...list.map((c, i) =>
        owner.chats.send({ conversationId: c.conversationId, clientId: randomUUID(), body: `reply ${i}` }),
      ),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    for (const [i, c] of list.slice(0, 5).entries()) {
      const bodies = (await deps.db.message.findMany({ where: { conversationId: c.conversationId } })).map(
        (m) => m.body,
      );
      expect(bodies).toEqual(expect.arrayContaining([`together ${i}`, `reply ${i}`]));
    }
    expect(
      await deps.db.message.count({ where: { conversationId: list[5]!.conversationId, body: 'reply 5' } }),
    ).toBe(0);
  });
});

describe("the hot path's SQL (both databases)", () => {
  it('stores a resent visitor message once and returns it again', async () => {
    const { api, conversationId } = chats[0]!;
    const clientId = randomUUID();
    const first = await api.widget.send({ clientId, body: 'only once' });
    const again = await api.widget.send({ clientId, body: 'only once' });
    expect(again).toEqual(first);
    expect(await deps.db.message.count({ where: { conversationId, clientId } })).toBe(1);
  });

  it('stores a resent agent reply once and returns it again', async () => {
    const { conversationId } = chats[1]!;
    const clientId = randomUUID();
    const first = await agent.chats.send({ conversationId, clientId, body: 'once from me' });
    const again = await agent.chats.send({ conversationId, clientId, body: 'once from me' });
    expect(again.id).toBe(first.id);
    expect(again.createdAt).toBe(first.createdAt);
    expect(await deps.db.message.count({ where: { conversationId, clientId } })).toBe(1);
  });

  it('writes rows Prisma reads back the same: message, lastMessageAt, read mark, event log', async () => {
    const { conversationId } = chats[2]!;
    const sent = await agent.chats.send({ conversationId, clientId: randomUUID(), body: 'as stored' });
    const row = await deps.db.message.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({
      kind: 'text',
      deliveryStatus: 'sent',
      authorType: 'agent',
      body: 'as stored',
    });
    expect(row.createdAt.toISOString()).toBe(sent.createdAt);
    const conversation = await deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.lastMessageAt.toISOString()).toBe(sent.createdAt);
    const participant = await deps.db.participant.findFirstOrThrow({ where: { conversationId } });
    expect(participant.lastReadAt?.toISOString()).toBe(sent.createdAt);
    const events = await deps.db.liveEvent.findMany({ orderBy: { id: 'desc' }, take: 2 });
    const payloads = events.map(
      (e) => e.payload as { data: { message: { id: string } }; audience?: string[] },
    );
    expect(payloads.map((p) => p.data.message.id)).toEqual([sent.id, sent.id]);
    // The console's copy goes to the agents in the chat only; the widget's to its visitor topic.
    expect(payloads.find((p) => p.audience)?.audience).toEqual([participant.userId]);
  });
});

describe('the hot path emits and returns what the Prisma path does', () => {
  it("a visitor token's check: known, unknown, channel switched off", async () => {
    const acme = await seedAccount(deps, 'Tokens');
    const admin = callerFor(deps, acme.admin.token);
    const channel = await admin.channels.create({ kind: 'website', name: 'Tokens' });
    const { visitorToken } = await callerFor(deps, undefined, '198.51.100.95').widget.start({
      channelKey: channel.publicKey,
      page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
    });
    const both = async (token: string) => {
      const hot = await authenticateVisitor(deps.db, token, deps.database);
      expect(hot).toEqual(await authenticateVisitor(deps.db, token));
      return hot;
    };
    expect(await both(visitorToken)).toMatchObject({ accountId: acme.account.id, channelId: channel.id });
    expect(await both(`${channel.id}.unknown`)).toBeNull();
    await deps.db.channel.update({ where: { id: channel.id }, data: { enabled: false } });
    expect(await both(visitorToken)).toBeNull();
  });

  it('where a new stream starts: the newest event on its topics, per account, 0 when none', async () => {
    const acme = await seedAccount(deps, 'Newest');
    const other = await seedAccount(deps, 'Newest other');
    const both = async (accountId: string, topics: string[]) => {
      const hot = await newestEventId(deps.db, accountId, topics, deps.database);
      expect(hot).toBe(await newestEventId(deps.db, accountId, topics));
      return hot;
    };
    expect(await both(acme.account.id, ['visitor:none', 'channel:none'])).toBe(0);
    const write = (accountId: string, topic: string) =>
      deps.db.liveEvent.create({ data: { accountId, topic, payload: { data: {} } }, select: { id: true } });
    const a1 = await write(acme.account.id, 'visitor:a');
    const c1 = await write(acme.account.id, 'channel:c');
    await write(other.account.id, 'visitor:a');
    await write(acme.account.id, 'visitor:b');
    expect(await both(acme.account.id, ['visitor:a'])).toBe(a1.id);
    expect(await both(acme.account.id, ['visitor:a', 'channel:c'])).toBe(c1.id);
    expect(await both(acme.account.id, ['channel:c', 'visitor:a', 'visitor:x'])).toBe(c1.id);
  });

  /**
   * One chat on each path, in accounts alike but for their names: a visitor's first message (the chat
   * request), a second one, an agent accepting, a reply and the visitor's answer; what the calls
   * return and every event on the bus, with ids, times and the accounts' names made equal.
   */
  it('for a chat request, an acceptance and the messages after it', async () => {
    const run = async (name: string, hot: boolean) => {
      const bus = createMemoryBus();
      const d = {
        ...deps,
        bus,
        database: hot ? deps.database : { ...deps.database, hotPath: undefined as never },
      } as TestDeps;
      const acme = await seedAccount(d, name);
      const admin = callerFor(d, acme.admin.token);
      const { publicKey, id: channelId } = await admin.channels.create({ kind: 'website', name: 'Shop' });
      // One listed agent: the audiences are lists, not "everyone".
      const owner = callerFor(d, acme.owner.token);
      await owner.agents.update({ userId: acme.owner.id, channelIds: [channelId] });
      await admin.agents.update({ userId: acme.agent.id, channelIds: [channelId] });
      await owner.presence.set({ presence: 'online' });
      const events: BusMessage[] = [];
      await bus.subscribe(acme.account.id, CONSOLE_TOPIC, (m) => events.push(m));
      const ip = hot ? '198.51.100.90' : '198.51.100.91';
      const started = await callerFor(d, undefined, ip).widget.start({
        channelKey: publicKey,
        page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
      });
      await bus.subscribe(acme.account.id, visitorTopic(started.visitor.id), (m) => events.push(m));
      const api = visitorCaller(d, started.visitorToken, ip);
      const typedAlone = await api.widget.typing({ text: 'He' });
      const first = await api.widget.send({ clientId: randomUUID(), body: 'Hello', invitationText: 'Hi!' });
      const typedBefore = await api.widget.typing({ text: 'Anyo' });
      const second = await api.widget.send({ clientId: randomUUID(), body: 'Anyone there?' });
      const accepted = await owner.chats.accept({ conversationId: first.conversationId });
      const typedAfter = await api.widget.typing({ text: 'Gre' });
      const reply = await owner.chats.send({
        conversationId: first.conversationId,
        clientId: randomUUID(),
        body: 'Yes, me',
      });
      const answer = await api.widget.send({ clientId: randomUUID(), body: 'Great' });
      const stored = await d.db.message.findMany({
        where: { conversationId: first.conversationId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: { kind: true, body: true, meta: true, authorType: true, deliveryStatus: true },
      });
      const conversation = await d.db.conversation.findUniqueOrThrow({
        where: { id: first.conversationId },
        select: { status: true, origin: true, invitationText: true, assigneeId: true },
      });
      return normalize(
        {
          typed: [typedAlone, typedBefore, typedAfter],
          first,
          second,
          accepted,
          reply,
          answer,
          stored,
          conversation: { ...conversation, assigneeId: conversation.assigneeId === acme.owner.id },
          events: events.map(({ id: _id, ...m }) => m),
        },
        name,
      );
    };
    const hot = await run('Hotside', true);
    const prisma = await run('Prismaside', false);
    expect(hot).toEqual(prisma);
  });
});

/** Ids, times and an account's name made comparable between two runs. */
function normalize(value: unknown, name: string): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(value)
    .replaceAll(name, 'NAME')
    .replaceAll(name.toLowerCase(), 'name')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'TIME')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `ID${ids.size}`);
      return ids.get(id) as string;
    });
  return JSON.parse(text);
}

/**
 * CPU per chat message in this process, the hot path against the Prisma path it replaced, alternated
 * in rounds so both see the same machine (a shared one moves between rounds). Opt-in
 * (`HOT_PATH_AB=1`): a measurement, not a check. In-process callers: no sockets, no tRPC transport;
 * each side has its own chats so the per-visitor rate limit never trips.
 */
describe.runIf(process.env.HOT_PATH_AB)('CPU per message: hot path against Prisma', () => {
  it('measures', { timeout: 1_200_000 }, async () => {
    const acme = await seedAccount(deps, 'Measured');
    const admin = callerFor(deps, acme.admin.token);
    const { publicKey } = await admin.channels.create({ kind: 'website', name: 'Measured' });
    await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
    const prismaDeps = { ...deps, database: { ...deps.database, hotPath: undefined as never } };
    const side = async (d: TestDeps, count: number) => {
      const owner = callerFor(d, acme.owner.token);
      const list: { api: ReturnType<typeof visitorCaller>; conversationId: string }[] = [];
      for (let i = 0; i < count; i++) {
        const ip = `203.0.113.${list.length % 250}`;
        const started = await callerFor(d, undefined, ip).widget.start({
          channelKey: publicKey,
          page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
        });
        const api = visitorCaller(d, started.visitorToken, ip);
        const first = await api.widget.send({ clientId: randomUUID(), body: 'Hello' });
        await owner.chats.accept({ conversationId: first.conversationId });
        list.push({ api, conversationId: first.conversationId });
      }
      return { owner, list };
    };
    const hot = await side(deps, 50);
    const prisma = await side(prismaDeps as TestDeps, 50);
    const perMessage = async ({ owner, list }: Awaited<ReturnType<typeof side>>, n: number) => {
      const start = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        const chat = list[(i >> 1) % list.length]!;
        const body = `measured ${i}`;
        if (i % 2 === 0) await chat.api.widget.send({ clientId: randomUUID(), body });
        else await owner.chats.send({ conversationId: chat.conversationId, clientId: randomUUID(), body });
      }
      const used = process.cpuUsage(start);
      return Math.round((used.user + used.system) / n) / 1000;
    };
    const rounds: { hot: number; prisma: number }[] = [];
    for (let r = 0; r < 6; r++)
      rounds.push({ hot: await perMessage(hot, 100), prisma: await perMessage(prisma, 100) });
    console.log('CPU ms per message (hot path / Prisma), per round:', JSON.stringify(rounds));
  });
});

/**
 * CPU of this change's parts, each against what it replaced, alternated in rounds (`HOT_PATH_AB=1`,
 * a measurement, not a check). Calls go through the WebSocket contexts the server builds
 * (`createContextFactory`), as the bench's clients' do:
 * - the session cache: a message pair (visitor message, agent reply) in taken chats with the agent's
 *   session checked from memory, against checked in the database on every call (as before);
 * - the visitor-token recheck that a widget socket makes every 2 s (in the bench nearly every visitor
 *   message pays it), per call, on the hot path's statement against Prisma;
 * - a chat's start: the visitor's first message and an agent's acceptance, hot path against Prisma.
 */
describe.runIf(process.env.HOT_PATH_AB)('CPU: session cache, visitor recheck, chat start', () => {
  it('measures', { timeout: 1_200_000 }, async () => {
    const acme = await seedAccount(deps, 'Parts');
    const { publicKey } = await callerFor(deps, acme.admin.token).channels.create({
      kind: 'website',
      name: 'Parts',
    });
    await callerFor(deps, acme.owner.token).presence.set({ presence: 'online' });
    const factory = createContextFactory(deps);
    const call = createCallerFactory(appRouter);
    const wsRequest = (ip: string, cookie?: string) =>
      ({
        headers: { 'user-agent': 'ab', ...(cookie ? { cookie } : {}) },
        socket: { remoteAddress: ip },
      }) as never;
    const ownerCtx = factory(wsRequest('127.0.0.1', `${SESSION_COOKIE}=${acme.owner.token}`), undefined, {});
    const cached = call(ownerCtx);
    const uncached = call({
      ...ownerCtx,
      authenticate: () => validateSessionToken(deps.db, acme.owner.token),
    });
    const cpu = async (n: number, run: (i: number) => Promise<unknown>) => {
      const start = process.cpuUsage();
      for (let i = 0; i < n; i++) await run(i);
      const used = process.cpuUsage(start);
      return Math.round((used.user + used.system) / n) / 1000;
    };
    const startVisitor = async (i: number) => {
      const ip = `203.0.113.${i % 250}`;
      const started = await callerFor(deps, undefined, ip).widget.start({
        channelKey: publicKey,
        page: { url: 'https://shop.test/', title: 'Shop', referrer: '' },
      });
      const ctx = factory(wsRequest(ip), undefined, { visitorToken: started.visitorToken });
      return { token: started.visitorToken, ctx, api: call(ctx) };
    };
    // Taken chats for the message pairs, a set per side: one visitor message per chat and round keeps
    // every visitor under the rate limit (10 in 10 s).
    type Chat = { api: ReturnType<typeof call>; conversationId: string; token: string };
    const takenChats = async (from: number) => {
      const list: Chat[] = [];
      for (let i = from; i < from + 60; i++) {
        const v = await startVisitor(i);
        const first = await v.api.widget.send({ clientId: randomUUID(), body: 'Hello' });
        await cached.chats.accept({ conversationId: first.conversationId });
        list.push({ api: v.api, token: v.token, conversationId: first.conversationId });
      }
      return list;
    };
    const cachedChats = await takenChats(0);
    const uncachedChats = await takenChats(60);
    const chats = cachedChats;
    const pairs = (agent: ReturnType<typeof call>, list: Chat[]) => (i: number) => {
      const chat = list[(i >> 1) % list.length]!;
      return i % 2 === 0
        ? chat.api.widget.send({ clientId: randomUUID(), body: `m ${i}` })
        : agent.chats.send({ conversationId: chat.conversationId, clientId: randomUUID(), body: `r ${i}` });
    };
    const recheck = (i: number) => authenticateVisitor(deps.db, chats[i % chats.length]!.token);
    const recheckHot = (i: number) =>
      authenticateVisitor(deps.db, chats[i % chats.length]!.token, deps.database);
    const prismaDeps = { ...deps, database: { ...deps.database, hotPath: undefined as never } } as TestDeps;
    let n = 1000;
    const chatStart = (d: TestDeps) => async () => {
      const v = await startVisitor(n++);
      const api = visitorCaller(d, v.token, `203.0.113.${n % 250}`);
      const agent = callerFor(d, acme.owner.token);
      // widget.start is the same on both sides: only the first message and the acceptance are timed.
      const start = process.cpuUsage();
      const first = await api.widget.send({ clientId: randomUUID(), body: 'Hello' });
      await agent.chats.accept({ conversationId: first.conversationId });
      const used = process.cpuUsage(start);
      return used.user + used.system;
    };
    const chatStarts = async (d: TestDeps, count: number) => {
      let total = 0;
      for (let i = 0; i < count; i++) total += await chatStart(d)();
      return Math.round(total / count) / 1000;
    };
    // Group commit: the same message pairs, 20 chats at once (as many sockets' frames in one turn of the
    // event loop), with one commit per group against one per message.
    const concurrent = async (list: Chat[], grouped: boolean) => {
      deps.database.hotPath.setGroupCommit?.(grouped);
      const start = process.cpuUsage();
      let count = 0;
      for (let batch = 0; batch < 3; batch++) {
        await Promise.all(
          list.slice(batch * 20, batch * 20 + 20).flatMap((chat, i) => [
            chat.api.widget.send({ clientId: randomUUID(), body: `g ${i}` }),
            cached.chats.send({
              conversationId: chat.conversationId,
              clientId: randomUUID(),
              body: `g ${i}`,
            }),
          ]),
        );
        count += 40;
      }
      const used = process.cpuUsage(start);
      deps.database.hotPath.setGroupCommit?.(true);
      return Math.round((used.user + used.system) / count) / 1000;
    };
    // widget.typing: the hot path's one read against Prisma's three (each side its own visitors: at most
    // 5 previews per visitor and second pass).
    const typing = (d: TestDeps, list: Chat[]) => (i: number) =>
      visitorCaller(d, list[i % list.length]!.token, '203.0.113.7').widget.typing({ text: `t ${i}` });
    const rounds = [];
    for (let r = 0; r < 5; r++) {
      rounds.push({
        typingHot: await cpu(60, typing(deps, cachedChats)),
        typingPrisma: await cpu(60, typing(prismaDeps, uncachedChats)),
        concurrentGrouped: await concurrent(cachedChats, true),
        concurrentAlone: await concurrent(uncachedChats, false),
        pairCached: await cpu(120, pairs(cached, cachedChats)),
        pairUncached: await cpu(120, pairs(uncached, uncachedChats)),
        visitorRecheckPrisma: await cpu(200, recheck),
        visitorRecheckHot: await cpu(200, recheckHot),
        chatStartHot: await chatStarts(deps, 20),
        chatStartPrisma: await chatStarts(prismaDeps, 20),
      });
    }
    console.log('CPU ms per message / recheck / chat start (first message + accept), per round:');
    for (const r of rounds) console.log(JSON.stringify(r));
  });
});
