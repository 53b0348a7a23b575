import { randomUUID } from 'node:crypto';
import { readTime } from '../hot-path/rows';
import type { DbProvider } from '../schema/paths';

/**
 * Every statement of the statistics rollup (apps/api domain/stats/rollup.ts), written once for both
 * databases: the job runs beside the chat message path (on SQLite, on its very connection), and
 * Prisma cost it ~0.3 ms of CPU per folded message (query building, result mapping, a nested read per
 * relation). Each statement is built for one account and names it in every WHERE clause (and every
 * inserted row), like the hot path's (hot-path/sql.ts).
 *
 * A statement is a value (`TSqlOp`): `RollupSql.read` runs one on its own; a transaction is a
 * generator that yields them (`yield* step(op)`), which the SQLite driver runs synchronously between
 * BEGIN and COMMIT (nothing else can land on the connection meanwhile) and the PostgreSQL driver runs
 * on one pooled connection, awaiting each.
 *
 * Lists of ids are one parameter (SQLite: a JSON array read by json_each; PostgreSQL: a text[]), so a
 * statement's text does not depend on how many ids it is given and is compiled once.
 */

export interface TSqlOp<T> {
  sql: string;
  args: unknown[];
  /** `all`: rows are read; `run`: a write, `changes` is what it touched. */
  kind: 'all' | 'run';
  /** The text does not vary with the arguments (PostgreSQL names and keeps such statements). */
  fixed: boolean;
  map(rows: Record<string, unknown>[], changes: number): T;
}

/** One step of a transaction body: runs `op` and gives its result. */
export type TStep<T> = Generator<TSqlOp<unknown>, T, unknown>;

export function* step<T>(op: TSqlOp<T>): TStep<T> {
  return (yield op as TSqlOp<unknown>) as T;
}

type TColumnType = 'text' | 'int' | 'float' | 'time';

/** StatChat's columns as the rollup writes them (id and accountId apart). */
export const STAT_CHAT_COLUMNS = [
  ['conversationId', 'text'],
  ['visitorId', 'text'],
  ['channelId', 'text'],
  ['agentId', 'text'],
  ['statusId', 'text'],
  ['startedAt', 'time'],
  ['hour', 'time'],
  ['chat', 'int'],
  ['offline', 'int'],
  ['answered', 'int'],
  ['missed', 'int'],
  ['proactive', 'int'],
  ['proactiveAnswered', 'int'],
  ['invited', 'int'],
  ['firstResponseMs', 'int'],
  ['responseSumMs', 'float'],
  ['responseCount', 'int'],
  ['responseAvgMs', 'int'],
  ['durationMs', 'int'],
  ['transfers', 'int'],
  ['rating', 'int'],
  ['thumbsUp', 'int'],
  ['thumbsDown', 'int'],
  ['fold', 'text'],
] as const satisfies readonly (readonly [string, TColumnType])[];

/** StatHour's summed columns (visits and page views apart). */
export const STAT_HOUR_SUMS = [
  'chats',
  'offline',
  'answered',
  'missed',
  'proactive',
  'proactiveAnswered',
  'invited',
  'frtSumMs',
  'frtCount',
  'respSumMs',
  'respCount',
  'durationSumMs',
  'durationCount',
  'transfers',
  'ratingSum',
  'ratingCount',
  'rating1',
  'rating2',
  'rating3',
  'rating4',
  'rating5',
  'thumbsUp',
  'thumbsDown',
  'callsAnswered',
  'callsMissed',
  'callSecSum',
  'callSecCount',
] as const;
export type TStatHourSum = (typeof STAT_HOUR_SUMS)[number];
const VISIT_SUMS = ['visits', 'newVisits', 'pageViews'] as const;
export type TVisitSum = (typeof VISIT_SUMS)[number];

const sumType = (c: string): TColumnType => (c.endsWith('SumMs') || c === 'callSecSum' ? 'float' : 'int');

type TChatColumn = (typeof STAT_CHAT_COLUMNS)[number][0];
/** A StatChat row as stored. */
export type TStatChatRow = { id: string } & {
  [K in TChatColumn]: K extends 'startedAt' | 'hour'
    ? Date
    : K extends 'conversationId' | 'visitorId' | 'fold'
      ? string | null
      : K extends 'channelId' | 'agentId' | 'statusId'
        ? string
        : K extends 'firstResponseMs' | 'responseAvgMs' | 'durationMs' | 'rating'
          ? number | null
          : number;
};
export type TStatChatWrite = Omit<TStatChatRow, 'id'>;

export interface TStatCallRow {
  id: string;
  callId: string;
  channelId: string;
  agentId: string;
  startedAt: Date;
  hour: Date;
  answered: number;
  missed: number;
  durationSec: number | null;
}
export type TStatCallWrite = Omit<TStatCallRow, 'id'>;

export interface THourKey {
  hour: Date;
  channelId: string;
  agentId: string;
}
export type THourRow = THourKey & Record<TStatHourSum | TVisitSum, number>;

export interface TStatStateRow {
  timeZone: string;
  lastEventId: number;
  lastRunAt: Date | null;
  rebuiltAt: Date | null;
  rebuildCursor: string | null;
}

export interface TStateChange {
  lastEventId?: number;
  lastRunAt?: Date;
  rebuildCursor?: string | null;
  rebuiltAt?: Date;
}

/** What a LiveEvent names for the rollup (rollup.ts `namedInEvent`), read in the database. */
export interface TEventNames {
  id: number;
  conversationId?: string;
  visitorId?: string;
  callId?: string;
}

/** One conversation's messages from `from` (ms), or strictly after `after` in (createdAt, id) order. */
export interface TMessageRange {
  conversationId: string;
  from: number;
  after?: { at: number; id: string };
}

export interface TMessageRow {
  id: string;
  conversationId: string;
  authorType: string;
  authorUserId: string | null;
  kind: string;
  createdAt: Date;
  meta: unknown;
}

/** A visitor conversation with what its figures read besides its messages. */
export interface TConversationRow {
  id: string;
  channelId: string | null;
  channelKind: string | null;
  visitorId: string | null;
  processStatusId: string | null;
  origin: string;
  status: string;
  rating: number | null;
  ratingScale: string | null;
  ratingScore: number | null;
  invitationText: string | null;
  startedAt: Date;
  closedAt: Date | null;
}

export interface TCallRow {
  id: string;
  channelId: string | null;
  conversationChannelId: string | null;
  agentId: string | null;
  status: string;
  startedAt: Date;
  answeredAt: Date | null;
  durationSec: number | null;
}

export interface TVisitRow {
  id: string;
  channelId: string;
  number: number;
  pageCount: number;
  startedAt: Date;
}

/** JSON paths of an event payload that name something, in namedInEvent's order of preference. */
const EVENT_PATHS = [
  ['data', 'type'],
  ['data', 'message', 'conversationId'],
  ['data', 'conversation', 'id'],
  ['data', 'rating', 'conversationId'],
  ['data', 'conversationId'],
  ['data', 'visitorId'],
  ['data', 'call', 'id'],
] as const;

const q = (name: string) => `"${name}"`;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const time = (v: unknown) => readTime(v);
const optionalTime = (v: unknown) => (v === null || v === undefined ? null : readTime(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The rollup's statements for one account on one database. Parameter 1 is always the account.
 */
export class RollupStatements {
  constructor(
    readonly provider: DbProvider,
    readonly accountId: string,
  ) {}

  private get pg() {
    return this.provider === 'postgresql';
  }

  /** The i-th parameter (1-based), typed on PostgreSQL where it cannot be inferred. */
  private p(i: number, type?: TColumnType) {
    if (!this.pg) return `@p${i}`;
    const cast =
      type === 'time'
        ? '::timestamp(3)'
        : type === 'int'
          ? '::integer'
          : type === 'float'
            ? '::double precision'
            : type === 'text'
              ? '::text'
              : '';
    return `$${i}${cast}`;
  }

  /**
   * `accountId = ` the account, for a statement that finds its rows by a key with an index of its
   * own (a primary key, a unique column, the event id). SQLite has no table statistics and takes the
   * account's term for the selective one: it read every row of the account through an
   * (accountId, …) index and filtered them (every StatChat row for 100 conversation ids; every
   * event, sorted, per page of 1,000). The unary `+` keeps the term from choosing the index there.
   */
  private account(prefix = '') {
    return `${this.pg ? '' : '+'}${prefix}"accountId" = ${this.p(1)}`;
  }

  /** `column` is one of the ids given as parameter i. */
  private inIds(column: string, i: number) {
    return this.pg ? `${column} = ANY($${i}::text[])` : `${column} IN (SELECT value FROM json_each(@p${i}))`;
  }

  private ids(ids: readonly string[]) {
    return this.pg ? [...ids] : JSON.stringify(ids);
  }

  /** A time as each database stores it (SQLite: Prisma's ISO text; PostgreSQL: timestamp(3) in UTC). */
  time(at: Date | number) {
    const iso = new Date(at).toISOString();
    return this.pg ? iso.slice(0, -1) : iso.replace('Z', '+00:00');
  }

  private value(type: TColumnType, v: unknown) {
    if (v === undefined || v === null) return null;
    if (type === 'time') return this.time(v as Date);
    return v;
  }

  private all<T>(
    sql: string,
    args: unknown[],
    map: (rows: Record<string, unknown>[]) => T,
    fixed = true,
  ): TSqlOp<T> {
    return { sql, args: [this.accountId, ...args], kind: 'all', fixed, map: (rows) => map(rows) };
  }

  private run(sql: string, args: unknown[], fixed = true): TSqlOp<number> {
    return { sql, args: [this.accountId, ...args], kind: 'run', fixed, map: (_rows, changes) => changes };
  }

  // --- StatState -------------------------------------------------------------------------------

  /** The account's state row, created on first use. */
  ensureState(): TSqlOp<number> {
    return this.run(
      `INSERT INTO "StatState" ("accountId") VALUES (${this.p(1)}) ON CONFLICT ("accountId") DO NOTHING`,
      [],
    );
  }

  state(): TSqlOp<TStatStateRow | null> {
    return this.all(
      `SELECT "timeZone", "lastEventId", "lastRunAt", "rebuiltAt", "rebuildCursor" FROM "StatState" WHERE "accountId" = ${this.p(1)}`,
      [],
      ([r]) =>
        r
          ? {
              timeZone: String(r.timeZone),
              lastEventId: Number(r.lastEventId),
              lastRunAt: optionalTime(r.lastRunAt),
              rebuiltAt: optionalTime(r.rebuiltAt),
              rebuildCursor: str(r.rebuildCursor) ?? null,
            }
          : null,
    );
  }

  /**
   * Updates the state row if the account is still in `timeZone` (the zone is written too, so the
   * update always touches, and on PostgreSQL locks, the row). Gives the rows changed: 0 when the zone
   * changed.
   */
  lockState(timeZone: string, change: TStateChange): TSqlOp<number> {
    const sets = [`"timeZone" = ${this.p(2, 'text')}`];
    const args: unknown[] = [timeZone];
    const add = (column: string, type: TColumnType, v: unknown) => {
      args.push(this.value(type, v));
      sets.push(`${q(column)} = ${this.p(args.length + 1, type)}`);
    };
    if (change.lastEventId !== undefined) add('lastEventId', 'int', change.lastEventId);
    if (change.lastRunAt !== undefined) add('lastRunAt', 'time', change.lastRunAt);
    if (change.rebuildCursor !== undefined) add('rebuildCursor', 'text', change.rebuildCursor);
    if (change.rebuiltAt !== undefined) add('rebuiltAt', 'time', change.rebuiltAt);
    return this.run(
      `UPDATE "StatState" SET ${sets.join(', ')} WHERE "accountId" = ${this.p(1)} AND "timeZone" = ${this.p(2, 'text')}`,
      args,
    );
  }

  setLastRunAt(at: Date): TSqlOp<number> {
    return this.run(
      `UPDATE "StatState" SET "lastRunAt" = ${this.p(2, 'time')} WHERE "accountId" = ${this.p(1)}`,
      [this.time(at)],
    );
  }

  // --- The event log ---------------------------------------------------------------------------

  /**
   * The ids each LiveEvent after `afterId` names (namedInEvent's rules: string values only, the first
   * of message, conversation, rating and the bare conversationId; a visitor for `visitor.changed`, a
   * call for `call.updated` and `call.ringing`), extracted in the database: the payloads are whole
   * messages (two events per message), and parsing them in JS was most of a run. SQLite extracts every
   * path with one json_extract (one parse of the payload; a JSON array of the values), PostgreSQL from
   * its parsed jsonb.
   */
  eventNames(afterId: number, limit: number): TSqlOp<TEventNames[]> {
    const values = this.pg
      ? `jsonb_build_array(${EVENT_PATHS.map((path) => `"payload" #> '{${path.join(',')}}'`).join(', ')})`
      : `json_extract("payload", ${EVENT_PATHS.map((path) => `'$.${path.join('.')}'`).join(', ')})`;
    return this.all(
      `SELECT "id", ${values} AS "v" FROM "LiveEvent"
        WHERE ${this.account()} AND "id" > ${this.p(2, 'int')} ORDER BY "id" LIMIT ${this.p(3, 'int')}`,
      [afterId, limit],
      (rows) =>
        rows.map((r) => {
          const v = (typeof r.v === 'string' ? parseJson(r.v) : r.v) as unknown[] | null;
          const [type, m, c, rated, d, visitor, call] = Array.isArray(v) ? v : [];
          const conversationId = str(m) ?? str(c) ?? str(rated) ?? str(d);
          const visitorId = type === 'visitor.changed' ? str(visitor) : undefined;
          const callId = type === 'call.updated' || type === 'call.ringing' ? str(call) : undefined;
          return {
            id: Number(r.id),
            ...(conversationId ? { conversationId } : {}),
            ...(visitorId ? { visitorId } : {}),
            ...(callId ? { callId } : {}),
          };
        }),
    );
  }

  newestEventId(): TSqlOp<number> {
    return this.all(`SELECT MAX("id") AS "id" FROM "LiveEvent" WHERE "accountId" = ${this.p(1)}`, [], ([r]) =>
      Number(r?.id ?? 0),
    );
  }

  // --- Conversations, messages, visits, calls (raw rows) ----------------------------------------

  /** The conversations of these visitors, and those their StatChat rows name. */
  conversationsOfVisitors(visitorIds: readonly string[]): TSqlOp<string[]> {
    return this.all(
      `SELECT "id" FROM "Conversation" WHERE ${this.account()} AND ${this.inIds('"visitorId"', 2)}
        UNION SELECT "conversationId" FROM "StatChat"
        WHERE "accountId" = ${this.p(1)} AND ${this.inIds('"visitorId"', 2)} AND "conversationId" IS NOT NULL`,
      [this.ids(visitorIds)],
      (rows) => rows.map((r) => String(r.id)),
    );
  }

  /** The stored folds (StatChat.fold) of these conversations. */
  folds(conversationIds: readonly string[]): TSqlOp<Map<string, string | null>> {
    return this.all(
      `SELECT "conversationId", "fold" FROM "StatChat" WHERE ${this.account()} AND ${this.inIds('"conversationId"', 2)}`,
      [this.ids(conversationIds)],
      (rows) => new Map(rows.map((r) => [String(r.conversationId), str(r.fold) ?? null])),
    );
  }

  /** These visitor conversations with their channel's kind, visitor's status and Rating row. */
  conversations(ids: readonly string[]): TSqlOp<TConversationRow[]> {
    return this.all(
      `SELECT c."id", c."channelId", ch."kind" AS "channelKind", c."visitorId", v."processStatusId",
        c."origin", c."status", c."rating", r."scale" AS "ratingScale", r."score" AS "ratingScore",
        c."invitationText", c."startedAt", c."closedAt"
        FROM "Conversation" c
        LEFT JOIN "Channel" ch ON ch."id" = c."channelId"
        LEFT JOIN "Visitor" v ON v."id" = c."visitorId"
        LEFT JOIN "Rating" r ON r."conversationId" = c."id"
        WHERE ${this.account('c.')} AND ${this.pg ? '' : '+'}c."kind" = 'visitor' AND ${this.inIds('c."id"', 2)}`,
      [this.ids(ids)],
      (rows) =>
        rows.map((r) => ({
          id: String(r.id),
          channelId: str(r.channelId) ?? null,
          channelKind: str(r.channelKind) ?? null,
          visitorId: str(r.visitorId) ?? null,
          processStatusId: str(r.processStatusId) ?? null,
          origin: String(r.origin),
          status: String(r.status),
          rating: num(r.rating),
          ratingScale: str(r.ratingScale) ?? null,
          ratingScore: num(r.ratingScore),
          invitationText: str(r.invitationText) ?? null,
          startedAt: time(r.startedAt),
          closedAt: optionalTime(r.closedAt),
        })),
    );
  }

  /**
   * One range of the (conversationId, createdAt) index per conversation, in one statement, ordered by
   * conversation then (createdAt, id), at most `limit` rows. SQLite, which has no table statistics and
   * takes `accountId = ?` for a selective term, planned it as a scan of the account's messages (~100
   * ms a read at 30,000 messages): INDEXED BY names the index. PostgreSQL plans it from statistics.
   */
  messageRanges(ranges: readonly TMessageRange[], limit: number): TSqlOp<TMessageRow[]> {
    let i = 1;
    const args: unknown[] = [];
    const p = (v: unknown, type?: TColumnType) => {
      args.push(v);
      return this.p(++i, type);
    };
    const arms = ranges.map((r) => {
      const conversation = `"conversationId" = ${p(r.conversationId, 'text')}`;
      if (!r.after) return `(${conversation} AND "createdAt" >= ${p(this.time(r.from), 'time')})`;
      const at = this.time(r.after.at);
      return `(${conversation} AND "createdAt" >= ${p(at, 'time')} AND ("createdAt" > ${p(at, 'time')} OR "id" > ${p(r.after.id, 'text')}))`;
    });
    const index = this.pg ? '' : ' INDEXED BY "Message_conversationId_createdAt_idx"';
    return this.all(
      `SELECT "id", "conversationId", "authorType", "authorUserId", "kind", "createdAt", "meta"
        FROM "Message"${index}
        WHERE "accountId" = ${this.p(1)} AND (${arms.join(' OR ')})
        ORDER BY "conversationId", "createdAt", "id" LIMIT ${p(limit, 'int')}`,
      args,
      (rows) =>
        rows.map((r) => ({
          id: String(r.id),
          conversationId: String(r.conversationId),
          authorType: String(r.authorType),
          authorUserId: str(r.authorUserId) ?? null,
          kind: String(r.kind),
          createdAt: time(r.createdAt),
          meta: typeof r.meta === 'string' ? parseJson(r.meta) : (r.meta ?? null),
        })),
      false,
    );
  }

  /** Which of these visitors have a visit still open, on which channel (`visitorId|channelId`). */
  openVisits(visitorIds: readonly string[]): TSqlOp<Set<string>> {
    const index = this.pg ? '' : ' INDEXED BY "Visit_visitorId_startedAt_idx"';
    return this.all(
      `SELECT DISTINCT "visitorId", "channelId" FROM "Visit"${index}
        WHERE ${this.account()} AND ${this.inIds('"visitorId"', 2)} AND "endedAt" IS NULL`,
      [this.ids(visitorIds)],
      (rows) => new Set(rows.map((r) => `${r.visitorId}|${r.channelId}`)),
    );
  }

  calls(ids: readonly string[]): TSqlOp<TCallRow[]> {
    return this.all(
      `SELECT k."id", k."channelId", c."channelId" AS "conversationChannelId", k."agentId", k."status",
        k."startedAt", k."answeredAt", k."durationSec"
        FROM "Call" k LEFT JOIN "Conversation" c ON c."id" = k."conversationId"
        WHERE ${this.account('k.')} AND ${this.inIds('k."id"', 2)}`,
      [this.ids(ids)],
      (rows) =>
        rows.map((r) => ({
          id: String(r.id),
          channelId: str(r.channelId) ?? null,
          conversationChannelId: str(r.conversationChannelId) ?? null,
          agentId: str(r.agentId) ?? null,
          status: String(r.status),
          startedAt: time(r.startedAt),
          answeredAt: optionalTime(r.answeredAt),
          durationSec: num(r.durationSec),
        })),
    );
  }

  /** Visits started in [from, to), after `afterId` in id order, at most `limit`. */
  visits(from: Date, to: Date, afterId: string, limit: number): TSqlOp<TVisitRow[]> {
    return this.all(
      `SELECT "id", "channelId", "number", "pageCount", "startedAt" FROM "Visit"
        WHERE "accountId" = ${this.p(1)} AND "startedAt" >= ${this.p(2, 'time')} AND "startedAt" < ${this.p(3, 'time')}
        AND "id" > ${this.p(4, 'text')} ORDER BY "id" LIMIT ${this.p(5, 'int')}`,
      [this.time(from), this.time(to), afterId, limit],
      (rows) =>
        rows.map((r) => ({
          id: String(r.id),
          channelId: String(r.channelId),
          number: Number(r.number),
          pageCount: Number(r.pageCount),
          startedAt: time(r.startedAt),
        })),
    );
  }

  /** The earliest start of a visit started since `startedSince` and active since `activeSince`. */
  firstActiveVisit(startedSince: Date, activeSince: Date): TSqlOp<Date | null> {
    return this.all(
      `SELECT MIN("startedAt") AS "at" FROM "Visit"
        WHERE "accountId" = ${this.p(1)} AND "startedAt" >= ${this.p(2, 'time')} AND "lastActiveAt" >= ${this.p(3, 'time')}`,
      [this.time(startedSince), this.time(activeSince)],
      ([r]) => optionalTime(r?.at),
    );
  }

  /** The latest visit start and StatHour hour at or after `from` (null for none). */
  latestSince(from: Date): TSqlOp<{ visit: Date | null; hour: Date | null }> {
    return this.all(
      `SELECT (SELECT MAX("startedAt") FROM "Visit" WHERE "accountId" = ${this.p(1)} AND "startedAt" >= ${this.p(2, 'time')}) AS "visit",
        (SELECT MAX("hour") FROM "StatHour" WHERE "accountId" = ${this.p(1)} AND "hour" >= ${this.p(2, 'time')}) AS "hour"`,
      [this.time(from)],
      ([r]) => ({ visit: optionalTime(r?.visit), hour: optionalTime(r?.hour) }),
    );
  }

  /** The rebuild's pages: visitor conversation ids (or call ids) after `afterId`, in id order. */
  idsAfter(table: 'Conversation' | 'Call', afterId: string, limit: number): TSqlOp<string[]> {
    // In id order from the primary key (an (accountId, kind, …) index read every conversation and sorted, per page).
    const visitor = table === 'Conversation' ? ` AND ${this.pg ? '' : '+'}"kind" = 'visitor'` : '';
    return this.all(
      `SELECT "id" FROM ${q(table)} WHERE ${this.account()}${visitor} AND "id" > ${this.p(2, 'text')}
        ORDER BY "id" LIMIT ${this.p(3, 'int')}`,
      [afterId, limit],
      (rows) => rows.map((r) => String(r.id)),
    );
  }

  /** The first and last times of the rollups and their raw rows (StatHour, StatChat, StatCall, visits). */
  span(): TSqlOp<{ min: Date[]; max: Date[] }> {
    const parts = [
      ['StatHour', 'hour'],
      ['StatChat', 'startedAt'],
      ['StatCall', 'hour'],
      ['Visit', 'startedAt'],
    ];
    return this.all(
      `SELECT ${parts
        .map(
          ([t, c], i) =>
            `(SELECT MIN(${q(c as string)}) FROM ${q(t as string)} WHERE "accountId" = ${this.p(1)}) AS "min${i}",
             (SELECT MAX(${q(c as string)}) FROM ${q(t as string)} WHERE "accountId" = ${this.p(1)}) AS "max${i}"`,
        )
        .join(', ')}`,
      [],
      ([r]) => {
        const pick = (prefix: string) =>
          parts.flatMap((_, i) => {
            const v = r?.[`${prefix}${i}`];
            return v === null || v === undefined ? [] : [readTime(v)];
          });
        return { min: pick('min'), max: pick('max') };
      },
    );
  }

  /** The first time at or after `from` of a StatChat start, StatCall or StatHour hour or visit start. */
  nextAfter(from: Date): TSqlOp<Date | null> {
    const parts = [
      ['StatChat', 'startedAt'],
      ['StatCall', 'hour'],
      ['Visit', 'startedAt'],
      ['StatHour', 'hour'],
    ];
    return this.all(
      `SELECT ${parts
        .map(
          ([t, c], i) =>
            `(SELECT MIN(${q(c as string)}) FROM ${q(t as string)} WHERE "accountId" = ${this.p(1)} AND ${q(c as string)} >= ${this.p(2, 'time')}) AS "t${i}"`,
        )
        .join(', ')}`,
      [this.time(from)],
      ([r]) => {
        const times = parts.flatMap((_, i) => {
          const v = r?.[`t${i}`];
          return v === null || v === undefined ? [] : [readTime(v).getTime()];
        });
        return times.length ? new Date(Math.min(...times)) : null;
      },
    );
  }

  // --- StatChat ----------------------------------------------------------------------------------

  private static chatRow(r: Record<string, unknown>): TStatChatRow {
    const out: Record<string, unknown> = { id: String(r.id) };
    for (const [c, type] of STAT_CHAT_COLUMNS) {
      const v = r[c];
      out[c] =
        v === null || v === undefined
          ? null
          : type === 'time'
            ? readTime(v)
            : type === 'text'
              ? String(v)
              : Number(v);
    }
    return out as TStatChatRow;
  }

  private get chatColumns() {
    return ['id', ...STAT_CHAT_COLUMNS.map(([c]) => c)].map(q).join(', ');
  }

  /** The StatChat rows of these conversations. */
  statChats(conversationIds: readonly string[]): TSqlOp<TStatChatRow[]> {
    return this.all(
      `SELECT ${this.chatColumns} FROM "StatChat" WHERE ${this.account()} AND ${this.inIds('"conversationId"', 2)}`,
      [this.ids(conversationIds)],
      (rows) => rows.map(RollupStatements.chatRow),
    );
  }

  /** StatChat rows of erased conversations (conversationId set null). */
  orphanStatChats(): TSqlOp<TStatChatRow[]> {
    return this.all(
      `SELECT ${this.chatColumns} FROM "StatChat" WHERE ${this.account()} AND "conversationId" IS NULL`,
      [],
      (rows) => rows.map(RollupStatements.chatRow),
    );
  }

  /** StatChat rows started in [startedFrom, startedTo) whose hour is in [from, to) (the rebuild's sums). */
  statChatsOfHours(startedFrom: Date, startedTo: Date, from: Date, to: Date): TSqlOp<TStatChatRow[]> {
    return this.all(
      `SELECT ${this.chatColumns} FROM "StatChat" WHERE "accountId" = ${this.p(1)}
        AND "startedAt" >= ${this.p(2, 'time')} AND "startedAt" < ${this.p(3, 'time')}
        AND "hour" >= ${this.p(4, 'time')} AND "hour" < ${this.p(5, 'time')}`,
      [this.time(startedFrom), this.time(startedTo), this.time(from), this.time(to)],
      (rows) => rows.map(RollupStatements.chatRow),
    );
  }

  deleteStatChats(ids: readonly string[]): TSqlOp<number> {
    return this.run(`DELETE FROM "StatChat" WHERE ${this.account()} AND ${this.inIds('"id"', 2)}`, [
      this.ids(ids),
    ]);
  }

  /** The rebuild's sweep is over: rows of erased conversations and of conversations that are not visitors' go. */
  deleteStrayStatChats(): TSqlOp<number> {
    return this.run(
      `DELETE FROM "StatChat" WHERE "accountId" = ${this.p(1)} AND ("conversationId" IS NULL OR "conversationId" IN
        (SELECT "id" FROM "Conversation" WHERE "accountId" = ${this.p(1)} AND "kind" <> 'visitor'))`,
      [],
    );
  }

  /**
   * Inserts these StatChat rows or replaces the figures of the conversation's row, in one statement
   * (callers give at most 200 rows: 26 parameters each).
   */
  upsertStatChats(rows: readonly TStatChatWrite[]): TSqlOp<number> {
    const names = ['id', 'accountId', ...STAT_CHAT_COLUMNS.map(([c]) => c)].map(q).join(', ');
    const excluded = this.pg ? 'EXCLUDED' : 'excluded';
    const updates = STAT_CHAT_COLUMNS.filter(([c]) => c !== 'conversationId')
      .map(([c]) => `${q(c)} = ${excluded}.${q(c)}`)
      .join(', ');
    const args: unknown[] = [];
    const values = rows.map((r) => {
      args.push(randomUUID());
      const cells = [this.p(args.length + 1, 'text'), this.p(1, 'text')];
      for (const [c, type] of STAT_CHAT_COLUMNS) {
        args.push(this.value(type, r[c]));
        cells.push(this.p(args.length + 1, type));
      }
      return `(${cells.join(', ')})`;
    });
    return this.run(
      `INSERT INTO "StatChat" (${names}) VALUES ${values.join(', ')}
        ON CONFLICT ("conversationId") DO UPDATE SET ${updates}`,
      args,
      false,
    );
  }

  // --- StatCall ----------------------------------------------------------------------------------

  private static callRow(r: Record<string, unknown>): TStatCallRow {
    return {
      id: String(r.id),
      callId: String(r.callId),
      channelId: String(r.channelId),
      agentId: String(r.agentId),
      startedAt: readTime(r.startedAt),
      hour: readTime(r.hour),
      answered: Number(r.answered),
      missed: Number(r.missed),
      durationSec: num(r.durationSec),
    };
  }

  private static readonly CALL_COLUMNS =
    `"id", "callId", "channelId", "agentId", "startedAt", "hour", "answered", "missed", "durationSec"`;

  statCalls(callIds: readonly string[]): TSqlOp<TStatCallRow[]> {
    return this.all(
      `SELECT ${RollupStatements.CALL_COLUMNS} FROM "StatCall" WHERE ${this.account()} AND ${this.inIds('"callId"', 2)}`,
      [this.ids(callIds)],
      (rows) => rows.map(RollupStatements.callRow),
    );
  }

  statCallsOfHours(from: Date, to: Date): TSqlOp<TStatCallRow[]> {
    return this.all(
      `SELECT ${RollupStatements.CALL_COLUMNS} FROM "StatCall" WHERE "accountId" = ${this.p(1)}
        AND "hour" >= ${this.p(2, 'time')} AND "hour" < ${this.p(3, 'time')}`,
      [this.time(from), this.time(to)],
      (rows) => rows.map(RollupStatements.callRow),
    );
  }

  deleteStatCalls(ids: readonly string[]): TSqlOp<number> {
    return this.run(`DELETE FROM "StatCall" WHERE ${this.account()} AND ${this.inIds('"id"', 2)}`, [
      this.ids(ids),
    ]);
  }

  insertStatCalls(rows: readonly TStatCallWrite[]): TSqlOp<number> {
    const columns: [keyof TStatCallWrite, TColumnType][] = [
      ['callId', 'text'],
      ['channelId', 'text'],
      ['agentId', 'text'],
      ['startedAt', 'time'],
      ['hour', 'time'],
      ['answered', 'int'],
      ['missed', 'int'],
      ['durationSec', 'int'],
    ];
    const args: unknown[] = [];
    const values = rows.map((r) => {
      args.push(randomUUID());
      const cells = [this.p(args.length + 1, 'text'), this.p(1, 'text')];
      for (const [c, type] of columns) {
        args.push(this.value(type, r[c]));
        cells.push(this.p(args.length + 1, type));
      }
      return `(${cells.join(', ')})`;
    });
    return this.run(
      `INSERT INTO "StatCall" ("id", "accountId", ${columns.map(([c]) => q(c)).join(', ')}) VALUES ${values.join(', ')}`,
      args,
      false,
    );
  }

  // --- StatHour ----------------------------------------------------------------------------------

  /**
   * Writes StatHour rows in one statement (callers give at most 200): `add` adds the given sums to an
   * existing row's (the incremental run's differences); `visits` sets only the visit columns (the
   * hours a run counts again); `replace` inserts rows the caller deleted first (the rebuild).
   */
  writeStatHours(
    rows: readonly (THourKey & Partial<Record<TStatHourSum | TVisitSum, number>>)[],
    mode: 'add' | 'visits' | 'replace',
  ): TSqlOp<number> {
    const sums: readonly string[] =
      mode === 'add' ? STAT_HOUR_SUMS : mode === 'visits' ? VISIT_SUMS : [...STAT_HOUR_SUMS, ...VISIT_SUMS];
    const excluded = this.pg ? 'EXCLUDED' : 'excluded';
    const args: unknown[] = [];
    const values = rows.map((r) => {
      const cells = [this.p(1, 'text')];
      const push = (v: unknown, type: TColumnType) => {
        args.push(v);
        cells.push(this.p(args.length + 1, type));
      };
      push(this.time(r.hour), 'time');
      push(r.channelId, 'text');
      push(r.agentId, 'text');
      for (const c of sums) push(r[c as TStatHourSum] ?? 0, sumType(c));
      return `(${cells.join(', ')})`;
    });
    const update =
      mode === 'add'
        ? `DO UPDATE SET ${sums.map((c) => `${q(c)} = "StatHour".${q(c)} + ${excluded}.${q(c)}`).join(', ')}`
        : mode === 'visits'
          ? `DO UPDATE SET ${sums.map((c) => `${q(c)} = ${excluded}.${q(c)}`).join(', ')}`
          : '';
    return this.run(
      `INSERT INTO "StatHour" ("accountId", "hour", "channelId", "agentId", ${sums.map(q).join(', ')})
        VALUES ${values.join(', ')}${update ? ` ON CONFLICT ("accountId", "hour", "channelId", "agentId") ${update}` : ''}`,
      args,
      false,
    );
  }

  /** Sets the visit columns of the hours [from, to) to 0 (before they are counted again). */
  clearVisitHours(from: Date, to: Date): TSqlOp<number> {
    return this.run(
      `UPDATE "StatHour" SET "visits" = 0, "newVisits" = 0, "pageViews" = 0
        WHERE "accountId" = ${this.p(1)} AND "hour" >= ${this.p(2, 'time')} AND "hour" < ${this.p(3, 'time')}
        AND "agentId" = '' AND ("visits" > 0 OR "pageViews" > 0 OR "newVisits" > 0)`,
      [this.time(from), this.time(to)],
    );
  }

  deleteStatHours(from: Date, to: Date): TSqlOp<number> {
    return this.run(
      `DELETE FROM "StatHour" WHERE "accountId" = ${this.p(1)} AND "hour" >= ${this.p(2, 'time')} AND "hour" < ${this.p(3, 'time')}`,
      [this.time(from), this.time(to)],
    );
  }
}
