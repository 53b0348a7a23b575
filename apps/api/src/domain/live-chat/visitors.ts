import type { Db } from '@parley/db';
import { VISITOR_ONLINE_MS } from './constants';
import { sourceKind } from './tracking';
import { toVisitorBrief } from './views';

/** F1: visitors whose pages are open now, on every site of the account. */
export async function listOnlineVisitors(db: Db, accountId: string) {
  const since = new Date(Date.now() - VISITOR_ONLINE_MS);
  const visits = await db.visit.findMany({
    where: { accountId, endedAt: null, lastActiveAt: { gte: since } },
    orderBy: { startedAt: 'desc' },
    take: 1000,
    include: {
      channel: { select: { id: true, name: true } },
      pageViews: { orderBy: { at: 'desc' }, take: 1 },
      visitor: {
        include: {
          conversations: {
            where: { status: 'open', kind: 'visitor' },
            select: { id: true, channelId: true },
            take: 5,
          },
        },
      },
    },
  });
  const seen = new Set<string>();
  const result = [];
  for (const visit of visits) {
    if (seen.has(visit.visitorId)) continue;
    seen.add(visit.visitorId);
    const { conversations, ...visitor } = visit.visitor;
    result.push({
      ...toVisitorBrief({ ...visitor, visits: [visit] }),
      channel: visit.channel,
      visitStartedAt: visit.startedAt.toISOString(),
      pagesThisVisit: visit.pageCount,
      visits: visitor.visitCount,
      source: sourceKind(visit),
      conversationId: conversations.find((c) => c.channelId === visit.channelId)?.id ?? null,
    });
  }
  return result;
}
