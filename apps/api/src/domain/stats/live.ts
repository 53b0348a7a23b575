import type { Db } from '@parley/db';

/**
 * The live dashboard: what is happening now, read from the current state (open visits, open
 * conversations, presence), not from the rollups.
 */
export async function getLiveDashboard(db: Db, now = Date.now()) {
  const [visitsByChannel, waiting, inProgress, agents, channels] = await Promise.all([
    db.visit.groupBy({ by: ['channelId'], where: { endedAt: null }, _count: { _all: true } }),
    db.conversation.findMany({
      where: { kind: 'visitor', status: 'open', assigneeId: null, origin: { not: 'offline_form' } },
      select: {
        id: true,
        channelId: true,
        startedAt: true,
        visitor: { select: { number: true, name: true } },
      },
      orderBy: { startedAt: 'asc' },
      take: 50,
    }),
    db.conversation.count({ where: { kind: 'visitor', status: 'open', assigneeId: { not: null } } }),
    db.user.groupBy({ by: ['presence'], where: { disabledAt: null }, _count: { _all: true } }),
    db.channel.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const presence = (p: 'online' | 'away' | 'offline') =>
    agents.find((a) => a.presence === p)?._count._all ?? 0;
  return {
    at: new Date(now).toISOString(),
    visitorsOnSite: visitsByChannel.reduce((n, v) => n + v._count._all, 0),
    visitorsByChannel: visitsByChannel.map((v) => ({
      channelId: v.channelId,
      name: names.get(v.channelId) ?? null,
      visitors: v._count._all,
    })),
    waiting: waiting.map((c) => ({
      conversationId: c.id,
      channelName: c.channelId ? (names.get(c.channelId) ?? null) : null,
      visitorName: c.visitor?.name ?? (c.visitor ? `#${c.visitor.number}` : null),
      waitingMs: Math.max(0, now - c.startedAt.getTime()),
    })),
    longestWaitMs: waiting[0] ? Math.max(0, now - waiting[0].startedAt.getTime()) : null,
    inProgress,
    agentsOnline: presence('online'),
    agentsAway: presence('away'),
    agentsOffline: presence('offline'),
  };
}
