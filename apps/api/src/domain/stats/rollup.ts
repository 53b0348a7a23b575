import {
  type Db,
  type RollupSql,
  rollupSqlOf,
  scopedAccountOf,
  step,
  type TMessageRange,
  type TStatChatRow,
  type TStatChatWrite,
  type TStep,
} from '@parley/db';
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
import { localHourStart } from './time-zone';

/**
 * The rollups of one account (docs/statistics.md, "How the figures are kept"): StatChat rows
 * recomputed from a conversation's messages, their difference moved into StatHour, visits counted
 * again for the hours they touch, and the rebuild from raw rows. Every statement is hand-written
 * (`rollupSqlOf` in @parley/db, packages/db/src/stats/), on the connections the chat message path
 * uses: Prisma cost the job ~0.3 ms of CPU per folded message, on the thread the chat runs on.
 */

const BATCH = 500;
/** Rows per multi-row write (StatChat has 26 columns: 5,200 parameters). */
const WRITE_ROWS = 200;

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
  /**
   * Local hours of StatHour replaced per transaction by the rebuild's last phase (on SQLite; on
   * PostgreSQL seven times as many: its transactions run on a pooled connection of their own and hold
   * only other rollups of the account, and a day at a time was ~10 round trips a day of history).
   */
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
 * createdAt) index per conversation (RollupStatements.messageRanges): only new rows, plus, with `window`, the
 * rows of the LATE_MS before each position, checked against the fold's recent ids. Returns the
 * conversations with a message there that the fold never took in (committed late with an earlier
 * time): the caller folds those anew.
 */
async function foldNewMessages(
  sql: RollupSql,
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
    const page = await sql.read(sql.statements.messageRanges([...ranges.values()], CHUNK.messages));
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
  return readState(accountSql(db, accountId));
}

async function readState(sql: RollupSql) {
  const s = sql.statements;
  const found = await sql.read(s.state());
  if (found) return found;
  await sql.read(s.ensureState());
  const state = await sql.read(s.state());
  if (!state) throw new Error('stats: the StatState row could not be created');
  return state;
}

/** The rollup's SQL for the account `db` is scoped to (which must be `accountId`). */
function accountSql(db: Db, accountId: string): RollupSql {
  if (scopedAccountOf(db) !== accountId)
    throw new Error("stats: the rollup runs on the account's scoped client");
  return rollupSqlOf(db);
}
type TCallRow = TCallFacts & { hour: Date };

/**
 * Recomputes the facts of these conversations; null for one that is gone. Given as ids, each is
 * folded from its first message (the rebuild); given as items with their stored folds, only the
 * messages after each fold's position are read (the incremental run). A conversation with a message
 * in the LATE_MS window behind its position that the fold never took in (committed late with an
 * earlier time) is folded anew.
 */
async function computeFacts(
  sql: RollupSql,
  timeZone: string,
  conversations: readonly (string | TFoldItem)[],
  stats: TReadStats = { messages: 0, window: 0 },
): Promise<Map<string, TFactRow | null>> {
  const items = conversations.map((c) => (typeof c === 'string' ? { id: c, fold: null } : c));
  const out = new Map<string, TFactRow | null>(items.map((c) => [c.id, null]));
  for (let i = 0; i < items.length; i += BATCH) {
    const part = items.slice(i, i + BATCH);
    const conversations = await sql.read(sql.statements.conversations(part.map((c) => c.id)));
    if (conversations.length === 0) continue;
    const byId = new Map(part.map((c) => [c.id, c]));
    const folds = new Map<string, TFold>();
    for (const c of conversations) {
      const f = byId.get(c.id)?.fold ?? null;
      folds.set(c.id, f ? { ...f, recent: [...(f.recent ?? [])] } : emptyFold());
    }
    const late = await foldNewMessages(sql, folds, stats, true);
    // A message committed late behind a fold's position: that conversation is folded anew (rare).
    if (late.size) {
      const anew = new Map([...late].map((id) => [id, emptyFold()]));
      await foldNewMessages(sql, anew, stats, false);
      for (const [id, f] of anew) folds.set(id, f);
    }
    const visitorIds = [...new Set(conversations.flatMap((c) => (c.visitorId ? [c.visitorId] : [])))];
    const onSite = visitorIds.length
      ? await sql.read(sql.statements.openVisits(visitorIds))
      : new Set<string>();
    for (const c of conversations) {
      // The Rating row is the source of truth (its scale says stars or thumbs); a conversation
      // rated before Rating rows existed keeps its score on the conversation (stars).
      const stars = c.ratingScale === 'stars';
      const fold = folds.get(c.id) ?? emptyFold();
      const facts = foldFacts(
        {
          ...c,
          rating: c.ratingScale !== null ? (stars ? c.ratingScore : null) : c.rating,
          thumbs: c.ratingScale !== null && !stars ? c.ratingScore : null,
        },
        fold,
        onSite.has(`${c.visitorId}|${c.channelId}`),
      );
      out.set(c.id, {
        ...facts,
        statusId: c.processStatusId ?? '',
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

const factData = (f: TFactRow): Omit<TStatChatWrite, 'conversationId'> => ({
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
function* writeDeltas(sql: RollupSql, deltas: Map<string, THourSums>): TStep<void> {
  const rows = [...deltas]
    .filter(([, d]) => HOUR_COLUMNS.some((c) => d[c] !== 0))
    .map(([key, sums]) => ({ ...parseKey(key), ...sums }));
  for (let i = 0; i < rows.length; i += WRITE_ROWS)
    yield* step(sql.statements.writeStatHours(rows.slice(i, i + WRITE_ROWS), 'add'));
}

/** Whether a stored StatChat row already holds these figures. */
function sameRow(row: TStatChatRow, data: Omit<TStatChatWrite, 'conversationId'>) {
  for (const [key, value] of Object.entries(data)) {
    const stored = row[key as keyof TStatChatRow];
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
 * from StatChat), moves their difference into StatHour, in the caller's transaction (a generator of
 * statements: see RollupSql.transaction). Also takes out the rows whose conversation was erased
 * (conversationId set null). A few statements per call whatever the number of conversations (one
 * read, a delete, one multi-row upsert per 200 rows), so a chunk's transaction stays short.
 * `folded`: the StatChat.fold each conversation's facts were folded on (incremental runs); a row
 * that changed since (another run wrote it first) stops this run (FoldMoved), which the next redoes.
 * `orphans`: whether to take out the rows of erased conversations too (an incremental run does it
 * once, in its last slice).
 */
function* applyFacts(
  sql: RollupSql,
  facts: Map<string, TFactRow | null>,
  hours = true,
  folded?: Map<string, string | null>,
  orphans = true,
): TStep<void> {
  const s = sql.statements;
  const ids = [...facts.keys()];
  const old = ids.length ? yield* step(s.statChats(ids)) : [];
  if (folded)
    for (const row of old)
      if (row.conversationId && folded.has(row.conversationId) && folded.get(row.conversationId) !== row.fold)
        throw new FoldMoved();
  const erased = orphans ? yield* step(s.orphanStatChats()) : [];
  const deltas = new Map<string, THourSums>();
  const take = (row: TStatChatRow) => {
    if (hours) addInto(deltas, hourKey(row.hour, row.channelId, row.agentId), contribution(row), -1);
  };
  // Rows of erased conversations (orphans) and of conversations that are gone go; the others are
  // replaced in place (one statement per 200 rows),
  // unless nothing in them changed (a visitor event that changed none of their chats).
  const gone = [...erased, ...old.filter((r) => r.conversationId && !facts.get(r.conversationId))];
  for (const row of gone) take(row);
  if (gone.length) yield* step(s.deleteStatChats(gone.map((r) => r.id)));
  const before = new Map(old.map((r) => [r.conversationId, r]));
  const rows: TStatChatWrite[] = [];
  for (const [conversationId, f] of facts) {
    if (!f) continue;
    const data = factData(f);
    const o = before.get(conversationId);
    if (o && sameRow(o, data)) continue;
    if (o) take(o);
    if (hours) addInto(deltas, hourKey(f.hour, f.channelId, f.agentId), contribution(f), 1);
    rows.push({ conversationId, ...data });
  }
  for (let i = 0; i < rows.length; i += WRITE_ROWS)
    yield* step(s.upsertStatChats(rows.slice(i, i + WRITE_ROWS)));
  yield* writeDeltas(sql, deltas);
}

/** Recomputes the facts of these calls from their rows; null for one that is gone. */
async function computeCallFacts(
  sql: RollupSql,
  timeZone: string,
  callIds: readonly string[],
): Promise<Map<string, TCallRow | null>> {
  const out = new Map<string, TCallRow | null>(callIds.map((id) => [id, null]));
  for (let i = 0; i < callIds.length; i += BATCH) {
    const calls = await sql.read(sql.statements.calls(callIds.slice(i, i + BATCH)));
    for (const c of calls) {
      const f = callFacts({ ...c, channelId: c.channelId ?? c.conversationChannelId });
      out.set(c.id, { ...f, hour: new Date(localHourStart(timeZone, f.startedAt.getTime())) });
    }
  }
  return out;
}

/** The calls' counterpart of applyFacts. */
function* applyCallFacts(sql: RollupSql, facts: Map<string, TCallRow | null>, hours = true): TStep<void> {
  const s = sql.statements;
  const ids = [...facts.keys()];
  if (!ids.length) return;
  const old = yield* step(s.statCalls(ids));
  const deltas = new Map<string, THourSums>();
  if (hours)
    for (const row of old)
      addInto(deltas, hourKey(row.hour, row.channelId, row.agentId), callContribution(row), -1);
  if (old.length) yield* step(s.deleteStatCalls(old.map((r) => r.id)));
  const rows = [];
  for (const [callId, f] of facts) {
    if (!f) continue;
    if (hours) addInto(deltas, hourKey(f.hour, f.channelId, f.agentId), callContribution(f), 1);
    rows.push({ callId, ...f });
  }
  for (let i = 0; i < rows.length; i += WRITE_ROWS)
    yield* step(s.insertStatCalls(rows.slice(i, i + WRITE_ROWS)));
  yield* writeDeltas(sql, deltas);
}

type TVisitSums = Map<string, { visits: number; newVisits: number; pageViews: number }>;

/** Visits, new visitors and page views per local hour and channel, for visits started in [from, to). */
async function visitSums(
  sql: RollupSql,
  timeZone: string,
  fromHour: Date,
  toHour: Date,
): Promise<TVisitSums> {
  const sums: TVisitSums = new Map();
  let cursor = '';
  for (;;) {
    // CHUNK.messages rows a read (a few ms), with a yield after each.
    const visits = await sql.read(sql.statements.visits(fromHour, toHour, cursor, CHUNK.messages));
    for (const v of visits) {
      const key = hourKey(new Date(localHourStart(timeZone, v.startedAt.getTime())), v.channelId, '');
      const sum = sums.get(key) ?? { visits: 0, newVisits: 0, pageViews: 0 };
      sum.visits++;
      if (v.number === 1) sum.newVisits++;
      sum.pageViews += v.pageCount;
      sums.set(key, sum);
    }
    if (visits.length < CHUNK.messages) break;
    cursor = visits[visits.length - 1]?.id ?? cursor;
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
  sql: RollupSql,
  timeZone: string,
  fromHour: Date,
  toHour: Date,
  sums: TVisitSums,
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
    const rows = [...byHour]
      .filter(([at]) => at >= a && at < b)
      .flatMap(([, entries]) => entries.map(([key, sum]) => ({ ...parseKey(key), ...sum })));
    let began = 0;
    await sql.transaction(function* () {
      began = performance.now();
      yield* lockState(sql, timeZone, {});
      yield* step(sql.statements.clearVisitHours(new Date(a), new Date(b)));
      // Set, not added: each hour is counted whole (one multi-row upsert per 200 rows).
      for (let i = 0; i < rows.length; i += WRITE_ROWS)
        yield* step(sql.statements.writeStatHours(rows.slice(i, i + WRITE_ROWS), 'visits'));
    });
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
function* lockState(
  sql: RollupSql,
  timeZone: string,
  data: { lastEventId?: number; lastRunAt?: Date; rebuildCursor?: string | null; rebuiltAt?: Date },
): TStep<void> {
  // The zone is written too: an update with nothing to set would not touch (nor lock) the row.
  const count = yield* step(sql.statements.lockState(timeZone, data));
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
async function foldItems(sql: RollupSql, ids: readonly string[]) {
  const out: TFoldItem[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    const stored = await sql.read(sql.statements.folds(part));
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
  const sql = accountSql(db, accountId);
  const s = sql.statements;
  const state = await readState(sql);
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
        const events = await sql.read(s.eventNames(last, CHUNK.events));
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
        // Their conversations, and those their StatChat rows name (one statement).
        for (const id of await sql.read(s.conversationsOfVisitors([...visitorIds])))
          conversationIds.set(id, conversationIds.get(id) ?? 1);
      }
      // Each conversation's stored fold: where its new messages start.
      const items = await foldItems(sql, [...conversationIds.keys()]);
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
        const facts = await computeFacts(sql, timeZone, chatItems, read);
        const calls = await computeCallFacts(
          sql,
          timeZone,
          part.flatMap((w) => ('callId' in w ? [w.callId] : [])),
        );
        const folded = new Map(chatItems.map((c) => [c.id, c.stored ?? null]));
        let began = 0;
        await sql.transaction(function* () {
          began = performance.now();
          yield* lockState(sql, timeZone, final ? { lastEventId: last } : {});
          // Rows of erased conversations: once a pass, with its last slice (they were read in
          // every slice's transaction: 75 extra reads a run at 300 msg/s).
          yield* applyFacts(sql, facts, true, folded, final);
          yield* applyCallFacts(sql, calls);
        });
        longestTxMs = Math.max(longestTxMs, performance.now() - began);
        chats += facts.size;
        await done();
      }
      cursor = last;
      if (!more) break;
    }
    // Visits whose pages were seen since the last run (a visit lasts hours at most).
    const since = state.lastRunAt;
    const touched = await sql.read(s.firstActiveVisit(new Date(since.getTime() - 6 * 3_600_000), since));
    const fromHour = new Date(
      localHourStart(timeZone, Math.min(touched?.getTime() ?? Infinity, since.getTime())),
    );
    // Every hour from there on (visit rows are stamped by this server's clock, StatHour by earlier runs).
    const lastSeen = await sql.read(s.latestSince(fromHour));
    const latest = Math.max(now.getTime(), lastSeen.visit?.getTime() ?? 0, lastSeen.hour?.getTime() ?? 0);
    const toHour = new Date(localHourStart(timeZone, latest) + 3_600_000);
    const sums = await visitSums(sql, timeZone, fromHour, toHour);
    longestTxMs = Math.max(longestTxMs, await writeVisitSums(sql, timeZone, fromHour, toHour, sums));
    // Last, so a run cut off before here counts those visits again next time (replacing, not adding).
    await sql.read(s.setLastRunAt(now));
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
async function hourSpan(sql: RollupSql, timeZone: string, now: Date) {
  const span = await sql.read(sql.statements.span());
  const mins = span.min.map((d) => d.getTime());
  // A chat starts at its first message, which may come before its row's hour only in a bucket of
  // another zone: one day of margin covers every zone.
  const from = mins.length ? localHourStart(timeZone, Math.min(...mins) - 86_400_000) : now.getTime();
  const maxs = [...span.max, now].map((d) => d.getTime());
  const to = localHourStart(timeZone, Math.max(...maxs) + 86_400_000);
  return { from, to };
}

/** The local hour of the first row (StatChat, StatCall, visit or StatHour) at or after `from`; null for none. */
async function nextDataHour(sql: RollupSql, timeZone: string, from: number): Promise<number | null> {
  const next = await sql.read(sql.statements.nextAfter(new Date(from)));
  return next ? Math.max(from, localHourStart(timeZone, next.getTime())) : null;
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
  const sql = accountSql(db, accountId);
  const s = sql.statements;
  let state = await readState(sql);
  const { timeZone } = state;
  const done = chunkCounter(limits);
  let chats = 0;
  try {
    if (state.rebuildCursor === null) {
      const lastEventId = await sql.read(s.newestEventId());
      await sql.transaction(() => lockState(sql, timeZone, { lastEventId, rebuildCursor: 'c:' }));
      state = { ...state, rebuildCursor: 'c:' };
    }
    let at = parseStep(state.rebuildCursor as string);
    while (at.phase === 'c') {
      const page = await sql.read(s.idsAfter('Conversation', at.after, CHUNK.items));
      const lastId = page[page.length - 1];
      const next = lastId ? `c:${lastId}` : 'k:';
      const facts = await computeFacts(sql, timeZone, page);
      await sql.transaction(function* () {
        yield* lockState(sql, timeZone, { rebuildCursor: next });
        // Empty page: the sweep is over; StatChat rows of conversations it never met go.
        if (!lastId) yield* step(s.deleteStrayStatChats());
        else yield* applyFacts(sql, facts, false);
      });
      chats += page.length;
      at = parseStep(next);
      await done();
    }
    while (at.phase === 'k') {
      const page = await sql.read(s.idsAfter('Call', at.after, CHUNK.items));
      const lastId = page[page.length - 1];
      let next: string;
      if (lastId) next = `k:${lastId}`;
      else {
        const span = await hourSpan(sql, timeZone, now);
        next = `h:${span.from}:${span.to}`;
      }
      const calls = await computeCallFacts(sql, timeZone, page);
      await sql.transaction(function* () {
        yield* lockState(sql, timeZone, { rebuildCursor: next });
        if (lastId) yield* applyCallFacts(sql, calls, false);
      });
      at = parseStep(next);
      await done();
    }
    while (at.phase === 'h') {
      const a = at.from;
      const b = Math.min(at.to, a + CHUNK.hours * (sql.provider === 'postgresql' ? 7 : 1) * 3_600_000);
      // Hours with nothing at all are skipped: the next chunk starts at the next hour with a row.
      const following = b < at.to ? await nextDataHour(sql, timeZone, b) : null;
      const next: string | null = following !== null && following < at.to ? `h:${following}:${at.to}` : null;
      // Visits are read outside the transaction (only their own hours' rows are written from them).
      const visits = a < b ? await visitSums(sql, timeZone, new Date(a), new Date(b)) : new Map();
      await sql.transaction(function* () {
        yield* lockState(sql, timeZone, {
          rebuildCursor: next,
          ...(next ? {} : { rebuiltAt: now, lastRunAt: now }),
        });
        if (a >= b) return;
        // Read in the transaction: an incremental run's differences (same lock) land before or after.
        // By startedAt (indexed; a chat's hour is the local hour of its start), an hour's margin.
        const chatRows = yield* step(
          s.statChatsOfHours(new Date(a - 3_600_000), new Date(b + 3_600_000), new Date(a), new Date(b)),
        );
        const callRows = yield* step(s.statCallsOfHours(new Date(a), new Date(b)));
        const sums = new Map<string, THourSums>();
        for (const r of chatRows) addInto(sums, hourKey(r.hour, r.channelId, r.agentId), contribution(r), 1);
        for (const r of callRows)
          addInto(sums, hourKey(r.hour, r.channelId, r.agentId), callContribution(r), 1);
        const rows: Parameters<typeof s.writeStatHours>[0][number][] = [...sums]
          .filter(([, d]) => HOUR_COLUMNS.some((c) => d[c] !== 0))
          .map(([key, d]) => ({ ...parseKey(key), ...d, ...(visits.get(key) ?? {}) }));
        for (const [key, v] of visits) if (!sums.has(key)) rows.push({ ...parseKey(key), ...v });
        yield* step(s.deleteStatHours(new Date(a), new Date(b)));
        for (let i = 0; i < rows.length; i += WRITE_ROWS)
          yield* step(s.writeStatHours(rows.slice(i, i + WRITE_ROWS), 'replace'));
      });
      if (!next) break;
      at = parseStep(next);
      await done();
    }
  } catch (err) {
    if (err instanceof Stopped || err instanceof TimeZoneChanged) return { chats, stopped: true };
    throw err;
  }
  return { chats };
}
