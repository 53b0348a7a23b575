import type { Db, DbTx } from '@parley/db';
import { callContribution, callFacts, type TCallFacts } from './call-facts';
import {
  contribution,
  emptyFold,
  foldFacts,
  foldMessage,
  HOUR_COLUMNS,
  parseFold,
  type TChatFacts,
  type TFold,
  type THourSums,
} from './chat-facts';
import {
  addStatHours,
  readEventNames,
  readMessageRanges,
  type TMessageRange,
  upsertStatChats,
} from './report-sql';
import { localHourStart } from './time-zone';

/**
 * The rollups of one account (docs/statistics.md, "How the figures are kept"), on the account's
 * scoped client: StatChat rows recomputed from a conversation's messages, their difference moved into
 * StatHour, visits counted again for the hours they touch, and the rebuild from raw rows.
 */

const BATCH = 500;
const TX_TIMEOUT_MS = 60_000;

/**
 * How much one write transaction may take on. The SQLite connection is the one the message path
 * writes on, so a transaction holds every chat message back while it runs: the job and the rebuild
 * work in short transactions of this size and yield to the event loop between them (bench:stats-rollup
 * measures what is left). Exported for tests, which use tiny chunks to cross many boundaries.
 */
export const CHUNK = {
  /** Conversations and calls recomputed per transaction. */
  items: 100,
  /**
   * LiveEvents read per statement (each names at most one conversation, visitor or call; only the
   * names are read, extracted from the payloads in SQL, which is what one read blocks the loop for):
   * the names are gathered over up to `eventsPerRun` events, then recomputed CHUNK.items per
   * transaction.
   */
  events: 1000,
  /**
   * Events whose names one pass of a run gathers before recomputing (ids only): a busier period
   * takes several passes, each moving the cursor past what it gathered with its last slice. A pass
   * cut off before that (a crash) is redone from the folds its finished slices stored, so this also
   * bounds what a run cut off mid-pass redoes. 20,000: a 30 s run at 300 msg/s (two events each).
   */
  eventsPerRun: 20_000,
  /** Local hours of StatHour replaced per transaction by the rebuild's last phase. */
  hours: 24,
  /**
   * Messages read and folded per slice: the job yields to the event loop after each read, and an
   * incremental run's transaction covers conversations with about this many new messages in all.
   */
  messages: 1000,
};

/** Lets the message path (and timers, sockets) run between two chunks. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

type TFactRow = TChatFacts & { hour: Date; statusId: string; fold: string };

/** What a run read (tests check a run reads only new messages). */
export interface TReadStats {
  /** Message rows read and folded. */
  messages: number;
  /** Rows read back from the LATE_MS window behind each fold's position (checked, not folded). */
  window: number;
}

/** A conversation to recompute: from its stored fold (null: from its first message). */
export interface TFoldItem {
  id: string;
  fold: TFold | null;
  /** StatChat.fold as stored when read (the write checks the row still has it). */
  stored?: string | null;
}

/**
 * How late a message may be committed after another of its conversation with a later time (two
 * writers stamp, then commit in the other order) and still be noticed: the rollup keeps the ids of
 * the folded messages this close to its position and checks that window again on the next run.
 */
export const LATE_MS = 5000;

/**
 * Folds into each fold the conversation's messages after its position, in (createdAt, id) order, at
 * most CHUNK.messages rows per read with a yield to the event loop after each, so one read's CPU is
 * bounded whatever the conversations' sizes. Each read is one range of the (conversationId,
 * createdAt) index per conversation (readMessageRanges): only new rows, plus, with `window`, the
 * rows of the LATE_MS before each position, checked against the fold's recent ids. Returns the
 * conversations with a message there that the fold never took in (committed late with an earlier
 * time): the caller folds those anew.
 */
async function foldNewMessages(
  db: Db | DbTx,
  accountId: string,
  folds: Map<string, TFold>,
  stats: TReadStats,
  window: boolean,
) {
  const late = new Set<string>();
  const ranges = new Map<string, TMessageRange>();
  for (const [conversationId, f] of folds)
    ranges.set(
      conversationId,
      f.at === null
        ? { conversationId, from: 0 }
        : window
          ? { conversationId, from: f.at - LATE_MS }
          : { conversationId, from: f.at, after: { at: f.at, id: f.id ?? '' } },
    );
  for (;;) {
    const page = await readMessageRanges(db, accountId, [...ranges.values()], CHUNK.messages);
    for (const m of page) {
      const at = m.createdAt.getTime();
      ranges.set(m.conversationId, { conversationId: m.conversationId, from: at, after: { at, id: m.id } });
      const f = folds.get(m.conversationId);
      if (!f || late.has(m.conversationId)) continue;
      if (f.at !== null && (at < f.at || (at === f.at && m.id <= (f.id ?? '')))) {
        // At or behind the position: folded already (a recent id), or committed late.
        stats.window++;
        if (m.id !== f.id && !f.recent?.some(([id]) => id === m.id)) late.add(m.conversationId);
        continue;
      }
      stats.messages++;
      foldMessage(f, m);
      f.recent = f.recent ?? [];
      f.recent.push([m.id, at]);
    }
    // Only the window behind each position is kept.
    for (const f of folds.values()) {
      const from = (f.at ?? 0) - LATE_MS;
      if (f.recent?.length && (f.recent[0]?.[1] ?? 0) < from)
        f.recent = f.recent.filter(([, t]) => t >= from);
    }
    if (page.length < CHUNK.messages) return late;
    await yieldToLoop();
  }
}

/** The account's statistics settings and cursor (created on first use). */
export async function statState(db: Db, accountId: string) {
  return db.statState.upsert({ where: { accountId }, create: { accountId }, update: {} });
}
type TCallRow = TCallFacts & { hour: Date };

/**
 * Recomputes the facts of these conversations; null for one that is gone. Given as ids, each is
 * folded from its first message (the rebuild); given as items with their stored folds, only the
 * messages after each fold's position are read (the incremental run). A conversation with a message
 * in the LATE_MS window behind its position that the fold never took in (committed late with an
 * earlier time) is folded anew.
 */
export async function computeFacts(
  db: Db | DbTx,
  accountId: string,
  timeZone: string,
  conversations: readonly (string | TFoldItem)[],
  stats: TReadStats = { messages: 0, window: 0 },
): Promise<Map<string, TFactRow | null>> {
  const items = conversations.map((c) => (typeof c === 'string' ? { id: c, fold: null } : c));
  const out = new Map<string, TFactRow | null>(items.map((c) => [c.id, null]));
  for (let i = 0; i < items.length; i += BATCH) {
    const part = items.slice(i, i + BATCH);
    const conversations = await db.conversation.findMany({
      where: { id: { in: part.map((c) => c.id) }, kind: 'visitor' },
      select: {
        id: true,
        channelId: true,
        channel: { select: { kind: true } },
        visitorId: true,
        visitor: { select: { processStatusId: true } },
        origin: true,
        status: true,
        rating: true,
        ratingRecord: { select: { scale: true, score: true } },
        invitationText: true,
        startedAt: true,
        closedAt: true,
      },
    });
    if (conversations.length === 0) continue;
    const byId = new Map(part.map((c) => [c.id, c]));
    const folds = new Map<string, TFold>();
    for (const c of conversations) {
      const f = byId.get(c.id)?.fold ?? null;
      folds.set(c.id, f ? { ...f, recent: [...(f.recent ?? [])] } : emptyFold());
    }
    const late = await foldNewMessages(db, accountId, folds, stats, true);
    // A message committed late behind a fold's position: that conversation is folded anew (rare).
    if (late.size) {
      const anew = new Map([...late].map((id) => [id, emptyFold()]));
      await foldNewMessages(db, accountId, anew, stats, false);
      for (const [id, f] of anew) folds.set(id, f);
    }
    const visitorIds = [...new Set(conversations.flatMap((c) => (c.visitorId ? [c.visitorId] : [])))];
    const open = await db.visit.findMany({
      where: { visitorId: { in: visitorIds }, endedAt: null },
      select: { visitorId: true, channelId: true },
    });
    const onSite = new Set(open.map((v) => `${v.visitorId}|${v.channelId}`));
    for (const c of conversations) {
      // The Rating row is the source of truth (its scale says stars or thumbs); a conversation
      // rated before Rating rows existed keeps its score on the conversation (stars).
      const r = c.ratingRecord;
      const fold = folds.get(c.id) ?? emptyFold();
      const facts = foldFacts(
        {
          ...c,
          channelKind: c.channel?.kind ?? null,
          rating: r ? (r.scale === 'stars' ? r.score : null) : c.rating,
          thumbs: r && r.scale !== 'stars' ? r.score : null,
        },
        fold,
        onSite.has(`${c.visitorId}|${c.channelId}`),
      );
      out.set(c.id, {
        ...facts,
        statusId: c.visitor?.processStatusId ?? '',
        hour: new Date(localHourStart(timeZone, facts.startedAt.getTime())),
        fold: JSON.stringify(fold),
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
  thumbsUp: f.thumbsUp,
  thumbsDown: f.thumbsDown,
  fold: f.fold,
});

/** Moves summed differences into StatHour (one multi-row upsert per 200 touched hours, channels and agents). */
async function writeDeltas(tx: DbTx, accountId: string, deltas: Map<string, THourSums>) {
  const rows = [...deltas]
    .filter(([, d]) => HOUR_COLUMNS.some((c) => d[c] !== 0))
    .map(([key, sums]) => ({ ...parseKey(key), sums }));
  if (rows.length) await addStatHours(tx, accountId, rows);
}

/** Whether a stored StatChat row already holds these figures. */
function sameRow(row: Record<string, unknown>, data: Record<string, unknown>) {
  for (const [key, value] of Object.entries(data)) {
    const stored = row[key];
    if (
      value instanceof Date
        ? !(stored instanceof Date) || stored.getTime() !== value.getTime()
        : stored !== value
    )
      return false;
  }
  return true;
}

/**
 * Writes recomputed facts and, unless `hours` is false (the rebuild, which then replaces StatHour
 * from StatChat), moves their difference into StatHour, in the caller's transaction. Also takes out
 * the rows whose conversation was erased (conversationId set null). A few statements per call
 * whatever the number of conversations (delete + createMany), so a chunk's transaction stays short.
 * `folded`: the StatChat.fold each conversation's facts were folded on (incremental runs); a row
 * that changed since (another run wrote it first) stops this run (FoldMoved), which the next redoes.
 * `orphans`: whether to take out the rows of erased conversations too (an incremental run does it
 * once, in its last slice).
 */
export async function applyFacts(
  tx: DbTx,
  accountId: string,
  facts: Map<string, TFactRow | null>,
  hours = true,
  folded?: Map<string, string | null>,
  orphans = true,
) {
  const ids = [...facts.keys()];
  const old = ids.length ? await tx.statChat.findMany({ where: { conversationId: { in: ids } } }) : [];
  if (folded)
    for (const row of old)
      if (row.conversationId && folded.has(row.conversationId) && folded.get(row.conversationId) !== row.fold)
        throw new FoldMoved();
  const erased = orphans ? await tx.statChat.findMany({ where: { conversationId: null } }) : [];
  const deltas = new Map<string, THourSums>();
  const take = (row: (typeof old)[number]) => {
    if (hours) addInto(deltas, hourKey(row.hour, row.channelId, row.agentId), contribution(row), -1);
  };
  // Rows of erased conversations (orphans) and of conversations that are gone go; the others are
  // replaced in place (one statement per 200 rows: Prisma's createMany cost ~0.5 ms of CPU a row),
  // unless nothing in them changed (a visitor event that changed none of their chats).
  const gone = [...erased, ...old.filter((r) => r.conversationId && !facts.get(r.conversationId))];
  for (const row of gone) take(row);
  if (gone.length) await tx.statChat.deleteMany({ where: { id: { in: gone.map((r) => r.id) } } });
  const before = new Map(old.map((r) => [r.conversationId, r]));
  const rows: (ReturnType<typeof factData> & { conversationId: string })[] = [];
  for (const [conversationId, f] of facts) {
    if (!f) continue;
    const data = factData(f);
    const o = before.get(conversationId);
    if (o && sameRow(o, data)) continue;
    if (o) take(o);
    if (hours) addInto(deltas, hourKey(f.hour, f.channelId, f.agentId), contribution(f), 1);
    rows.push({ conversationId, ...data });
  }
  if (rows.length) await upsertStatChats(tx, accountId, rows);
  await writeDeltas(tx, accountId, deltas);
}

/** Recomputes the facts of these calls from their rows; null for one that is gone. */
export async function computeCallFacts(
  db: Db | DbTx,
  timeZone: string,
  callIds: readonly string[],
): Promise<Map<string, TCallRow | null>> {
  const out = new Map<string, TCallRow | null>(callIds.map((id) => [id, null]));
  for (let i = 0; i < callIds.length; i += BATCH) {
    const calls = await db.call.findMany({
      where: { id: { in: callIds.slice(i, i + BATCH) } },
      select: {
        id: true,
        channelId: true,
        agentId: true,
        status: true,
        startedAt: true,
        answeredAt: true,
        durationSec: true,
        conversation: { select: { channelId: true } },
      },
    });
    for (const c of calls) {
      const f = callFacts({ ...c, channelId: c.channelId ?? c.conversation?.channelId ?? null });
      out.set(c.id, { ...f, hour: new Date(localHourStart(timeZone, f.startedAt.getTime())) });
    }
  }
  return out;
}

/** The calls' counterpart of applyFacts. */
export async function applyCallFacts(
  tx: DbTx,
  accountId: string,
  facts: Map<string, TCallRow | null>,
  hours = true,
) {
  const ids = [...facts.keys()];
  if (!ids.length) return;
  const old = await tx.statCall.findMany({ where: { callId: { in: ids } } });
  const deltas = new Map<string, THourSums>();
  if (hours)
    for (const row of old)
      addInto(deltas, hourKey(row.hour, row.channelId, row.agentId), callContribution(row), -1);
  if (old.length) await tx.statCall.deleteMany({ where: { id: { in: old.map((r) => r.id) } } });
  const rows = [];
  for (const [callId, f] of facts) {
    if (!f) continue;
    if (hours) addInto(deltas, hourKey(f.hour, f.channelId, f.agentId), callContribution(f), 1);
    rows.push({ accountId, callId, ...f });
  }
  if (rows.length) await tx.statCall.createMany({ data: rows });
  await writeDeltas(tx, accountId, deltas);
}

type TVisitSums = Map<string, { visits: number; newVisits: number; pageViews: number }>;

/** Visits, new visitors and page views per local hour and channel, for visits started in [from, to). */
async function visitSums(
  db: Db | DbTx,
  timeZone: string,
  fromHour: Date,
  toHour?: Date,
): Promise<TVisitSums> {
  const sums: TVisitSums = new Map();
  let cursor: string | undefined;
  for (;;) {
    const visits = await db.visit.findMany({
      where: { startedAt: { gte: fromHour, ...(toHour ? { lt: toHour } : {}) } },
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
    await yieldToLoop();
  }
  return sums;
}

/**
 * Replaces the visit counts of the hours [fromHour, toHour) by `sums` (read for exactly those hours),
 * one transaction per CHUNK.hours hours: each hour is replaced whole, so a run cut off between two
 * transactions leaves every hour either as it was or recounted. Returns the longest transaction, ms.
 */
async function writeVisitSums(
  db: Db,
  accountId: string,
  fromHour: Date,
  toHour: Date,
  sums: TVisitSums,
  lock: (tx: DbTx) => Promise<void>,
) {
  const byHour = new Map<number, [string, TVisitSums extends Map<string, infer V> ? V : never][]>();
  for (const entry of sums) {
    const at = parseKey(entry[0]).hour.getTime();
    const list = byHour.get(at);
    if (list) list.push(entry);
    else byHour.set(at, [entry]);
  }
  let longest = 0;
  for (let a = fromHour.getTime(); a < toHour.getTime(); ) {
    const b = Math.min(toHour.getTime(), a + CHUNK.hours * 3_600_000);
    let began = 0;
    await db.$transaction(
      async (tx) => {
        began = performance.now();
        await lock(tx);
        await tx.statHour.updateMany({
          where: {
            hour: { gte: new Date(a), lt: new Date(b) },
            agentId: '',
            OR: [{ visits: { gt: 0 } }, { pageViews: { gt: 0 } }, { newVisits: { gt: 0 } }],
          },
          data: { visits: 0, newVisits: 0, pageViews: 0 },
        });
        for (const [at, entries] of byHour) {
          if (at < a || at >= b) continue;
          for (const [key, sum] of entries) {
            const { hour, channelId, agentId } = parseKey(key);
            await tx.statHour.upsert({
              where: { accountId_hour_channelId_agentId: { accountId, hour, channelId, agentId } },
              create: { accountId, hour, channelId, agentId, ...sum },
              update: sum,
            });
          }
        }
      },
      { timeout: TX_TIMEOUT_MS },
    );
    longest = Math.max(longest, performance.now() - began);
    a = b;
    if (a < toHour.getTime()) await yieldToLoop();
  }
  return longest;
}

/** Event payloads that name a conversation, a visitor whose chats may have changed, or a call. */
export function namedInEvent(payload: unknown): {
  conversationId?: string;
  visitorId?: string;
  callId?: string;
} {
  const data = (payload as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object') return {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const conversationId =
    str((data.message as { conversationId?: unknown } | undefined)?.conversationId) ??
    str((data.conversation as { id?: unknown } | undefined)?.id) ??
    // chat.rated (domain/ratings): the rating names its conversation.
    str((data.rating as { conversationId?: unknown } | undefined)?.conversationId) ??
    str(data.conversationId);
  const visitorId = data.type === 'visitor.changed' ? str(data.visitorId) : undefined;
  const callId =
    data.type === 'call.updated' || data.type === 'call.ringing'
      ? str((data.call as { id?: unknown } | undefined)?.id)
      : undefined;
  return {
    ...(conversationId ? { conversationId } : {}),
    ...(visitorId ? { visitorId } : {}),
    ...(callId ? { callId } : {}),
  };
}

/** The event log keeps a day (live/events.ts); a cursor older than this may have lost events. */
export const STALE_CURSOR_MS = 20 * 60 * 60 * 1000;

/**
 * Every chunk transaction starts here: updating the account's StatState row takes its lock on
 * PostgreSQL, so a second run of the same account (a rebuild from the command line, a process that
 * took the lease late) waits, then reads the facts this one wrote, and no difference is counted twice.
 * The time zone in the condition stops a run whose zone changed under it (its hours are the old ones):
 * it throws, and the next run starts over with the new zone.
 */
async function lockState(
  tx: DbTx,
  accountId: string,
  timeZone: string,
  data: { lastEventId?: number; lastRunAt?: Date; rebuildCursor?: string | null; rebuiltAt?: Date },
) {
  // The zone is written too: an update with nothing to set would not touch (nor lock) the row.
  const { count } = await tx.statState.updateMany({
    where: { accountId, timeZone },
    data: { timeZone, ...data },
  });
  if (count !== 1) throw new TimeZoneChanged();
}

class TimeZoneChanged extends Error {
  constructor() {
    super('stats: the time zone changed during the run; the next run starts over');
  }
}

/** What one run may stop after (tests: a process that dies between two chunks). */
export interface TRunLimits {
  /** Stop, as if the process died, after this many write transactions. */
  maxChunks?: number;
}

class Stopped extends Error {}

/** A conversation's StatChat row changed between this run's read and its write: the next run redoes it. */
class FoldMoved extends Error {}

function chunkCounter(limits: TRunLimits) {
  let n = 0;
  return async () => {
    n++;
    if (limits.maxChunks !== undefined && n >= limits.maxChunks) throw new Stopped();
    await yieldToLoop();
  };
}

/** The stored fold (and raw StatChat.fold text) of these conversations. */
async function foldItems(db: Db, ids: readonly string[]) {
  const out: TFoldItem[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    const rows = await db.statChat.findMany({
      where: { conversationId: { in: part } },
      select: { conversationId: true, fold: true },
    });
    const stored = new Map(rows.map((r) => [r.conversationId, r.fold]));
    for (const id of part) {
      const text = stored.get(id) ?? null;
      out.push({ id, fold: parseFold(text), stored: text });
    }
  }
  return out;
}

/** What one run did: conversations recomputed, message rows read (TReadStats), whether it was cut off. */
export interface TRollupResult extends TReadStats {
  rebuilt: boolean;
  chats: number;
  /** The longest write transaction of an incremental run, ms (absent for a rebuild). */
  longestTxMs?: number;
  stopped?: boolean;
}

/**
 * One incremental run for one account: events after the cursor name the conversations and calls to
 * bring up to date; each conversation's new messages (after its StatChat.fold) are folded in, in
 * slices of CHUNK.items conversations and about CHUNK.messages messages, each slice in its own
 * transaction with the folds it moved (a crash between two loses nothing: the next run reads on from
 * the cursor and the stored folds; nothing is counted twice: only differences from the stored rows
 * move). Visits active since the last run are counted again. Rebuilds instead (or goes on with an
 * unfinished rebuild) when the cursor is stale or the account was never built.
 */
export async function rollupAccount(
  db: Db,
  accountId: string,
  now = new Date(),
  limits: TRunLimits = {},
): Promise<TRollupResult> {
  const state = await statState(db, accountId);
  if (
    state.rebuildCursor !== null ||
    !state.rebuiltAt ||
    !state.lastRunAt ||
    now.getTime() - state.lastRunAt.getTime() > STALE_CURSOR_MS
  )
    return { rebuilt: true, messages: 0, window: 0, ...(await rebuildAccount(db, accountId, now, limits)) };
  const { timeZone } = state;
  const done = chunkCounter(limits);
  let cursor = state.lastEventId;
  let chats = 0;
  const read: TReadStats = { messages: 0, window: 0 };
  // How long the run's longest write transaction held the writer (from its first statement to its
  // commit): on SQLite what a chat message waited behind the job at worst.
  let longestTxMs = 0;
  try {
    for (;;) {
      // The names of every event up to the newest (at most CHUNK.eventsPerRun) first, so a conversation
      // named by many events (a busy chat: two per message) is recomputed once per run, not once per
      // read batch it appears in (at 300 msg/s a 30 s run read four batches naming the same 2,000
      // chats, and recomputed 7,500); with the number of events naming each (about its new
      // messages), what a slice is bounded by. Only ids are read (extracted in SQL), a page at a time.
      const conversationIds = new Map<string, number>();
      const visitorIds = new Set<string>();
      const callIds = new Set<string>();
      let last = cursor;
      let more = false;
      for (let seen = 0; ; ) {
        const events = await readEventNames(db, accountId, last, CHUNK.events);
        for (const named of events) {
          if (named.conversationId)
            conversationIds.set(named.conversationId, (conversationIds.get(named.conversationId) ?? 0) + 1);
          if (named.visitorId) visitorIds.add(named.visitorId);
          if (named.callId) callIds.add(named.callId);
        }
        last = events[events.length - 1]?.id ?? last;
        seen += events.length;
        more = events.length === CHUNK.events;
        if (!more || seen >= CHUNK.eventsPerRun) break;
        await yieldToLoop();
      }
      if (last === cursor) break;
      if (visitorIds.size) {
        const [theirs, counted] = await Promise.all([
          db.conversation.findMany({ where: { visitorId: { in: [...visitorIds] } }, select: { id: true } }),
          db.statChat.findMany({
            where: { visitorId: { in: [...visitorIds] } },
            select: { conversationId: true },
          }),
        ]);
        for (const c of theirs) conversationIds.set(c.id, conversationIds.get(c.id) ?? 1);
        for (const c of counted)
          if (c.conversationId)
            conversationIds.set(c.conversationId, conversationIds.get(c.conversationId) ?? 1);
      }
      // Each conversation's stored fold: where its new messages start.
      const items = await foldItems(db, [...conversationIds.keys()]);
      const work: ({ chat: TFoldItem; weight: number } | { callId: string; weight: number })[] = [
        ...items.map((chat) => ({ chat, weight: conversationIds.get(chat.id) ?? 1 })),
        ...[...callIds].map((callId) => ({ callId, weight: 1 })),
      ];
      // Slices of at most CHUNK.items conversations or calls and about CHUNK.messages new messages,
      // each in its own transaction. Only the batch's last slice moves the cursor past the batch: a
      // run cut off before it leaves the cursor where it was, and the next run goes over the batch
      // again from the folds the finished slices stored (a fold moves with the facts it gave, in
      // the same transaction, so nothing is counted twice).
      for (let i = 0, first = true; first || i < work.length; first = false) {
        let j = i;
        let weight = 0;
        while (
          j < work.length &&
          j - i < CHUNK.items &&
          (j === i || weight + (work[j]?.weight ?? 0) <= CHUNK.messages)
        )
          weight += work[j++]?.weight ?? 0;
        const part = work.slice(i, j);
        i = j;
        const final = i >= work.length;
        const chatItems = part.flatMap((w) => ('chat' in w ? [w.chat] : []));
        // Read outside the transaction: the write transaction holds only the writes.
        const facts = await computeFacts(db, accountId, timeZone, chatItems, read);
        const calls = await computeCallFacts(
          db,
          timeZone,
          part.flatMap((w) => ('callId' in w ? [w.callId] : [])),
        );
        const folded = new Map(chatItems.map((c) => [c.id, c.stored ?? null]));
        let began = 0;
        await db.$transaction(
          async (tx) => {
            began = performance.now();
            await lockState(tx, accountId, timeZone, final ? { lastEventId: last } : {});
            // Rows of erased conversations: once a pass, with its last slice (they were read in
            // every slice's transaction: 75 extra reads a run at 300 msg/s).
            await applyFacts(tx, accountId, facts, true, folded, final);
            await applyCallFacts(tx, accountId, calls);
          },
          { timeout: TX_TIMEOUT_MS },
        );
        longestTxMs = Math.max(longestTxMs, performance.now() - began);
        chats += facts.size;
        await done();
      }
      cursor = last;
      if (!more) break;
    }
    // Visits whose pages were seen since the last run (a visit lasts hours at most).
    const since = state.lastRunAt;
    const touched = await db.visit.findFirst({
      where: { startedAt: { gte: new Date(since.getTime() - 6 * 3_600_000) }, lastActiveAt: { gte: since } },
      orderBy: { startedAt: 'asc' },
      select: { startedAt: true },
    });
    const fromHour = new Date(
      localHourStart(timeZone, Math.min(touched?.startedAt.getTime() ?? Infinity, since.getTime())),
    );
    // Every hour from there on (visit rows are stamped by this server's clock, StatHour by earlier runs).
    const [lastVisit, lastHour] = await Promise.all([
      db.visit.aggregate({ _max: { startedAt: true }, where: { startedAt: { gte: fromHour } } }),
      db.statHour.aggregate({ _max: { hour: true }, where: { hour: { gte: fromHour } } }),
    ]);
    const latest = Math.max(
      now.getTime(),
      lastVisit._max.startedAt?.getTime() ?? 0,
      lastHour._max.hour?.getTime() ?? 0,
    );
    const toHour = new Date(localHourStart(timeZone, latest) + 3_600_000);
    const sums = await visitSums(db, timeZone, fromHour, toHour);
    longestTxMs = Math.max(
      longestTxMs,
      await writeVisitSums(db, accountId, fromHour, toHour, sums, (tx) =>
        lockState(tx, accountId, timeZone, {}),
      ),
    );
    // Last, so a run cut off before here counts those visits again next time (replacing, not adding).
    await db.statState.updateMany({ where: { accountId }, data: { lastRunAt: now } });
  } catch (err) {
    if (err instanceof Stopped || err instanceof TimeZoneChanged || err instanceof FoldMoved)
      return { rebuilt: false, chats, ...read, longestTxMs, stopped: true };
    throw err;
  }
  return { rebuilt: false, chats, ...read, longestTxMs };
}

/** The rebuild's cursor (StatState.rebuildCursor), parsed. */
type TRebuildStep =
  | { phase: 'c'; after: string }
  | { phase: 'k'; after: string }
  | { phase: 'h'; from: number; to: number };

function parseStep(cursor: string): TRebuildStep {
  const [phase, ...rest] = cursor.split(':');
  if (phase === 'h') return { phase, from: Number(rest[0]), to: Number(rest[1]) };
  return { phase: phase === 'k' ? 'k' : 'c', after: rest.join(':') };
}

/** The first and last local hours the rollups and their raw rows touch (the last phase's span). */
async function hourSpan(db: Db, timeZone: string, now: Date) {
  const [hour, chat, call, visit] = await Promise.all([
    db.statHour.aggregate({ _min: { hour: true }, _max: { hour: true } }),
    db.statChat.aggregate({ _min: { startedAt: true }, _max: { startedAt: true } }),
    db.statCall.aggregate({ _min: { hour: true }, _max: { hour: true } }),
    db.visit.aggregate({ _min: { startedAt: true }, _max: { startedAt: true } }),
  ]);
  const times = (xs: (Date | null | undefined)[]) => xs.flatMap((d) => (d ? [d.getTime()] : []));
  const mins = times([hour._min.hour, chat._min.startedAt, call._min.hour, visit._min.startedAt]);
  // A chat starts at its first message, which may come before its row's hour only in a bucket of
  // another zone: one day of margin covers every zone.
  const from = mins.length ? localHourStart(timeZone, Math.min(...mins) - 86_400_000) : now.getTime();
  const maxs = times([hour._max.hour, chat._max.startedAt, call._max.hour, visit._max.startedAt, now]);
  const to = localHourStart(timeZone, Math.max(...maxs) + 86_400_000);
  return { from, to };
}

/** The local hour of the first row (StatChat, StatCall, visit or StatHour) at or after `from`; null for none. */
async function nextDataHour(db: Db, timeZone: string, from: number): Promise<number | null> {
  const at = { gte: new Date(from) };
  const [chat, call, visit, hour] = await Promise.all([
    db.statChat.findFirst({
      where: { startedAt: at },
      orderBy: { startedAt: 'asc' },
      select: { startedAt: true },
    }),
    db.statCall.findFirst({ where: { hour: at }, orderBy: { hour: 'asc' }, select: { hour: true } }),
    db.visit.findFirst({
      where: { startedAt: at },
      orderBy: { startedAt: 'asc' },
      select: { startedAt: true },
    }),
    db.statHour.findFirst({ where: { hour: at }, orderBy: { hour: 'asc' }, select: { hour: true } }),
  ]);
  const times = [chat?.startedAt, call?.hour, visit?.startedAt, hour?.hour].flatMap((d) =>
    d ? [d.getTime()] : [],
  );
  return times.length ? Math.max(from, localHourStart(timeZone, Math.min(...times))) : null;
}

/**
 * Recomputes the account's StatChat, StatCall and StatHour from the raw rows (`npm run
 * stats:rebuild`, a time zone change, a stale cursor), in short transactions that resume from
 * StatState.rebuildCursor after a crash:
 *   c: every visitor conversation, CHUNK.items at a time, into StatChat (StatHour left for the last phase);
 *   k: every call the same way, into StatCall;
 *   h: StatHour replaced CHUNK.hours at a time by the sums of StatChat, StatCall and visits of those hours.
 * Reports stay readable throughout (the old hour sums until the last phase replaces them). The event
 * cursor is moved to the newest event when the rebuild starts: what happens during it is recomputed
 * by the next incremental run (recomputing is idempotent).
 */
export async function rebuildAccount(db: Db, accountId: string, now = new Date(), limits: TRunLimits = {}) {
  let state = await statState(db, accountId);
  const { timeZone } = state;
  const done = chunkCounter(limits);
  let chats = 0;
  try {
    if (state.rebuildCursor === null) {
      const lastEvent = await db.liveEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
      await db.$transaction(async (tx) =>
        lockState(tx, accountId, timeZone, { lastEventId: lastEvent?.id ?? 0, rebuildCursor: 'c:' }),
      );
      state = { ...state, rebuildCursor: 'c:' };
    }
    let step = parseStep(state.rebuildCursor as string);
    while (step.phase === 'c') {
      const page = await db.conversation.findMany({
        where: { kind: 'visitor', ...(step.after ? { id: { gt: step.after } } : {}) },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: CHUNK.items,
      });
      const lastId = page[page.length - 1]?.id;
      const next = lastId ? `c:${lastId}` : 'k:';
      const facts = await computeFacts(
        db,
        accountId,
        timeZone,
        page.map((c) => c.id),
      );
      await db.$transaction(
        async (tx) => {
          await lockState(tx, accountId, timeZone, { rebuildCursor: next });
          // Empty page: the sweep is over; StatChat rows of conversations it never met go.
          if (!lastId)
            await tx.statChat.deleteMany({
              where: { OR: [{ conversationId: null }, { conversation: { kind: { not: 'visitor' } } }] },
            });
          else await applyFacts(tx, accountId, facts, false);
        },
        { timeout: TX_TIMEOUT_MS },
      );
      chats += page.length;
      step = parseStep(next);
      await done();
    }
    while (step.phase === 'k') {
      const page = await db.call.findMany({
        where: step.after ? { id: { gt: step.after } } : {},
        select: { id: true },
        orderBy: { id: 'asc' },
        take: CHUNK.items,
      });
      const lastId = page[page.length - 1]?.id;
      let next: string;
      if (lastId) next = `k:${lastId}`;
      else {
        const span = await hourSpan(db, timeZone, now);
        next = `h:${span.from}:${span.to}`;
      }
      const calls = await computeCallFacts(
        db,
        timeZone,
        page.map((c) => c.id),
      );
      await db.$transaction(
        async (tx) => {
          await lockState(tx, accountId, timeZone, { rebuildCursor: next });
          if (lastId) await applyCallFacts(tx, accountId, calls, false);
        },
        { timeout: TX_TIMEOUT_MS },
      );
      step = parseStep(next);
      await done();
    }
    while (step.phase === 'h') {
      const a = step.from;
      const b = Math.min(step.to, a + CHUNK.hours * 3_600_000);
      // Hours with nothing at all are skipped: the next chunk starts at the next hour with a row.
      const following = b < step.to ? await nextDataHour(db, timeZone, b) : null;
      const next: string | null =
        following !== null && following < step.to ? `h:${following}:${step.to}` : null;
      // Visits are read outside the transaction (only their own hours' rows are written from them).
      const visits = a < b ? await visitSums(db, timeZone, new Date(a), new Date(b)) : new Map();
      await db.$transaction(
        async (tx) => {
          await lockState(tx, accountId, timeZone, {
            rebuildCursor: next,
            ...(next ? {} : { rebuiltAt: now, lastRunAt: now }),
          });
          if (a >= b) return;
          // Read in the transaction: an incremental run's differences (same lock) land before or after.
          const range = { gte: new Date(a), lt: new Date(b) };
          // By startedAt (indexed; a chat's hour is the local hour of its start), an hour's margin.
          const started = { gte: new Date(a - 3_600_000), lt: new Date(b + 3_600_000) };
          const chatRows = await tx.statChat.findMany({ where: { startedAt: started, hour: range } });
          const callRows = await tx.statCall.findMany({ where: { hour: range } });
          const sums = new Map<string, THourSums>();
          for (const r of chatRows)
            addInto(sums, hourKey(r.hour, r.channelId, r.agentId), contribution(r), 1);
          for (const r of callRows)
            addInto(sums, hourKey(r.hour, r.channelId, r.agentId), callContribution(r), 1);
          const rows = [...sums]
            .filter(([, d]) => HOUR_COLUMNS.some((c) => d[c] !== 0))
            .map(([key, d]) => ({ accountId, ...parseKey(key), ...d, ...(visits.get(key) ?? {}) }));
          for (const [key, v] of visits)
            if (!sums.has(key)) rows.push({ accountId, ...parseKey(key), ...v } as never);
          await tx.statHour.deleteMany({ where: { hour: range } });
          if (rows.length) await tx.statHour.createMany({ data: rows });
        },
        { timeout: TX_TIMEOUT_MS },
      );
      if (!next) break;
      step = parseStep(next);
      await done();
    }
  } catch (err) {
    if (err instanceof Stopped || err instanceof TimeZoneChanged) return { chats, stopped: true };
    throw err;
  }
  return { chats };
}
