import type { Db, DbTx } from '@parley/db';
import { chatFacts, contribution, HOUR_COLUMNS, type TChatFacts, type THourSums } from './chat-facts';
import { localHourStart } from './time-zone';

/**
 * The rollups of one account (docs/statistics.md, "How the figures are kept"), on the account's
 * scoped client: StatChat rows recomputed from a conversation's messages, their difference moved into
 * StatHour, visits counted again for the hours they touch, and the rebuild from raw rows.
 */

const BATCH = 500;
const TX_TIMEOUT_MS = 60_000;

type TFactRow = TChatFacts & { hour: Date; statusId: string };

/** The account's statistics settings and cursor (created on first use). */
export async function statState(db: Db, accountId: string) {
  return db.statState.upsert({ where: { accountId }, create: { accountId }, update: {} });
}

/** Recomputes the facts of these conversations from their rows; null for one that is gone. */
export async function computeFacts(
  db: Db | DbTx,
  timeZone: string,
  conversationIds: readonly string[],
): Promise<Map<string, TFactRow | null>> {
  const out = new Map<string, TFactRow | null>(conversationIds.map((id) => [id, null]));
  for (let i = 0; i < conversationIds.length; i += BATCH) {
    const ids = conversationIds.slice(i, i + BATCH);
    const conversations = await db.conversation.findMany({
      where: { id: { in: ids }, kind: 'visitor' },
      select: {
        id: true,
        channelId: true,
        channel: { select: { kind: true } },
        visitorId: true,
        visitor: { select: { processStatusId: true } },
        origin: true,
        status: true,
        rating: true,
        invitationText: true,
        startedAt: true,
        closedAt: true,
      },
    });
    if (conversations.length === 0) continue;
    const messages = await db.message.findMany({
      where: { conversationId: { in: conversations.map((c) => c.id) } },
      select: {
        conversationId: true,
        authorType: true,
        authorUserId: true,
        kind: true,
        createdAt: true,
        meta: true,
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const byConversation = new Map<string, typeof messages>();
    for (const m of messages) {
      const list = byConversation.get(m.conversationId);
      if (list) list.push(m);
      else byConversation.set(m.conversationId, [m]);
    }
    const visitorIds = [...new Set(conversations.flatMap((c) => (c.visitorId ? [c.visitorId] : [])))];
    const open = await db.visit.findMany({
      where: { visitorId: { in: visitorIds }, endedAt: null },
      select: { visitorId: true, channelId: true },
    });
    const onSite = new Set(open.map((v) => `${v.visitorId}|${v.channelId}`));
    for (const c of conversations) {
      const facts = chatFacts(
        { ...c, channelKind: c.channel?.kind ?? null },
        byConversation.get(c.id) ?? [],
        onSite.has(`${c.visitorId}|${c.channelId}`),
      );
      out.set(c.id, {
        ...facts,
        statusId: c.visitor?.processStatusId ?? '',
        hour: new Date(localHourStart(timeZone, facts.startedAt.getTime())),
      });
    }
  }
  return out;
}

const hourKey = (hour: Date, channelId: string, agentId: string) =>
  `${hour.toISOString()}|${channelId}|${agentId}`;

function addInto(map: Map<string, THourSums>, key: string, sums: THourSums, sign: 1 | -1) {
  let row = map.get(key);
  if (!row) {
    row = Object.fromEntries(HOUR_COLUMNS.map((c) => [c, 0])) as THourSums;
    map.set(key, row);
  }
  for (const c of HOUR_COLUMNS) row[c] += sign * sums[c];
}

function parseKey(key: string) {
  const [hour, channelId, agentId] = key.split('|') as [string, string, string];
  return { hour: new Date(hour), channelId, agentId };
}

const factData = (f: TFactRow) => ({
  visitorId: f.visitorId,
  channelId: f.channelId,
  agentId: f.agentId,
  statusId: f.statusId,
  startedAt: f.startedAt,
  hour: f.hour,
  chat: f.chat,
  offline: f.offline,
  answered: f.answered,
  missed: f.missed,
  proactive: f.proactive,
  proactiveAnswered: f.proactiveAnswered,
  invited: f.invited,
  firstResponseMs: f.firstResponseMs,
  responseSumMs: f.responseSumMs,
  responseCount: f.responseCount,
  responseAvgMs: f.responseAvgMs,
  durationMs: f.durationMs,
  transfers: f.transfers,
  rating: f.rating,
});

/**
 * Writes recomputed facts and moves their difference into StatHour, in the caller's transaction.
 * Also takes out the rows whose conversation was erased (conversationId set null).
 */
export async function applyFacts(tx: DbTx, accountId: string, facts: Map<string, TFactRow | null>) {
  const ids = [...facts.keys()];
  const old = ids.length ? await tx.statChat.findMany({ where: { conversationId: { in: ids } } }) : [];
  const orphans = await tx.statChat.findMany({ where: { conversationId: null } });
  const deltas = new Map<string, THourSums>();
  for (const row of [...old, ...orphans])
    addInto(deltas, hourKey(row.hour, row.channelId, row.agentId), contribution(row), -1);
  const oldBy = new Map(old.map((r) => [r.conversationId as string, r]));
  for (const [conversationId, f] of facts) {
    const before = oldBy.get(conversationId);
    if (!f) {
      if (before) await tx.statChat.delete({ where: { id: before.id } });
      continue;
    }
    addInto(deltas, hourKey(f.hour, f.channelId, f.agentId), contribution(f), 1);
    if (before) await tx.statChat.update({ where: { id: before.id }, data: factData(f) });
    else await tx.statChat.create({ data: { accountId, conversationId, ...factData(f) } });
  }
  if (orphans.length) await tx.statChat.deleteMany({ where: { id: { in: orphans.map((o) => o.id) } } });
  for (const [key, d] of deltas) {
    if (HOUR_COLUMNS.every((c) => d[c] === 0)) continue;
    const { hour, channelId, agentId } = parseKey(key);
    await tx.statHour.upsert({
      where: { accountId_hour_channelId_agentId: { accountId, hour, channelId, agentId } },
      create: { accountId, hour, channelId, agentId, ...d },
      update: Object.fromEntries(HOUR_COLUMNS.map((c) => [c, { increment: d[c] }])),
    });
  }
}

type TVisitSums = Map<string, { visits: number; newVisits: number; pageViews: number }>;

/** Visits, new visitors and page views per local hour and channel, for visits started from `fromHour`. */
async function visitSums(db: Db | DbTx, timeZone: string, fromHour: Date): Promise<TVisitSums> {
  const sums: TVisitSums = new Map();
  let cursor: string | undefined;
  for (;;) {
    const visits = await db.visit.findMany({
      where: { startedAt: { gte: fromHour } },
      select: { id: true, channelId: true, number: true, pageCount: true, startedAt: true },
      orderBy: { id: 'asc' },
      take: 5000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const v of visits) {
      const key = hourKey(new Date(localHourStart(timeZone, v.startedAt.getTime())), v.channelId, '');
      const sum = sums.get(key) ?? { visits: 0, newVisits: 0, pageViews: 0 };
      sum.visits++;
      if (v.number === 1) sum.newVisits++;
      sum.pageViews += v.pageCount;
      sums.set(key, sum);
    }
    if (visits.length < 5000) break;
    cursor = visits[visits.length - 1]?.id;
  }
  return sums;
}

/** Replaces the visit counts of every hour from `fromHour` on, in the caller's transaction. */
async function writeVisitSums(tx: DbTx, accountId: string, fromHour: Date, sums: TVisitSums) {
  await tx.statHour.updateMany({
    where: { hour: { gte: fromHour }, agentId: '', OR: [{ visits: { gt: 0 } }, { pageViews: { gt: 0 } }] },
    data: { visits: 0, newVisits: 0, pageViews: 0 },
  });
  for (const [key, sum] of sums) {
    const { hour, channelId, agentId } = parseKey(key);
    await tx.statHour.upsert({
      where: { accountId_hour_channelId_agentId: { accountId, hour, channelId, agentId } },
      create: { accountId, hour, channelId, agentId, ...sum },
      update: sum,
    });
  }
}

/** Event payloads that name a conversation or a visitor whose chats may have changed. */
export function namedInEvent(payload: unknown): { conversationId?: string; visitorId?: string } {
  const data = (payload as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object') return {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const conversationId =
    str((data.message as { conversationId?: unknown } | undefined)?.conversationId) ??
    str((data.conversation as { id?: unknown } | undefined)?.id) ??
    str(data.conversationId);
  const visitorId = data.type === 'visitor.changed' ? str(data.visitorId) : undefined;
  return { ...(conversationId ? { conversationId } : {}), ...(visitorId ? { visitorId } : {}) };
}

/** The event log keeps a day (live/events.ts); a cursor older than this may have lost events. */
export const STALE_CURSOR_MS = 20 * 60 * 60 * 1000;

/**
 * One incremental run for one account: events after the cursor name the conversations to recompute;
 * visits active since the last run are counted again. Rebuilds instead when the cursor is stale or
 * the account was never built.
 */
export async function rollupAccount(db: Db, accountId: string, now = new Date()) {
  const state = await statState(db, accountId);
  if (!state.rebuiltAt || !state.lastRunAt || now.getTime() - state.lastRunAt.getTime() > STALE_CURSOR_MS)
    return { rebuilt: true, ...(await rebuildAccount(db, accountId, now)) };
  let cursor = state.lastEventId;
  let chats = 0;
  for (;;) {
    const events = await db.liveEvent.findMany({
      where: { id: { gt: cursor } },
      select: { id: true, payload: true },
      orderBy: { id: 'asc' },
      take: 2000,
    });
    if (events.length === 0) break;
    const conversationIds = new Set<string>();
    const visitorIds = new Set<string>();
    for (const e of events) {
      const named = namedInEvent(e.payload);
      if (named.conversationId) conversationIds.add(named.conversationId);
      if (named.visitorId) visitorIds.add(named.visitorId);
    }
    if (visitorIds.size) {
      const [theirs, counted] = await Promise.all([
        db.conversation.findMany({ where: { visitorId: { in: [...visitorIds] } }, select: { id: true } }),
        db.statChat.findMany({
          where: { visitorId: { in: [...visitorIds] } },
          select: { conversationId: true },
        }),
      ]);
      for (const c of theirs) conversationIds.add(c.id);
      for (const c of counted) if (c.conversationId) conversationIds.add(c.conversationId);
    }
    const facts = await computeFacts(db, state.timeZone, [...conversationIds]);
    const last = events[events.length - 1]?.id as number;
    // Updating the state row first takes its lock (PostgreSQL): a second run for the account waits
    // here, then reads the facts this one wrote, so no difference is counted twice.
    await db.$transaction(
      async (tx) => {
        await tx.statState.update({ where: { accountId }, data: { lastEventId: last } });
        await applyFacts(tx, accountId, facts);
      },
      { timeout: TX_TIMEOUT_MS },
    );
    chats += facts.size;
    cursor = last;
    if (events.length < 2000) break;
  }
  // Visits whose pages were seen since the last run (a visit lasts hours at most).
  const since = state.lastRunAt;
  const touched = await db.visit.findFirst({
    where: { startedAt: { gte: new Date(since.getTime() - 6 * 3_600_000) }, lastActiveAt: { gte: since } },
    orderBy: { startedAt: 'asc' },
    select: { startedAt: true },
  });
  const fromHour = new Date(
    localHourStart(state.timeZone, Math.min(touched?.startedAt.getTime() ?? Infinity, since.getTime())),
  );
  const sums = await visitSums(db, state.timeZone, fromHour);
  await db.$transaction(
    async (tx) => {
      await tx.statState.update({ where: { accountId }, data: { lastRunAt: now } });
      await writeVisitSums(tx, accountId, fromHour, sums);
    },
    { timeout: TX_TIMEOUT_MS },
  );
  return { rebuilt: false, chats };
}

/**
 * Recomputes the account's StatChat and StatHour from the raw rows (`npm run stats:rebuild`): reads
 * everything first, then replaces the rollups in one transaction (which waits for, and makes wait, an
 * incremental run of the same account).
 */
export async function rebuildAccount(db: Db, accountId: string, now = new Date()) {
  const state = await statState(db, accountId);
  // Events after this point are read by the next incremental run (recomputing is idempotent).
  const lastEvent = await db.liveEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  const hours = new Map<string, THourSums>();
  const rows: ReturnType<typeof factData>[] = [];
  const conversationIds: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.conversation.findMany({
      where: { kind: 'visitor' },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: BATCH * 4,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length === 0) break;
    const facts = await computeFacts(
      db,
      state.timeZone,
      page.map((c) => c.id),
    );
    for (const [conversationId, f] of facts) {
      if (!f) continue;
      rows.push(factData(f));
      conversationIds.push(conversationId);
      addInto(hours, hourKey(f.hour, f.channelId, f.agentId), contribution(f), 1);
    }
    cursor = page[page.length - 1]?.id;
  }
  // Written in time order, so a period's rows sit together on disk (a report reads one period).
  const paired = rows
    .map((row, i) => ({ row, conversationId: conversationIds[i] as string }))
    .sort((a, b) => a.row.startedAt.getTime() - b.row.startedAt.getTime());
  const sortedRows = paired.map((p) => p.row);
  const sortedIds = paired.map((p) => p.conversationId);
  const visits = await visitSums(db, state.timeZone, new Date(0));
  const hourRows = [...hours]
    .filter(([, d]) => HOUR_COLUMNS.some((c) => d[c] !== 0))
    .map(([key, d]) => ({ accountId, ...parseKey(key), ...d, ...(visits.get(key) ?? {}) }));
  for (const [key, v] of visits)
    if (!hours.has(key)) hourRows.push({ accountId, ...parseKey(key), ...v } as never);
  hourRows.sort((a, b) => a.hour.getTime() - b.hour.getTime());
  await db.$transaction(
    async (tx) => {
      await tx.statState.update({
        where: { accountId },
        data: { lastEventId: lastEvent?.id ?? 0, lastRunAt: now, rebuiltAt: now },
      });
      await tx.statChat.deleteMany({});
      await tx.statHour.deleteMany({});
      for (let i = 0; i < sortedRows.length; i += 2000)
        await tx.statChat.createMany({
          data: sortedRows
            .slice(i, i + 2000)
            .map((r, j) => ({ accountId, conversationId: sortedIds[i + j], ...r })),
        });
      for (let i = 0; i < hourRows.length; i += 2000)
        await tx.statHour.createMany({ data: hourRows.slice(i, i + 2000) });
    },
    { timeout: 10 * 60_000 },
  );
  return { chats: rows.length };
}
