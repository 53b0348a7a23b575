import { type Db, scopeToAccount } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAgentReport, getReport, type TStatsDeps, type TStatsViewer } from './report';
import { rebuildAccount, rollupAccount } from './rollup';
import { runStatsRollup } from './rollup-job';
import { setStatsTimeZone } from './settings';

/**
 * A hand-built history around New York's spring-forward day (2026-03-08: 23 local hours) on real
 * SQLite (PostgreSQL with DATABASE_URL): each definition of docs/statistics.md, the incremental
 * rollup against the rebuild, time zones, filters and the agent's own view.
 */

let database: TestDatabase;
let raw: Db;
let db: Db;
let deps: TStatsDeps;
let accountId: string;
const ids: Record<string, string> = {};
let clock = Date.parse('2026-03-08T00:00:00Z');

type TStep = [
  seconds: number,
  who: 'v' | 'ann' | 'bob' | 'note' | 'bot' | `transfer:${'ann' | 'bob'}`,
  kind?: string,
];

async function event(data: Record<string, unknown>) {
  await raw.liveEvent.create({ data: { accountId, topic: 'console', payload: { data } as object } });
}

async function addMessages(conversationId: string, visitorId: string, start: number, steps: TStep[]) {
  for (const [seconds, who, kind] of steps) {
    const createdAt = new Date(start + seconds * 1000);
    const agentId = who === 'ann' || who === 'bob' ? ids[who] : who === 'note' ? ids.ann : null;
    const transfer = who.startsWith('transfer:') ? ids[who.slice(9)] : null;
    await raw.message.create({
      data: {
        accountId,
        conversationId,
        authorType: who === 'v' ? 'visitor' : transfer ? 'system' : 'agent',
        authorVisitorId: who === 'v' ? visitorId : null,
        authorUserId: agentId ?? null,
        kind: transfer ? 'system' : who === 'note' ? 'note' : ((kind as 'text' | 'file') ?? 'text'),
        body: 'x',
        createdAt,
        ...(transfer ? { meta: { system: { event: 'transferred', userId: transfer } } } : {}),
        // As chats.sendAsBot stores it (domain/live-chat/messages.ts): the agents' side, no user.
        ...(who === 'bot' ? { meta: { bot: { name: 'Helper' } } } : {}),
      },
    });
    await event({ type: 'message', message: { conversationId } });
  }
}

async function chat(
  name: string,
  iso: string,
  over: { channel?: 'web' | 'mail'; visitor?: string; origin?: string; rating?: number },
  steps: TStep[],
) {
  const start = Date.parse(iso);
  const visitorId = ids[over.visitor ?? 'v1'] as string;
  const c = await raw.conversation.create({
    data: {
      accountId,
      channelId: ids[over.channel ?? 'web'] as string,
      visitorId,
      origin: over.origin ?? 'widget',
      rating: over.rating ?? null,
      startedAt: new Date(start),
      lastMessageAt: new Date(start),
    },
  });
  ids[name] = c.id;
  await addMessages(c.id, visitorId, start, steps);
  return c.id;
}

async function close(name: string, iso: string) {
  await raw.conversation.update({
    where: { id: ids[name] },
    data: { status: 'closed', closedAt: new Date(iso) },
  });
  await event({ type: 'conversation', conversation: { id: ids[name] } });
}

async function run() {
  clock += 60_000;
  return rollupAccount(db, accountId, new Date(clock));
}

const viewer = (role: TStatsViewer['role'], who = 'admin'): TStatsViewer => ({
  accountId,
  userId: ids[who] as string,
  role,
});
const day = { preset: 'custom' as const, from: '2026-03-08', to: '2026-03-08' };
const NOW = Date.parse('2026-03-20T12:00:00Z');

async function snapshot() {
  const hours = await db.statHour.findMany({
    orderBy: [{ hour: 'asc' }, { channelId: 'asc' }, { agentId: 'asc' }],
  });
  const chats = await db.statChat.findMany({ orderBy: { conversationId: 'asc' } });
  return {
    hours: hours
      .filter((h) => Object.entries(h).some(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'hour'))
      .map((h) => ({ ...h, hour: h.hour.toISOString() })),
    chats: chats.map(({ id: _id, ...rest }) => rest),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  raw = database.db;
  const account = await raw.account.create({ data: { name: 'Stats' } });
  accountId = account.id;
  db = scopeToAccount(raw, accountId);
  deps = { db, provider: database.provider };
  for (const [key, role] of [
    ['admin', 'admin'],
    ['ann', 'agent'],
    ['bob', 'agent'],
  ] as const) {
    const u = await raw.user.create({
      data: { accountId, email: `${key}@stats.test`, name: key.toUpperCase(), passwordHash: 'x', role },
    });
    ids[key] = u.id;
  }
  for (const [key, kind] of [
    ['web', 'website'],
    ['mail', 'email'],
  ] as const) {
    const c = await raw.channel.create({
      data: { accountId, kind, name: `${key} channel`, publicKey: `pk-${key}` },
    });
    ids[key] = c.id;
  }
  for (let n = 1; n <= 4; n++) {
    const v = await raw.visitor.create({ data: { accountId, number: n } });
    ids[`v${n}`] = v.id;
  }
  ids.vip = (await raw.tag.create({ data: { accountId, name: 'vip' } })).id;
  ids.lead = (
    await raw.processStatus.create({ data: { accountId, name: 'Lead', color: '#0a0', position: 0 } })
  ).id;
  await raw.visitor.update({ where: { id: ids.v2 }, data: { processStatusId: ids.lead } });
  await setStatsTimeZone(db, accountId, 'America/New_York');
});
afterAll(() => database.cleanup());

describe('statistics on a hand-built history', () => {
  it('the incremental rollup equals the rebuild', async () => {
    await run(); // first run: builds the (empty) account
    // A: 01:30 EST, answered by Ann in 30 s, rated 5, tagged vip; the visit had 3 pages.
    await raw.visit.create({
      data: {
        accountId,
        visitorId: ids.v1 as string,
        channelId: ids.web as string,
        number: 1,
        pageCount: 3,
        startedAt: new Date('2026-03-08T06:29:00Z'),
        lastActiveAt: new Date(clock + 1000),
        endedAt: new Date('2026-03-08T06:50:00Z'),
      },
    });
    await chat('A', '2026-03-08T06:30:00Z', { rating: 5 }, [
      [0, 'v'],
      [10, 'v'],
    ]);
    await run();
    await addMessages(ids.A as string, ids.v1 as string, Date.parse('2026-03-08T06:30:00Z'), [
      [30, 'ann'],
      [40, 'note'],
      [100, 'v'],
      [105, 'bot'], // a bot's reply does not stop the response clock: still 30 s
      [130, 'ann'],
    ]);
    await raw.conversationTag.create({
      data: { accountId, conversationId: ids.A as string, tagId: ids.vip as string },
    });
    // B: 03:30 EDT (one real hour after A's local hour 01), closed unanswered: missed.
    // A bot replied at once; no agent did, so it is still missed.
    await chat('B', '2026-03-08T07:30:00Z', { visitor: 'v2' }, [
      [0, 'v'],
      [2, 'bot'],
    ]);
    await close('B', '2026-03-08T07:40:00Z');
    // C: 23:30 EST the day before in New York, 07:30 on the 8th in Istanbul.
    await chat('C', '2026-03-08T04:30:00Z', { visitor: 'v3' }, [
      [0, 'v'],
      [5, 'bot'], // not the first response: Bob's is, at 20 s
      [20, 'bob'],
    ]);
    await run();
    await close('A', '2026-03-08T06:40:00Z');
    // D: an offline message.
    await chat('D', '2026-03-08T15:00:00Z', { visitor: 'v4', origin: 'offline_form' }, [[0, 'v']]);
    // E: email, Ann answers in 60 s and transfers to Bob, who answers the next message in 90 s.
    await chat('E', '2026-03-08T12:00:00Z', { channel: 'mail', visitor: 'v2' }, [
      [0, 'v'],
      [60, 'ann'],
      [100, 'transfer:bob'],
      [110, 'v'],
      [200, 'bob'],
    ]);
    // F: unanswered while the visitor is still on the page: waiting, not missed (yet).
    const openVisit = await raw.visit.create({
      data: {
        accountId,
        visitorId: ids.v3 as string,
        channelId: ids.web as string,
        number: 2,
        pageCount: 1,
        startedAt: new Date('2026-03-08T20:00:00Z'),
        lastActiveAt: new Date(clock + 1000),
      },
    });
    await chat('F', '2026-03-08T20:01:00Z', { visitor: 'v3' }, [[0, 'v']]);
    await run();
    expect((await db.statChat.findUnique({ where: { conversationId: ids.F } }))?.missed).toBe(0);
    // The visitor leaves: the sweeper ends the visit and announces the conversation.
    await raw.visit.update({
      where: { id: openVisit.id },
      data: { endedAt: new Date('2026-03-08T20:05:00Z') },
    });
    await event({ type: 'conversation', conversation: { id: ids.F } });
    // G is erased with its visitor's data (no event names the conversation, only the visitor).
    await chat('G', '2026-03-08T18:00:00Z', { visitor: 'v4' }, [
      [0, 'v'],
      [5, 'bob'],
    ]);
    await run();
    await raw.conversation.delete({ where: { id: ids.G } });
    await event({ type: 'visitor.changed', visitorId: ids.v4 });
    await run();
    expect((await db.statChat.findUnique({ where: { conversationId: ids.F } }))?.missed).toBe(1);

    const incremental = await snapshot();
    expect(incremental.chats).toHaveLength(6);
    await rebuildAccount(db, accountId);
    expect(await snapshot()).toEqual(incremental);
  });

  it('reports the spring-forward day in New York: 23 hours, chats, missed, offline apart', async () => {
    const r = await getReport(deps, viewer('admin'), day, NOW);
    expect(r.period).toMatchObject({ from: '2026-03-08', to: '2026-03-08', granularity: 'hour' });
    expect(r.series).toHaveLength(23);
    expect(r.series.map((s) => s.label)).not.toContain('02:00');
    expect(r.figures).toMatchObject({
      chats: 4, // A, B, E, F (C was the day before in New York)
      answered: 2,
      missed: 2, // B closed unanswered, F's visitor left
      offline: 1,
      transfers: 1,
      firstResponseAvgMs: 45_000, // (30 + 60) / 2
      responseAvgMs: 52_500, // A: 30 + 30, E: 60 + 90 → 210 s / 4
      firstResponseMedianMs: 30_000,
      firstResponseP90Ms: 60_000,
      ratingAvg: 5,
      ratingCount: 1,
      ratings: [0, 0, 0, 0, 1],
      visits: 2,
      newVisits: 1,
      pageViews: 4,
    });
    // Sunday (6): A at local hour 01, B at 03; Sunday 02 does not exist.
    expect(r.heatmap[6]?.slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(r.byChannel.map((c) => [c.name, c.chats])).toEqual([
      ['web channel', 3],
      ['mail channel', 1],
    ]);
    expect(r.byAgent.map((a) => [a.name, a.chats])).toEqual([
      [null, 2], // missed chats belong to no agent
      ['ANN', 2],
    ]);
  });

  it('the same day in Istanbul (UTC+3 all year) has 24 hours and takes in C', async () => {
    await setStatsTimeZone(db, accountId, 'Europe/Istanbul');
    const r = await getReport(deps, viewer('admin'), day, NOW);
    expect(r.series).toHaveLength(24);
    expect(r.figures.chats).toBe(5);
    expect(r.byAgent.map((a) => [a.name, a.chats])).toEqual([
      [null, 2],
      ['ANN', 2],
      ['BOB', 1],
    ]);
    const week = await getReport(
      deps,
      viewer('admin'),
      { preset: 'custom', from: '2026-03-02', to: '2026-03-08' },
      NOW,
    );
    expect(week.period.granularity).toBe('day');
    expect(week.series.map((s) => s.chats)).toEqual([0, 0, 0, 0, 0, 0, 5]);
    await setStatsTimeZone(db, accountId, 'America/New_York');
  });

  it('filters by channel, agent, tag and process status; compares with the previous period', async () => {
    const mail = await getReport(deps, viewer('admin'), { ...day, channelId: ids.mail }, NOW);
    expect(mail.figures).toMatchObject({ chats: 1, transfers: 1, firstResponseAvgMs: 60_000 });
    const vip = await getReport(deps, viewer('admin'), { ...day, tagId: ids.vip }, NOW);
    expect(vip.figures).toMatchObject({ chats: 1, answered: 1, firstResponseMedianMs: 30_000, visits: null });
    const lead = await getReport(deps, viewer('admin'), { ...day, statusId: ids.lead }, NOW);
    expect(lead.figures).toMatchObject({ chats: 2, missed: 1, answered: 1 }); // B and E (visitor 2)
    const bob = await getReport(deps, viewer('admin'), { ...day, agentId: ids.bob }, NOW);
    expect(bob.figures.chats).toBe(0);
    const next = await getReport(
      deps,
      viewer('admin'),
      { preset: 'custom', from: '2026-03-09', to: '2026-03-09' },
      NOW,
    );
    expect(next.previous.chats).toBe(4);
    expect(next.previousPeriod).toEqual({ from: '2026-03-08', to: '2026-03-08' });
  });

  it('an agent sees only their own figures; admins any agent of the account', async () => {
    const own = await getReport(deps, viewer('agent', 'ann'), day, NOW);
    expect(own.figures.chats).toBe(2);
    expect(own.byAgent.map((a) => a.id)).toEqual([ids.ann]);
    expect(own.figures.visits).toBeNull();
    await expect(
      getReport(deps, viewer('agent', 'ann'), { ...day, agentId: ids.bob }, NOW),
    ).rejects.toMatchObject({
      code: 'stats.own_only',
    });
    await expect(
      getAgentReport(deps, viewer('agent', 'ann'), { ...day, agentId: ids.bob as string }, NOW),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const forAdmin = await getAgentReport(deps, viewer('admin'), { ...day, agentId: ids.ann as string }, NOW);
    expect(forAdmin.report.figures.chats).toBe(2);
    expect(forAdmin.team.chats).toBe(4);
    await expect(getReport(deps, viewer('admin'), { ...day, channelId: 'nope' }, NOW)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('the scheduled job walks every account', async () => {
    const result = await runStatsRollup(raw, new Date(clock + 120_000));
    expect(result.accounts).toBe(1);
  });
});
