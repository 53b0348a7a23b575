import { randomUUID } from 'node:crypto';
import { allowRawSql, type Db, type DbProvider, type DbTx } from '@parley/db';
import { HOUR_COLUMNS, type THourSums } from './chat-facts';

/**
 * The report's aggregates in SQL. Prisma's aggregate and groupBy cost three to five times the query
 * itself here (bench/RESULTS.md, "Statistics reports"), so these few statements are written by hand
 * for both databases. Every statement filters by the caller's account first.
 */

export interface TSqlScope {
  /** The caller's account-scoped client; raw SQL is allowed for these statements only. */
  db: Db;
  provider: DbProvider;
  accountId: string;
}

export interface TSqlFilter {
  start: number;
  end: number;
  channelId?: string | undefined;
  agentId?: string | undefined;
  tagId?: string | undefined;
  statusId?: string | undefined;
}

export type TSums = THourSums & { visits: number; newVisits: number; pageViews: number };
export const SUM_COLUMNS = [...HOUR_COLUMNS, 'visits', 'newVisits', 'pageViews'] as const;

/** A DateTime parameter as each database stores it (SQLite: Prisma's ISO text; PostgreSQL: timestamp(3)). */
function timestamp(provider: DbProvider, ms: number): string {
  const iso = new Date(ms).toISOString();
  return provider === 'postgresql' ? iso.replace('T', ' ').replace('Z', '') : iso.replace('Z', '+00:00');
}

class Params {
  readonly values: unknown[] = [];
  constructor(private readonly provider: DbProvider) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.provider === 'postgresql' ? `$${this.values.length}` : '?';
  }
}

const q = (name: string) => `"${name}"`;

/** The facts' columns summed into the StatHour shape. */
const CHAT_SUMS: Record<(typeof SUM_COLUMNS)[number], string> = {
  chats: 'SUM(s."chat")',
  offline: 'SUM(s."offline")',
  answered: 'SUM(s."answered")',
  missed: 'SUM(s."missed")',
  proactive: 'SUM(s."proactive")',
  proactiveAnswered: 'SUM(s."proactiveAnswered")',
  invited: 'SUM(s."invited")',
  frtSumMs: 'SUM(COALESCE(s."firstResponseMs", 0))',
  frtCount: 'COUNT(s."firstResponseMs")',
  respSumMs: 'SUM(s."responseSumMs")',
  respCount: 'SUM(s."responseCount")',
  durationSumMs: 'SUM(COALESCE(s."durationMs", 0))',
  durationCount: 'COUNT(s."durationMs")',
  transfers: 'SUM(s."transfers")',
  ratingSum: 'SUM(CASE WHEN s."rating" BETWEEN 1 AND 5 THEN s."rating" ELSE 0 END)',
  ratingCount: 'SUM(CASE WHEN s."rating" BETWEEN 1 AND 5 THEN 1 ELSE 0 END)',
  rating1: 'SUM(CASE WHEN s."rating" = 1 THEN 1 ELSE 0 END)',
  rating2: 'SUM(CASE WHEN s."rating" = 2 THEN 1 ELSE 0 END)',
  rating3: 'SUM(CASE WHEN s."rating" = 3 THEN 1 ELSE 0 END)',
  rating4: 'SUM(CASE WHEN s."rating" = 4 THEN 1 ELSE 0 END)',
  rating5: 'SUM(CASE WHEN s."rating" = 5 THEN 1 ELSE 0 END)',
  thumbsUp: 'SUM(s."thumbsUp")',
  thumbsDown: 'SUM(s."thumbsDown")',
  // Calls are not chats: with a tag or status filter the report shows none (like visits).
  callsAnswered: '0',
  callsMissed: '0',
  callSecSum: '0',
  callSecCount: '0',
  visits: '0',
  newVisits: '0',
  pageViews: '0',
};

/** WHERE over StatChat `s` for the period and every filter (tags: current, by key lookups). */
function chatWhere(scope: TSqlScope, f: TSqlFilter, p: Params): string {
  const parts = [
    `s."accountId" = ${p.add(scope.accountId)}`,
    `s."startedAt" >= ${p.add(timestamp(scope.provider, f.start))}`,
    `s."startedAt" < ${p.add(timestamp(scope.provider, f.end))}`,
  ];
  if (f.channelId) parts.push(`s."channelId" = ${p.add(f.channelId)}`);
  if (f.agentId) parts.push(`s."agentId" = ${p.add(f.agentId)}`);
  if (f.tagId)
    parts.push(
      `EXISTS (SELECT 1 FROM "ConversationTag" t WHERE t."conversationId" = s."conversationId" AND t."tagId" = ${p.add(f.tagId)})`,
    );
  if (f.statusId) parts.push(`s."statusId" = ${p.add(f.statusId)}`);
  return parts.join(' AND ');
}

function toSums(row: Record<string, unknown>): TSums {
  return Object.fromEntries(SUM_COLUMNS.map((c) => [c, Number(row[c] ?? 0)])) as TSums;
}

/** A group's key: an hour as ISO text (the drivers answer a Date or text), an id as it is. */
function keyOf(value: unknown, hour: boolean): string {
  if (!hour) return String(value ?? '');
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text.replace(' ', 'T')}Z`).toISOString();
}

/**
 * Sums per `by` (or one row with key "" without it): from StatHour, or from StatChat when a tag or
 * status filter needs the chats themselves.
 */
export async function sumsBy(
  scope: TSqlScope,
  f: TSqlFilter,
  by: 'hour' | 'channelId' | 'agentId' | null,
): Promise<Map<string, TSums>> {
  const p = new Params(scope.provider);
  const db = allowRawSql(scope.db);
  let sql: string;
  if (f.tagId || f.statusId) {
    const key = by === 'hour' ? 's."hour"' : by ? `s.${q(by)}` : `''`;
    const where = chatWhere(scope, f, p);
    sql = `SELECT ${key} AS "k", ${SUM_COLUMNS.map((c) => `${CHAT_SUMS[c]} AS ${q(c)}`).join(', ')}
      FROM "StatChat" s WHERE ${where}${by ? ` GROUP BY ${key}` : ''}`;
  } else {
    const parts = [
      `"accountId" = ${p.add(scope.accountId)}`,
      `"hour" >= ${p.add(timestamp(scope.provider, f.start))}`,
      `"hour" < ${p.add(timestamp(scope.provider, f.end))}`,
    ];
    if (f.channelId) parts.push(`"channelId" = ${p.add(f.channelId)}`);
    if (f.agentId) parts.push(`"agentId" = ${p.add(f.agentId)}`);
    const key = by ? q(by) : `''`;
    sql = `SELECT ${key} AS "k", ${SUM_COLUMNS.map((c) => `SUM(${q(c)}) AS ${q(c)}`).join(', ')}
      FROM "StatHour" WHERE ${parts.join(' AND ')}${by ? ` GROUP BY ${key}` : ''}`;
  }
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
  const out = new Map<string, TSums>();
  for (const row of rows) {
    // An aggregate without GROUP BY answers one row of NULLs when nothing matched.
    if (!by && row.chats === null) continue;
    out.set(keyOf(row.k, by === 'hour'), toSums(row));
  }
  return out;
}

/** The value at a nearest rank of sorted values (null for none). */
export function nearestRank(sorted: Float64Array, rank: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(rank * sorted.length) - 1)] ?? null;
}

/**
 * Nearest-rank percentiles of the chats' own figures over the period and filters: one read of three
 * columns and a sort here (cheaper than one sorted scan per percentile).
 */
export async function percentiles(scope: TSqlScope, f: TSqlFilter) {
  const db = allowRawSql(scope.db);
  const p = new Params(scope.provider);
  const where = chatWhere(scope, f, p);
  const rows = await db.$queryRawUnsafe<{ f: unknown; r: unknown; d: unknown }[]>(
    `SELECT s."firstResponseMs" AS "f", s."responseAvgMs" AS "r", s."durationMs" AS "d" FROM "StatChat" s
      WHERE ${where} AND (s."firstResponseMs" IS NOT NULL OR s."responseAvgMs" IS NOT NULL OR s."durationMs" IS NOT NULL)`,
    ...p.values,
  );
  const column = (key: 'f' | 'r' | 'd') => {
    const values = new Float64Array(rows.length);
    let n = 0;
    for (const row of rows) if (row[key] !== null) values[n++] = Number(row[key]);
    return values.subarray(0, n).sort();
  };
  const first = column('f');
  const response = column('r');
  const duration = column('d');
  return {
    firstResponseMedianMs: nearestRank(first, 0.5),
    firstResponseP90Ms: nearestRank(first, 0.9),
    responseMedianMs: nearestRank(response, 0.5),
    responseP90Ms: nearestRank(response, 0.9),
    durationMedianMs: nearestRank(duration, 0.5),
  };
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

/**
 * The rollup's message reads (rollup.ts): one range of the (conversationId, createdAt) index per
 * conversation, in one statement, ordered by conversation then (createdAt, id), at most `limit` rows.
 * In SQL for the same reason as the reports: Prisma's form of it (an OR of ranges beside the scoped
 * client's accountId) is planned by SQLite, which has no statistics and takes `accountId = ?` for a
 * selective term, as a scan of the account's messages (~100 ms a read at 30,000 messages). INDEXED BY
 * names the index on SQLite; PostgreSQL plans it from its statistics. Filters by the account first.
 */
export async function readMessageRanges(
  db: Db | DbTx,
  accountId: string,
  ranges: readonly TMessageRange[],
  limit: number,
): Promise<TMessageRow[]> {
  if (ranges.length === 0) return [];
  const provider: DbProvider =
    (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql'
      ? 'postgresql'
      : 'sqlite';
  const p = new Params(provider);
  const account = p.add(accountId);
  const arms = ranges.map((r) => {
    const conversation = `${q('conversationId')} = ${p.add(r.conversationId)}`;
    if (!r.after) return `(${conversation} AND ${q('createdAt')} >= ${p.add(timestamp(provider, r.from))})`;
    const at = timestamp(provider, r.after.at);
    return `(${conversation} AND ${q('createdAt')} >= ${p.add(at)} AND (${q('createdAt')} > ${p.add(at)} OR ${q('id')} > ${p.add(r.after.id)}))`;
  });
  const index = provider === 'sqlite' ? ` INDEXED BY ${q('Message_conversationId_createdAt_idx')}` : '';
  const sql = `SELECT ${['id', 'conversationId', 'authorType', 'authorUserId', 'kind', 'createdAt', 'meta'].map(q).join(', ')}
    FROM ${q('Message')}${index}
    WHERE ${q('accountId')} = ${account} AND (${arms.join(' OR ')})
    ORDER BY ${q('conversationId')}, ${q('createdAt')}, ${q('id')} LIMIT ${p.add(limit)}`;
  const rows = await allowRawSql(db).$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
  return rows.map((r) => ({
    id: String(r.id),
    conversationId: String(r.conversationId),
    authorType: String(r.authorType),
    authorUserId: r.authorUserId == null ? null : String(r.authorUserId),
    kind: String(r.kind),
    createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt as string),
    meta: typeof r.meta === 'string' ? parseJson(r.meta) : (r.meta ?? null),
  }));
}

/** What a LiveEvent names for the rollup (rollup.ts `namedInEvent`), read in the database. */
export interface TEventNames {
  id: number;
  conversationId?: string;
  visitorId?: string;
  callId?: string;
}

/** JSON paths of the payload that name something, with the names namedInEvent gives them. */
const EVENT_PATHS = {
  m: ['data', 'message', 'conversationId'],
  c: ['data', 'conversation', 'id'],
  r: ['data', 'rating', 'conversationId'],
  d: ['data', 'conversationId'],
  v: ['data', 'visitorId'],
  k: ['data', 'call', 'id'],
} as const;

/**
 * The rollup's event reads: the ids each LiveEvent after `afterId` names (namedInEvent's rules: string
 * values only, the first of message, conversation, rating and the bare conversationId; a visitor for
 * `visitor.changed`, a call for `call.updated` and `call.ringing`), extracted in the database. Reading
 * the payloads instead (whole messages, two events per message) had Prisma parse ~18,000 JSON
 * documents per 30 s run at 300 msg/s on the thread the chat runs on. Filters by the account first.
 */
export async function readEventNames(
  db: Db | DbTx,
  accountId: string,
  afterId: number,
  limit: number,
): Promise<TEventNames[]> {
  const provider = providerOf(db);
  const p = new Params(provider);
  const pick = (path: readonly string[]) =>
    provider === 'postgresql'
      ? `CASE WHEN jsonb_typeof(${q('payload')} #> '{${path.join(',')}}') = 'string' THEN ${q('payload')} #>> '{${path.join(',')}}' END`
      : `CASE WHEN json_type(${q('payload')}, '$.${path.join('.')}') = 'text' THEN json_extract(${q('payload')}, '$.${path.join('.')}') END`;
  const type =
    provider === 'postgresql'
      ? `${q('payload')} #>> '{data,type}'`
      : `CASE WHEN json_type(${q('payload')}, '$.data.type') = 'text' THEN json_extract(${q('payload')}, '$.data.type') END`;
  const columns = Object.entries(EVENT_PATHS).map(([name, path]) => `${pick(path)} AS ${q(name)}`);
  const sql = `SELECT ${q('id')}, ${type} AS ${q('t')}, ${columns.join(', ')} FROM ${q('LiveEvent')}
    WHERE ${q('accountId')} = ${p.add(accountId)} AND ${q('id')} > ${p.add(afterId)}
    ORDER BY ${q('id')} LIMIT ${p.add(limit)}`;
  const rows = await allowRawSql(db).$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return rows.map((r) => {
    const conversationId = str(r.m) ?? str(r.c) ?? str(r.r) ?? str(r.d);
    const visitorId = r.t === 'visitor.changed' ? str(r.v) : undefined;
    const callId = r.t === 'call.updated' || r.t === 'call.ringing' ? str(r.k) : undefined;
    return {
      id: Number(r.id),
      ...(conversationId ? { conversationId } : {}),
      ...(visitorId ? { visitorId } : {}),
      ...(callId ? { callId } : {}),
    };
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const providerOf = (db: Db | DbTx): DbProvider =>
  (db as unknown as { _activeProvider?: string })._activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';

type TColumnType = 'text' | 'int' | 'float' | 'time';

/** StatChat's columns as the rollup writes them (id and accountId apart). */
const STAT_CHAT_COLUMNS: [string, TColumnType][] = [
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
];

const PG_TYPE: Record<TColumnType, string> = {
  text: 'text',
  int: 'integer',
  float: 'double precision',
  time: 'timestamp(3)',
};

/** A typed parameter: PostgreSQL cannot infer the types of a multi-row VALUES list. */
function typed(p: Params, provider: DbProvider, type: TColumnType, value: unknown): string {
  const v = type === 'time' && value instanceof Date ? timestamp(provider, value.getTime()) : value;
  const ref = p.add(v ?? null);
  return provider === 'postgresql' ? `${ref}::${PG_TYPE[type]}` : ref;
}

/**
 * Writes the rollup's StatChat rows (rollup.ts) in one statement per 200 rows: insert, or replace the
 * figures of the conversation's row. Prisma's createMany spent ~0.5 ms of CPU per row here (25
 * columns), which was most of an incremental run.
 */
export async function upsertStatChats(
  db: Db | DbTx,
  accountId: string,
  rows: readonly Record<string, unknown>[],
) {
  const provider = providerOf(db);
  const columns = STAT_CHAT_COLUMNS;
  const names = ['id', 'accountId', ...columns.map(([c]) => c)].map(q).join(', ');
  const updates = columns
    .filter(([c]) => c !== 'conversationId')
    .map(([c]) => `${q(c)} = ${provider === 'postgresql' ? 'EXCLUDED' : 'excluded'}.${q(c)}`)
    .join(', ');
  for (let i = 0; i < rows.length; i += 200) {
    const p = new Params(provider);
    const values = rows.slice(i, i + 200).map((r) => {
      const cells = [
        typed(p, provider, 'text', randomUUID()),
        typed(p, provider, 'text', accountId),
        ...columns.map(([c, type]) => typed(p, provider, type, r[c])),
      ];
      return `(${cells.join(', ')})`;
    });
    const sql = `INSERT INTO ${q('StatChat')} (${names}) VALUES ${values.join(', ')}
      ON CONFLICT (${q('conversationId')}) DO UPDATE SET ${updates}`;
    await allowRawSql(db).$executeRawUnsafe(sql, ...p.values);
  }
}

/**
 * Adds the rollup's differences to StatHour (rollup.ts) in one statement per 200 rows: insert, or
 * add each column to the existing row. One Prisma upsert per row cost ~1 ms of CPU each.
 */
export async function addStatHours(
  db: Db | DbTx,
  accountId: string,
  rows: readonly { hour: Date; channelId: string; agentId: string; sums: THourSums }[],
) {
  const provider = providerOf(db);
  const keys: [string, TColumnType][] = [
    ['hour', 'time'],
    ['channelId', 'text'],
    ['agentId', 'text'],
  ];
  const sums: [string, TColumnType][] = HOUR_COLUMNS.map((c) => [
    c,
    c.endsWith('SumMs') || c === 'callSecSum' ? 'float' : 'int',
  ]);
  const names = ['accountId', ...keys.map(([c]) => c), ...sums.map(([c]) => c)].map(q).join(', ');
  const excluded = provider === 'postgresql' ? 'EXCLUDED' : 'excluded';
  const updates = sums.map(([c]) => `${q(c)} = ${q('StatHour')}.${q(c)} + ${excluded}.${q(c)}`).join(', ');
  for (let i = 0; i < rows.length; i += 200) {
    const p = new Params(provider);
    const values = rows.slice(i, i + 200).map((r) => {
      const cells = [
        typed(p, provider, 'text', accountId),
        typed(p, provider, 'time', r.hour),
        typed(p, provider, 'text', r.channelId),
        typed(p, provider, 'text', r.agentId),
        ...sums.map(([c, type]) => typed(p, provider, type, r.sums[c as keyof THourSums])),
      ];
      return `(${cells.join(', ')})`;
    });
    const sql = `INSERT INTO ${q('StatHour')} (${names}) VALUES ${values.join(', ')}
      ON CONFLICT (${['accountId', 'hour', 'channelId', 'agentId'].map(q).join(', ')}) DO UPDATE SET ${updates}`;
    await allowRawSql(db).$executeRawUnsafe(sql, ...p.values);
  }
}
