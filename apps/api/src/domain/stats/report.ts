import type { Db, Prisma } from '@parley/db';
import { AppError, notFound } from '../../errors';
import { HOUR_COLUMNS, type THourSums } from './chat-facts';
import { statState } from './rollup';
import { addDays, fastLocalParts, localDate, resolvePeriod, type TPeriod, type TPreset } from './time-zone';

/**
 * The Statistics report (issue 18): figures for a period in the account's time zone, the previous
 * period's for comparison, breakdowns by channel and agent, a series and a weekday × hour heatmap.
 * Reads StatHour (counts) and StatChat (percentiles, tag and status filters), never messages.
 */

export interface TStatsViewer {
  accountId: string;
  userId: string;
  role: 'owner' | 'admin' | 'agent';
}

export interface TReportQuery {
  preset: TPreset;
  from?: string | undefined;
  to?: string | undefined;
  channelId?: string | undefined;
  agentId?: string | undefined;
  tagId?: string | undefined;
  statusId?: string | undefined;
}

type TSums = THourSums & { visits: number; newVisits: number; pageViews: number };

export interface TFigures {
  chats: number;
  answered: number;
  missed: number;
  offline: number;
  transfers: number;
  firstResponseAvgMs: number | null;
  responseAvgMs: number | null;
  durationAvgMs: number | null;
  ratingAvg: number | null;
  ratingCount: number;
  proactive: number;
  proactiveAnswered: number;
  invited: number;
  /** null when a tag or status filter applies (visits are not chats) or an agent is chosen. */
  visits: number | null;
  newVisits: number | null;
  pageViews: number | null;
}

const zero = (): TSums =>
  ({
    ...Object.fromEntries(HOUR_COLUMNS.map((c) => [c, 0])),
    visits: 0,
    newVisits: 0,
    pageViews: 0,
  }) as TSums;

function add(into: TSums, from: Partial<Record<keyof TSums, number | null>>) {
  for (const key of Object.keys(into) as (keyof TSums)[]) into[key] += Number(from[key] ?? 0);
}

const ratio = (sum: number, count: number) => (count > 0 ? Math.round(sum / count) : null);

function figures(s: TSums, withVisits: boolean): TFigures {
  return {
    chats: s.chats,
    answered: s.answered,
    missed: s.missed,
    offline: s.offline,
    transfers: s.transfers,
    firstResponseAvgMs: ratio(s.frtSumMs, s.frtCount),
    responseAvgMs: ratio(s.respSumMs, s.respCount),
    durationAvgMs: ratio(s.durationSumMs, s.durationCount),
    ratingAvg: s.ratingCount > 0 ? Math.round((s.ratingSum / s.ratingCount) * 100) / 100 : null,
    ratingCount: s.ratingCount,
    proactive: s.proactive,
    proactiveAnswered: s.proactiveAnswered,
    invited: s.invited,
    visits: withVisits ? s.visits : null,
    newVisits: withVisits ? s.newVisits : null,
    pageViews: withVisits ? s.pageViews : null,
  };
}

const HOUR_SUM = Object.fromEntries(
  [...HOUR_COLUMNS, 'visits', 'newVisits', 'pageViews'].map((c) => [c, true]),
) as Record<keyof TSums, true>;

const CHAT_SUM = {
  chat: true,
  offline: true,
  answered: true,
  missed: true,
  proactive: true,
  proactiveAnswered: true,
  invited: true,
  firstResponseMs: true,
  responseSumMs: true,
  responseCount: true,
  durationMs: true,
  transfers: true,
  rating: true,
} as const;
const CHAT_COUNT = { firstResponseMs: true, durationMs: true, rating: true } as const;

interface TChatAgg {
  _sum: Partial<Record<keyof typeof CHAT_SUM, number | null>>;
  _count: Partial<Record<keyof typeof CHAT_COUNT, number>>;
}

function sumsOfChats(agg: TChatAgg): TSums {
  const s = zero();
  const sum = agg._sum;
  const count = agg._count;
  add(s, {
    chats: sum.chat ?? 0,
    offline: sum.offline ?? 0,
    answered: sum.answered ?? 0,
    missed: sum.missed ?? 0,
    proactive: sum.proactive ?? 0,
    proactiveAnswered: sum.proactiveAnswered ?? 0,
    invited: sum.invited ?? 0,
    frtSumMs: sum.firstResponseMs ?? 0,
    frtCount: count.firstResponseMs ?? 0,
    respSumMs: sum.responseSumMs ?? 0,
    respCount: sum.responseCount ?? 0,
    durationSumMs: sum.durationMs ?? 0,
    durationCount: count.durationMs ?? 0,
    transfers: sum.transfers ?? 0,
    ratingSum: sum.rating ?? 0,
    ratingCount: count.rating ?? 0,
  });
  return s;
}

/** Where a query reads from: StatHour unless a tag or status filter needs StatChat's join. */
interface TSource {
  byChats: boolean;
  hourWhere(p: TPeriod): Prisma.StatHourWhereInput;
  chatWhere(p: TPeriod): Prisma.StatChatWhereInput;
}

function sourceOf(q: TReportQuery): TSource {
  const dims = {
    ...(q.channelId ? { channelId: q.channelId } : {}),
    ...(q.agentId ? { agentId: q.agentId } : {}),
  };
  const conversation: Prisma.ConversationWhereInput = {
    ...(q.tagId ? { tags: { some: { tagId: q.tagId } } } : {}),
    ...(q.statusId ? { visitor: { processStatusId: q.statusId } } : {}),
  };
  return {
    byChats: Boolean(q.tagId || q.statusId),
    hourWhere: (p) => ({ hour: { gte: new Date(p.start), lt: new Date(p.end) }, ...dims }),
    chatWhere: (p) => ({
      startedAt: { gte: new Date(p.start), lt: new Date(p.end) },
      ...dims,
      ...(q.tagId || q.statusId ? { conversation } : {}),
    }),
  };
}

async function totals(db: Db, src: TSource, p: TPeriod): Promise<TSums> {
  if (src.byChats)
    return sumsOfChats(
      (await db.statChat.aggregate({
        where: src.chatWhere(p),
        _sum: CHAT_SUM,
        _count: CHAT_COUNT,
      })) as TChatAgg,
    );
  const agg = await db.statHour.aggregate({ where: src.hourWhere(p), _sum: HOUR_SUM });
  const s = zero();
  add(s, agg._sum as Partial<Record<keyof TSums, number | null>>);
  return s;
}

async function sumsBy(db: Db, src: TSource, p: TPeriod, by: 'hour' | 'channelId' | 'agentId') {
  const out = new Map<string, TSums>();
  if (src.byChats) {
    const groups = (await db.statChat.groupBy({
      by: [by],
      where: src.chatWhere(p),
      _sum: CHAT_SUM,
      _count: CHAT_COUNT,
    })) as unknown as (TChatAgg & Record<typeof by, string | Date>)[];
    for (const g of groups)
      out.set(String(g[by] instanceof Date ? (g[by] as Date).toISOString() : g[by]), sumsOfChats(g));
    return out;
  }
  const groups = (await db.statHour.groupBy({
    by: [by],
    where: src.hourWhere(p),
    _sum: HOUR_SUM,
  })) as unknown as ({ _sum: Partial<Record<keyof TSums, number | null>> } & Record<
    typeof by,
    string | Date
  >)[];
  for (const g of groups) {
    const s = zero();
    add(s, g._sum);
    out.set(String(g[by] instanceof Date ? (g[by] as Date).toISOString() : g[by]), s);
  }
  return out;
}

/** Nearest-rank percentile of a StatChat column over the period (null without values). */
async function percentile(
  db: Db,
  where: Prisma.StatChatWhereInput,
  column: 'firstResponseMs' | 'responseAvgMs' | 'durationMs',
  count: number,
  p: number,
): Promise<number | null> {
  if (count === 0) return null;
  const row = await db.statChat.findFirst({
    where: { ...where, [column]: { not: null } },
    orderBy: { [column]: 'asc' },
    skip: Math.max(0, Math.ceil(p * count) - 1),
    select: { [column]: true },
  });
  return (row as Record<string, number | null> | null)?.[column] ?? null;
}

async function percentiles(db: Db, where: Prisma.StatChatWhereInput) {
  const counts = await db.statChat.aggregate({
    where,
    _count: { firstResponseMs: true, responseAvgMs: true, durationMs: true },
  });
  const c = counts._count;
  const [frtMedian, frtP90, respMedian, respP90, durationMedian] = await Promise.all([
    percentile(db, where, 'firstResponseMs', c.firstResponseMs, 0.5),
    percentile(db, where, 'firstResponseMs', c.firstResponseMs, 0.9),
    percentile(db, where, 'responseAvgMs', c.responseAvgMs, 0.5),
    percentile(db, where, 'responseAvgMs', c.responseAvgMs, 0.9),
    percentile(db, where, 'durationMs', c.durationMs, 0.5),
  ]);
  return {
    firstResponseMedianMs: frtMedian,
    firstResponseP90Ms: frtP90,
    responseMedianMs: respMedian,
    responseP90Ms: respP90,
    durationMedianMs: durationMedian,
  };
}

async function ratingDistribution(db: Db, src: TSource, p: TPeriod, sums: TSums): Promise<number[]> {
  if (!src.byChats) return [sums.rating1, sums.rating2, sums.rating3, sums.rating4, sums.rating5];
  const groups = await db.statChat.groupBy({
    by: ['rating'],
    where: { ...src.chatWhere(p), rating: { not: null } },
    _count: { _all: true },
  });
  return [1, 2, 3, 4, 5].map((r) => groups.find((g) => g.rating === r)?._count._all ?? 0);
}

/** The ids a filter names must be the account's (the scoped client finds nothing else). */
async function checkFilters(db: Db, q: TReportQuery) {
  const [channel, agent, tag, status] = await Promise.all([
    q.channelId ? db.channel.findFirst({ where: { id: q.channelId }, select: { id: true } }) : true,
    q.agentId ? db.user.findFirst({ where: { id: q.agentId }, select: { id: true } }) : true,
    q.tagId ? db.tag.findFirst({ where: { id: q.tagId }, select: { id: true } }) : true,
    q.statusId ? db.processStatus.findFirst({ where: { id: q.statusId }, select: { id: true } }) : true,
  ]);
  if (!channel) throw notFound('Channel');
  if (!agent) throw notFound('Agent');
  if (!tag) throw notFound('Tag');
  if (!status) throw notFound('Status');
}

/** An agent sees only their own figures: the agent filter is forced to them (server-side). */
export function viewerQuery(viewer: TStatsViewer, q: TReportQuery): TReportQuery {
  if (viewer.role !== 'agent') return q;
  if (q.agentId && q.agentId !== viewer.userId)
    throw new AppError('forbidden', 'stats.own_only', 'Agents see only their own statistics');
  return { ...q, agentId: viewer.userId };
}

const MAX_DAYS = 366;

export async function getReport(db: Db, viewer: TStatsViewer, query: TReportQuery, now = Date.now()) {
  const q = viewerQuery(viewer, query);
  await checkFilters(db, q);
  const { timeZone } = await statState(db, viewer.accountId);
  if (q.preset === 'custom' && (!q.from || !q.to || q.from > q.to))
    throw new AppError('bad_request', 'stats.period_invalid', 'Choose a start date before the end date', {
      from: 'stats.period_invalid',
    });
  const { current, previous } = resolvePeriod(timeZone, q, now);
  if (current.days > MAX_DAYS)
    throw new AppError('bad_request', 'stats.period_too_long', 'A report covers at most 366 days', {
      to: 'stats.period_too_long',
    });
  const src = sourceOf(q);
  const withVisits = !src.byChats && !q.agentId;
  const [sums, previousSums, byHour, byChannel, byAgent, pct] = await Promise.all([
    totals(db, src, current),
    totals(db, src, previous),
    sumsBy(db, src, current, 'hour'),
    sumsBy(db, src, current, 'channelId'),
    sumsBy(db, src, current, 'agentId'),
    percentiles(db, src.chatWhere(current)),
  ]);
  const [ratings, channels, agents] = await Promise.all([
    ratingDistribution(db, src, current, sums),
    db.channel.findMany({
      where: { id: { in: [...byChannel.keys()].filter(Boolean) } },
      select: { id: true, name: true },
    }),
    db.user.findMany({
      where: { id: { in: [...byAgent.keys()].filter(Boolean) } },
      select: { id: true, name: true },
    }),
  ]);

  // The series: local hours for a one-day period, local days otherwise; every slot present.
  const hourly = current.days === 1;
  const slots = new Map<
    string,
    {
      key: string;
      chats: number;
      missed: number;
      offline: number;
      frtSumMs: number;
      frtCount: number;
      respSumMs: number;
      respCount: number;
      visits: number;
    }
  >();
  if (!hourly)
    for (let i = 0; i < current.days; i++) {
      const key = addDays(current.from, i);
      slots.set(key, {
        key,
        chats: 0,
        missed: 0,
        offline: 0,
        frtSumMs: 0,
        frtCount: 0,
        respSumMs: 0,
        respCount: 0,
        visits: 0,
      });
    }
  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const [hourIso, s] of [...byHour].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ms = Date.parse(hourIso);
    const parts = fastLocalParts(timeZone, ms);
    const row = heatmap[parts.weekday] as number[];
    row[parts.hour] = (row[parts.hour] ?? 0) + s.chats;
    const key = hourly ? hourIso : localDate(timeZone, ms);
    let slot = slots.get(key);
    if (!slot) {
      slot = {
        key,
        chats: 0,
        missed: 0,
        offline: 0,
        frtSumMs: 0,
        frtCount: 0,
        respSumMs: 0,
        respCount: 0,
        visits: 0,
      };
      slots.set(key, slot);
    }
    slot.chats += s.chats;
    slot.missed += s.missed;
    slot.offline += s.offline;
    slot.frtSumMs += s.frtSumMs;
    slot.frtCount += s.frtCount;
    slot.respSumMs += s.respSumMs;
    slot.respCount += s.respCount;
    slot.visits += s.visits;
  }
  if (hourly) {
    // Every local hour of the day, including the repeated hour of a fall-back day.
    for (let t = current.start; t < current.end; t += 3_600_000) {
      const key = new Date(t).toISOString();
      if (!slots.has(key))
        slots.set(key, {
          key,
          chats: 0,
          missed: 0,
          offline: 0,
          frtSumMs: 0,
          frtCount: 0,
          respSumMs: 0,
          respCount: 0,
          visits: 0,
        });
    }
  }
  const series = [...slots.values()]
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((s) => ({
      key: s.key,
      label: hourly
        ? `${String(fastLocalParts(timeZone, Date.parse(s.key)).hour).padStart(2, '0')}:00`
        : s.key,
      chats: s.chats,
      missed: s.missed,
      offline: s.offline,
      firstResponseAvgMs: ratio(s.frtSumMs, s.frtCount),
      responseAvgMs: ratio(s.respSumMs, s.respCount),
      visits: withVisits ? s.visits : null,
    }));
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const rows = <T extends string>(m: Map<string, TSums>, names: Map<string, string>, withV: boolean) =>
    [...m]
      .filter(([, s]) => s.chats + s.offline + s.proactive + s.visits > 0)
      .map(([id, s]) => ({ id: id as T, name: id ? (names.get(id) ?? null) : null, ...figures(s, withV) }))
      .sort((a, b) => b.chats - a.chats || (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    timeZone,
    period: {
      from: current.from,
      to: current.to,
      days: current.days,
      granularity: hourly ? ('hour' as const) : ('day' as const),
    },
    previousPeriod: { from: previous.from, to: previous.to },
    figures: { ...figures(sums, withVisits), ...pct, ratings },
    previous: figures(previousSums, withVisits),
    byChannel: rows(byChannel, channelName, withVisits),
    byAgent: rows(byAgent, agentName, false).filter((r) => r.chats > 0 || r.proactive > 0),
    series,
    heatmap,
  };
}

export type TReport = Awaited<ReturnType<typeof getReport>>;

/** I2/E3: an agent's report beside the team's figures for the same period and filters. */
export async function getAgentReport(
  db: Db,
  viewer: TStatsViewer,
  query: TReportQuery & { agentId: string },
  now = Date.now(),
) {
  const agent = await db.user.findFirst({
    where: { id: query.agentId },
    select: { id: true, name: true, role: true },
  });
  if (!agent) throw notFound('Agent');
  if (viewer.role === 'agent' && agent.id !== viewer.userId)
    throw new AppError('forbidden', 'stats.own_only', 'Agents see only their own statistics');
  const report = await getReport(db, viewer, query, now);
  const { agentId: _agent, ...teamQuery } = query;
  // The team's figures are account-wide; an agent sees them as a yardstick, without the breakdowns.
  const team = await getReport(
    db,
    { ...viewer, role: viewer.role === 'agent' ? 'admin' : viewer.role },
    teamQuery,
    now,
  );
  return { agent: { id: agent.id, name: agent.name }, report, team: team.figures };
}
