import type { Db, DbProvider } from '@parley/db';
import { AppError, notFound } from '../../errors';
import { percentiles, SUM_COLUMNS, sumsBy, type TSqlFilter, type TSqlScope, type TSums } from './report-sql';
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
  /** Thumbs-scale ratings (Rating.scale = thumbs), apart from the 1–5 stars of ratingAvg. */
  thumbsUp: number;
  thumbsDown: number;
  /** Calls (call-facts.ts); null when a tag or status filter applies (calls are not chats). */
  callsAnswered: number | null;
  callsMissed: number | null;
  callDurationAvgMs: number | null;
  /** null when a tag or status filter applies (visits are not chats) or an agent is chosen. */
  visits: number | null;
  newVisits: number | null;
  pageViews: number | null;
}

const ratio = (sum: number, count: number) => (count > 0 ? Math.round(sum / count) : null);

function figures(s: TSums, withVisits: boolean, withCalls: boolean): TFigures {
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
    thumbsUp: s.thumbsUp,
    thumbsDown: s.thumbsDown,
    callsAnswered: withCalls ? s.callsAnswered : null,
    callsMissed: withCalls ? s.callsMissed : null,
    callDurationAvgMs:
      withCalls && s.callSecCount > 0 ? Math.round((s.callSecSum / s.callSecCount) * 1000) : null,
    visits: withVisits ? s.visits : null,
    newVisits: withVisits ? s.newVisits : null,
    pageViews: withVisits ? s.pageViews : null,
  };
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

/** What a report reads: the caller's scoped client and which database it is (for the SQL). */
export interface TStatsDeps {
  db: Db;
  provider: DbProvider;
}

const zero = (): TSums => Object.fromEntries(SUM_COLUMNS.map((c) => [c, 0])) as TSums;

function total(groups: Map<string, TSums>): TSums {
  const out = zero();
  for (const s of groups.values()) for (const c of SUM_COLUMNS) out[c] += s[c];
  return out;
}

export async function getReport(
  deps: TStatsDeps,
  viewer: TStatsViewer,
  query: TReportQuery,
  now = Date.now(),
) {
  const { db } = deps;
  const q = viewerQuery(viewer, query);
  await checkFilters(db, q);
  const state = await db.statState.findUnique({
    where: { accountId: viewer.accountId },
    select: { timeZone: true },
  });
  const timeZone = state?.timeZone ?? 'UTC';
  if (q.preset === 'custom' && (!q.from || !q.to || q.from > q.to))
    throw new AppError('bad_request', 'stats.period_invalid', 'Choose a start date before the end date', {
      from: 'stats.period_invalid',
    });
  const { current, previous } = resolvePeriod(timeZone, q, now);
  if (current.days > MAX_DAYS)
    throw new AppError('bad_request', 'stats.period_too_long', 'A report covers at most 366 days', {
      to: 'stats.period_too_long',
    });
  const scope: TSqlScope = { db, provider: deps.provider, accountId: viewer.accountId };
  const filter = (p: TPeriod): TSqlFilter => ({
    start: p.start,
    end: p.end,
    channelId: q.channelId,
    agentId: q.agentId,
    tagId: q.tagId,
    statusId: q.statusId,
  });
  const withVisits = !q.tagId && !q.statusId && !q.agentId;
  const withCalls = !q.tagId && !q.statusId;
  // One statement at a time: SQLite has one connection, and PostgreSQL answers these in a few ms.
  const byHour = await sumsBy(scope, filter(current), 'hour');
  const byChannel = await sumsBy(scope, filter(current), 'channelId');
  const byAgent = await sumsBy(scope, filter(current), 'agentId');
  const previousSums = (await sumsBy(scope, filter(previous), null)).get('') ?? zero();
  const pct = await percentiles(scope, filter(current));
  const sums = total(byHour);
  const ratings = [sums.rating1, sums.rating2, sums.rating3, sums.rating4, sums.rating5];
  const [channels, agents] = await Promise.all([
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
      .filter(([, s]) => s.chats + s.offline + s.proactive + s.visits + s.callsAnswered + s.callsMissed > 0)
      .map(([id, s]) => ({
        id: id as T,
        name: id ? (names.get(id) ?? null) : null,
        ...figures(s, withV, withCalls),
      }))
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
    figures: { ...figures(sums, withVisits, withCalls), ...pct, ratings },
    previous: figures(previousSums, withVisits, withCalls),
    byChannel: rows(byChannel, channelName, withVisits),
    byAgent: rows(byAgent, agentName, false).filter(
      (r) => r.chats > 0 || r.proactive > 0 || (r.callsAnswered ?? 0) > 0,
    ),
    series,
    heatmap,
  };
}

export type TReport = Awaited<ReturnType<typeof getReport>>;

/** I2/E3: an agent's report beside the team's figures for the same period and filters. */
export async function getAgentReport(
  deps: TStatsDeps,
  viewer: TStatsViewer,
  query: TReportQuery & { agentId: string },
  now = Date.now(),
) {
  const agent = await deps.db.user.findFirst({
    where: { id: query.agentId },
    select: { id: true, name: true, role: true },
  });
  if (!agent) throw notFound('Agent');
  if (viewer.role === 'agent' && agent.id !== viewer.userId)
    throw new AppError('forbidden', 'stats.own_only', 'Agents see only their own statistics');
  const report = await getReport(deps, viewer, query, now);
  const { agentId: _agent, ...teamQuery } = query;
  // The team's figures are account-wide; an agent sees them as a yardstick, without the breakdowns.
  const team = await getReport(
    deps,
    { ...viewer, role: viewer.role === 'agent' ? 'admin' : viewer.role },
    teamQuery,
    now,
  );
  return { agent: { id: agent.id, name: agent.name }, report, team: team.figures };
}
