import { type Db, scopeToAccount } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getReport, type TStatsDeps } from './report';
import { CHUNK, rebuildAccount, rollupAccount } from './rollup';
import { setStatsTimeZone } from './settings';

/**
 * The rollup and the rebuild in bounded chunks (docs/statistics.md, "How the figures are kept"), with
 * ratings (stars and thumbs, from Rating rows) and calls: tiny chunks cross many transaction
 * boundaries, runs are cut off between two chunks (as if the process died) and resumed, and the
 * result must equal a rebuild's. Real SQLite, or PostgreSQL with DATABASE_URL.
 */

let database: TestDatabase;
let raw: Db;
let db: Db;
let deps: TStatsDeps;
let accountId: string;
const ids: Record<string, string> = {};
let clock = Date.parse('2026-05-04T09:00:00Z');
const saved = { ...CHUNK };

async function event(data: Record<string, unknown>) {
  await raw.liveEvent.create({ data: { accountId, topic: 'console', payload: { data } as object } });
}

/** A chat on the website: the visitor writes at `at`, `agent` answers 20 s later (unless null); closed. */
async function chat(n: number, at: string, agent: 'ann' | 'bob' | null) {
  const start = Date.parse(at);
  const visitorId = (await raw.visitor.create({ data: { accountId, number: 100 + n } })).id;
  const c = await raw.conversation.create({
    data: {
      accountId,
      channelId: ids.web as string,
      visitorId,
      status: 'closed',
      startedAt: new Date(start),
      lastMessageAt: new Date(start),
      closedAt: new Date(start + 300_000),
    },
  });
  await raw.message.create({
    data: {
      accountId,
      conversationId: c.id,
      authorType: 'visitor',
      authorVisitorId: visitorId,
      kind: 'text',
      body: 'hi',
      createdAt: new Date(start),
    },
  });
  await event({ type: 'message', message: { conversationId: c.id } });
  if (agent) {
    await raw.message.create({
      data: {
        accountId,
        conversationId: c.id,
        authorType: 'agent',
        authorUserId: ids[agent] as string,
        kind: 'text',
        body: 'hello',
        createdAt: new Date(start + 20_000),
      },
    });
    await event({ type: 'message', message: { conversationId: c.id } });
  }
  return { conversationId: c.id, visitorId };
}

async function rate(
  c: { conversationId: string; visitorId: string },
  scale: 'stars' | 'thumbs',
  score: number,
) {
  await raw.rating.upsert({
    where: { conversationId: c.conversationId },
    create: { accountId, conversationId: c.conversationId, visitorId: c.visitorId, scale, score },
    update: { scale, score },
  });
  await raw.conversation.update({ where: { id: c.conversationId }, data: { rating: score } });
  // As domain/ratings emits it: the rating names its conversation.
  await event({ type: 'chat.rated', rating: { conversationId: c.conversationId, scale, score } });
}

async function call(
  c: { conversationId: string; visitorId: string },
  at: string,
  outcome: 'answered' | 'missed' | 'declined' | 'ringing',
  agent: 'ann' | 'bob' | null,
  seconds = 0,
) {
  const start = Date.parse(at);
  const answered = outcome === 'answered';
  const row = await raw.call.create({
    data: {
      accountId,
      conversationId: c.conversationId,
      visitorId: c.visitorId,
      agentId: agent ? (ids[agent] as string) : null,
      channelId: ids.web as string,
      direction: 'inbound',
      via: 'webrtc',
      status: answered ? 'ended' : outcome,
      startedAt: new Date(start),
      answeredAt: answered ? new Date(start + 5000) : null,
      endedAt: outcome === 'ringing' ? null : new Date(start + 5000 + seconds * 1000),
      durationSec: answered ? seconds : null,
    },
  });
  await event({ type: 'call.updated', call: { id: row.id, status: row.status } });
  return row.id;
}

async function snapshot() {
  const hours = await db.statHour.findMany({
    orderBy: [{ hour: 'asc' }, { channelId: 'asc' }, { agentId: 'asc' }],
  });
  const chats = await db.statChat.findMany({ orderBy: { conversationId: 'asc' } });
  const calls = await db.statCall.findMany({ orderBy: { callId: 'asc' } });
  return {
    hours: hours
      .filter((h) => Object.entries(h).some(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'hour'))
      .map((h) => ({ ...h, hour: h.hour.toISOString() })),
    chats: chats.map(({ id: _id, ...rest }) => rest),
    calls: calls.map(({ id: _id, ...rest }) => rest),
  };
}

/** The next run's clock: a second later than the last. */
function tick() {
  clock += 1000;
  return new Date(clock);
}

/** Runs until a run ends on its own, each cut off after `chunks` transactions; returns how many runs. */
async function untilDone(
  step: (limits: { maxChunks: number }) => Promise<{ stopped?: boolean }>,
  chunks: number,
) {
  for (let runs = 1; runs < 500; runs++) if (!(await step({ maxChunks: chunks })).stopped) return runs;
  throw new Error('never finished');
}

beforeAll(async () => {
  database = await createTestDatabase();
  raw = database.db;
  accountId = (await raw.account.create({ data: { name: 'Chunks' } })).id;
  db = scopeToAccount(raw, accountId);
  deps = { db, provider: database.provider };
  for (const key of ['ann', 'bob'])
    ids[key] = (
      await raw.user.create({
        data: {
          accountId,
          email: `${key}@chunks.test`,
          name: key.toUpperCase(),
          passwordHash: 'x',
          role: 'agent',
        },
      })
    ).id;
  ids.web = (
    await raw.channel.create({ data: { accountId, kind: 'website', name: 'web', publicKey: 'pk-chunks' } })
  ).id;
  Object.assign(CHUNK, { items: 2, events: 3, eventsPerRun: 3, hours: 2 });
});
afterAll(async () => {
  Object.assign(CHUNK, saved);
  await database.cleanup();
});

// Tiny chunks mean hundreds of transactions: on PostgreSQL on a busy machine that takes a while.
describe('statistics rollup in chunks, with ratings and calls', { timeout: 180_000 }, () => {
  it('a run cut off between chunks resumes from the cursor; the result equals the rebuild', async () => {
    clock += 60_000;
    await rollupAccount(db, accountId, new Date(clock)); // builds the empty account
    const chats = [];
    for (let n = 0; n < 7; n++)
      chats.push(await chat(n, `2026-05-04T0${n}:10:00Z`, n === 3 ? null : n % 2 ? 'bob' : 'ann'));
    const [c0, c1, c2, c3, c4, c5] = chats as [
      (typeof chats)[0],
      (typeof chats)[0],
      (typeof chats)[0],
      (typeof chats)[0],
      (typeof chats)[0],
      (typeof chats)[0],
    ];
    await rate(c0, 'stars', 5);
    await rate(c1, 'stars', 2);
    await rate(c2, 'thumbs', 1);
    await rate(c4, 'thumbs', 0);
    await call(c0, '2026-05-04T00:15:00Z', 'answered', 'ann', 120);
    await call(c1, '2026-05-04T01:15:00Z', 'answered', 'bob', 60);
    await call(c3, '2026-05-04T03:15:00Z', 'missed', null);
    await call(c5, '2026-05-04T05:15:00Z', 'declined', null);
    const ringing = await call(c4, '2026-05-04T04:15:00Z', 'ringing', null);

    // Each run is cut off after 2 transactions: several runs are needed, none loses or repeats a change.
    const runs = await untilDone((limits) => rollupAccount(db, accountId, tick(), limits), 2);
    expect(runs).toBeGreaterThan(3);
    const state = await db.statState.findUnique({ where: { accountId } });
    expect(state?.lastEventId).toBe((await db.liveEvent.findFirst({ orderBy: { id: 'desc' } }))?.id);

    // The ringing call is answered later; a rating changes its mind.
    await raw.call.update({
      where: { id: ringing },
      data: {
        status: 'ended',
        answeredAt: new Date('2026-05-04T04:15:10Z'),
        agentId: ids.ann,
        durationSec: 30,
      },
    });
    await event({ type: 'call.updated', call: { id: ringing } });
    await rate(c1, 'stars', 4);
    await untilDone((limits) => rollupAccount(db, accountId, tick(), limits), 1);

    const incremental = await snapshot();
    expect(incremental.chats).toHaveLength(7);
    expect(incremental.calls).toHaveLength(5);

    // A rebuild cut off after every transaction resumes from StatState.rebuildCursor and agrees.
    await db.statState.update({ where: { accountId }, data: { rebuiltAt: null } });
    const rebuildRuns = await untilDone(
      (limits) => rebuildAccount(db, accountId, new Date(clock), limits),
      1,
    );
    expect(rebuildRuns).toBeGreaterThan(7);
    expect((await db.statState.findUnique({ where: { accountId } }))?.rebuildCursor).toBeNull();
    expect(await snapshot()).toEqual(incremental);
    // And so does one uncut rebuild with the usual chunk size.
    Object.assign(CHUNK, saved);
    await rebuildAccount(db, accountId, new Date(clock));
    expect(await snapshot()).toEqual(incremental);
    Object.assign(CHUNK, { items: 2, events: 3, eventsPerRun: 3, hours: 2 });
  });

  it('reports ratings (stars, thumbs) and calls per channel and agent', async () => {
    const r = await getReport(
      deps,
      { accountId, userId: ids.ann as string, role: 'admin' },
      { preset: 'custom', from: '2026-05-04', to: '2026-05-04' },
      Date.parse('2026-05-10T00:00:00Z'),
    );
    expect(r.figures).toMatchObject({
      ratings: [0, 0, 0, 1, 1],
      ratingAvg: 4.5,
      ratingCount: 2,
      thumbsUp: 1,
      thumbsDown: 1,
      callsAnswered: 3,
      callsMissed: 2, // rang out, and declined by every agent
      callDurationAvgMs: 70_000, // (120 + 60 + 30) / 3 s
    });
    const byAgent = Object.fromEntries(
      r.byAgent.map((a) => [a.name ?? '', [a.callsAnswered, a.callsMissed]]),
    );
    expect(byAgent).toEqual({ ANN: [2, 0], BOB: [1, 0], '': [0, 2] });
    expect(r.byChannel[0]).toMatchObject({ name: 'web', callsAnswered: 3, callsMissed: 2 });
    // A tag filter reads chats only: calls are not chats, so none are shown.
    const tag = (await raw.tag.create({ data: { accountId, name: 't' } })).id;
    const tagged = await getReport(
      deps,
      { accountId, userId: ids.ann as string, role: 'admin' },
      { preset: 'custom', from: '2026-05-04', to: '2026-05-04', tagId: tag },
      Date.parse('2026-05-10T00:00:00Z'),
    );
    expect(tagged.figures.callsAnswered).toBeNull();
  });

  it('a time zone change drops a rebuild under way and starts over in the new zone', async () => {
    await db.statState.update({ where: { accountId }, data: { rebuiltAt: null } });
    expect((await rebuildAccount(db, accountId, new Date(clock), { maxChunks: 3 })).stopped).toBe(true);
    expect((await db.statState.findUnique({ where: { accountId } }))?.rebuildCursor).toMatch(/^c:./);
    await setStatsTimeZone(db, accountId, 'Asia/Kolkata');
    const state = await db.statState.findUnique({ where: { accountId } });
    expect(state).toMatchObject({ timeZone: 'Asia/Kolkata', rebuildCursor: null });
    const changed = await snapshot();
    // Every chat is in a Kolkata hour (:30 UTC), and all of them are there.
    expect(changed.chats).toHaveLength(7);
    expect(changed.chats.every((c) => c.hour.getUTCMinutes() === 30)).toBe(true);
    await rebuildAccount(db, accountId, new Date(clock));
    expect(await snapshot()).toEqual(changed);
  });
});
