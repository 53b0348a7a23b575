import { type Db, scopeToAccount } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK, LATE_MS, rebuildAccount, rollupAccount } from './rollup';

/**
 * The incremental rollup (docs/statistics.md, "How the figures are kept"): each run folds only the
 * messages after a conversation's stored position (StatChat.fold), in slices bounded by message
 * count. Long conversations receive messages across many runs (some cut off mid-way, as if the
 * process died) and must end equal to a rebuild from the raw rows; a run reads only the new
 * messages. Real SQLite, or PostgreSQL with DATABASE_URL.
 */

let database: TestDatabase;
let raw: Db;
let db: Db;
let accountId: string;
const ids: Record<string, string> = {};
let clock = Date.parse('2026-06-01T12:00:00Z');
const saved = { ...CHUNK };

async function event(data: Record<string, unknown>) {
  await raw.liveEvent.create({ data: { accountId, topic: 'console', payload: { data } as object } });
}

type TWho = 'v' | 'ann' | 'bob' | 'note' | 'transfer';

async function say(conversationId: string, visitorId: string, at: number, who: TWho) {
  await raw.message.create({
    data: {
      accountId,
      conversationId,
      authorType: who === 'v' ? 'visitor' : who === 'transfer' ? 'system' : 'agent',
      authorVisitorId: who === 'v' ? visitorId : null,
      authorUserId: who === 'ann' || who === 'bob' ? (ids[who] as string) : who === 'note' ? ids.ann : null,
      kind: who === 'transfer' ? 'system' : who === 'note' ? 'note' : 'text',
      body: 'x',
      createdAt: new Date(at),
      ...(who === 'transfer' ? { meta: { system: { event: 'transferred', userId: ids.bob } } } : {}),
    },
  });
  await event({ type: 'message', message: { conversationId } });
}

async function conversation(n: number, start: number) {
  const visitorId = (await raw.visitor.create({ data: { accountId, number: n } })).id;
  const c = await raw.conversation.create({
    data: {
      accountId,
      channelId: ids.mail as string,
      visitorId,
      startedAt: new Date(start),
      lastMessageAt: new Date(start),
    },
  });
  return { id: c.id, visitorId };
}

async function snapshot() {
  const hours = await db.statHour.findMany({
    orderBy: [{ hour: 'asc' }, { channelId: 'asc' }, { agentId: 'asc' }],
  });
  const chats = await db.statChat.findMany({ orderBy: { conversationId: 'asc' } });
  return {
    hours: hours
      .filter((h) => Object.entries(h).some(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'hour'))
      .map((h) => ({ ...h, hour: h.hour.toISOString() })),
    // The fold included: the incremental position and sums equal a fold from the first message.
    chats: chats.map(({ id: _id, ...rest }) => rest),
  };
}

const tick = () => {
  clock += 1000;
  return new Date(clock);
};

/** Runs until one ends on its own, each cut off after `chunks` transactions (none: uncut). */
async function untilDone(chunks?: number) {
  for (let runs = 1; runs < 500; runs++) {
    const r = await rollupAccount(db, accountId, tick(), chunks ? { maxChunks: chunks } : {});
    if (!r.stopped) return r;
  }
  throw new Error('never finished');
}

beforeAll(async () => {
  database = await createTestDatabase();
  raw = database.db;
  accountId = (await raw.account.create({ data: { name: 'Incremental' } })).id;
  db = scopeToAccount(raw, accountId);
  for (const key of ['ann', 'bob'])
    ids[key] = (
      await raw.user.create({
        data: { accountId, email: `${key}@inc.test`, name: key, passwordHash: 'x', role: 'agent' },
      })
    ).id;
  // Email: no visits, so a chat's figures depend only on its messages and status.
  ids.mail = (
    await raw.channel.create({ data: { accountId, kind: 'email', name: 'mail', publicKey: 'pk-inc' } })
  ).id;
  // Tiny slices: a run crosses many reads and transactions.
  Object.assign(CHUNK, { items: 2, events: 7, messages: 3 });
});
afterAll(async () => {
  Object.assign(CHUNK, saved);
  await database.cleanup();
});

describe('incremental statistics rollup', { timeout: 180_000 }, () => {
  it('long conversations receiving messages across many runs end equal to a rebuild', async () => {
    await rollupAccount(db, accountId, tick()); // builds the empty account
    const start = Date.parse('2026-06-01T08:00:00Z');
    const chats = [];
    for (let n = 0; n < 3; n++) chats.push(await conversation(n + 1, start + n * 60_000));
    // A pattern with every case the fold keeps: visitor bursts (one clock), replies from two agents,
    // notes (not replies), transfers, and an agent speaking first in one chat.
    const pattern: TWho[] = ['v', 'v', 'ann', 'note', 'v', 'transfer', 'bob', 'bob', 'v', 'v', 'v', 'ann'];
    let at = start;
    for (let round = 0; round < 30; round++) {
      for (const [k, c] of chats.entries()) {
        const who = pattern[(round + k * 5) % pattern.length] as TWho;
        at += 7_000 + k * 1_000;
        await say(c.id, c.visitorId, at, who);
        // Sometimes two at the same millisecond: the position is (createdAt, id), not just time.
        if (round % 7 === 3) await say(c.id, c.visitorId, at, k === 0 ? 'v' : 'ann');
      }
      // A run after every round; every third one is cut off after a few transactions and resumed
      // (a cut-off run redoes its unfinished event batch: fewer than a batch's slices would never end).
      if (round % 3 === 2) await untilDone(3);
      else await untilDone();
    }
    await raw.conversation.update({
      where: { id: chats[1]?.id as string },
      data: { status: 'closed', closedAt: new Date(at + 60_000) },
    });
    await event({ type: 'conversation', conversation: { id: chats[1]?.id } });
    await untilDone(2);
    const incremental = await snapshot();
    expect(incremental.chats).toHaveLength(3);
    expect(incremental.chats.every((c) => c.responseCount > 3)).toBe(true);
    expect(incremental.chats.map((c) => JSON.parse(c.fold as string).n).sort()).toEqual(
      await Promise.all(chats.map((c) => raw.message.count({ where: { conversationId: c.id } }))).then(
        (counts) => counts.sort(),
      ),
    );

    await rebuildAccount(db, accountId, new Date(clock));
    expect(await snapshot()).toEqual(incremental);
  });

  it('a run reads only the messages written since the last one', async () => {
    const c = await conversation(10, Date.parse('2026-06-02T08:00:00Z'));
    let at = Date.parse('2026-06-02T08:00:00Z');
    for (let n = 0; n < 40; n++) {
      at += 6_000;
      await say(c.id, c.visitorId, at, n % 3 ? 'v' : 'ann');
    }
    expect((await untilDone()).messages).toBe(40);
    // Nothing new: no message read; the late-commit window (LATE_MS behind the position, ids only)
    // holds the last message alone (they are 6 s apart).
    await event({ type: 'conversation', conversation: { id: c.id } });
    expect(await untilDone()).toMatchObject({ messages: 0, window: 1 });
    // Three new messages in a 43-message conversation: three rows read.
    for (const who of ['v', 'v', 'bob'] as const) {
      at += 6_000;
      await say(c.id, c.visitorId, at, who);
    }
    expect(await untilDone()).toMatchObject({ messages: 3, window: 1 });
    const row = await db.statChat.findUnique({ where: { conversationId: c.id } });
    expect(JSON.parse(row?.fold as string).n).toBe(43);
    const snap = await snapshot();
    await rebuildAccount(db, accountId, new Date(clock));
    expect(await snapshot()).toEqual(snap);
  });

  it('a message committed late with an earlier time than the position is not lost', async () => {
    const c = await conversation(20, Date.parse('2026-06-03T08:00:00Z'));
    const t = Date.parse('2026-06-03T08:00:00Z');
    await say(c.id, c.visitorId, t, 'v');
    await say(c.id, c.visitorId, t + 60_000, 'ann');
    await untilDone();
    // Written after the run with a time before the fold's position, within LATE_MS (two writers
    // stamped, then committed in the other order): the window check sees it; the chat is folded anew.
    await say(c.id, c.visitorId, t + 60_000 - LATE_MS + 1000, 'bob');
    await untilDone();
    const row = await db.statChat.findUnique({ where: { conversationId: c.id } });
    expect(row).toMatchObject({
      agentId: ids.bob,
      firstResponseMs: 60_000 - LATE_MS + 1000,
      responseCount: 1,
    });
    const snap = await snapshot();
    await rebuildAccount(db, accountId, new Date(clock));
    expect(await snapshot()).toEqual(snap);
  });
});
