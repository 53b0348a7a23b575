import { allowRawSql, type Db, type DbProvider } from '@parley/db';
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
