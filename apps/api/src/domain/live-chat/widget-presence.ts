import { withLiveEvents } from '../../live/events';
import { VISIT_GAP_MS, VISITOR_ONLINE_MS } from './constants';
import { emitVisitor } from './emit-visitor';
import { emitConversation } from './messages';
import { forgetVisit, markPing, rememberVisit } from './visit-pings';
import type { VisitorAuth } from './visitor-auth';
import type { WidgetDeps } from './widget-deps';

/** Heartbeat from an open page; revives a visit the sweeper had ended (tab woke up). */
export async function visitorPing(deps: WidgetDeps, visitor: VisitorAuth) {
  if (markPing(deps, visitor.visitorId, visitor.channelId)) return;
  if (deps.database?.hotPath) {
    // The common case, a live visit, in one statement; an ended or missing one takes the path below.
    const at = Date.now();
    const visitId = await deps.database.hotPath.touchVisit({
      accountId: visitor.accountId,
      visitorId: visitor.visitorId,
      channelId: visitor.channelId,
      now: new Date(at),
    });
    if (visitId) {
      rememberVisit(deps, visitor.visitorId, visitor.channelId, visitId, at);
      return;
    }
  }
  const visit = await deps.db.visit.findFirst({
    where: { visitorId: visitor.visitorId, channelId: visitor.channelId },
    orderBy: { startedAt: 'desc' },
  });
  if (!visit) return;
  const now = Date.now();
  if (visit.endedAt && now - visit.lastActiveAt.getTime() > VISIT_GAP_MS) return;
  await withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    await tx.visit.update({ where: { id: visit.id }, data: { lastActiveAt: new Date(now), endedAt: null } });
    if (visit.endedAt) await emitVisitor(tx, emit, visitor.accountId, visitor.visitorId, visitor.channelId);
  });
  rememberVisit(deps, visitor.visitorId, visitor.channelId, visit.id, now);
}

/** The page closed (beacon): the visitor goes offline in a few seconds unless another tab pings. */
export async function visitorLeft(deps: WidgetDeps, visitor: VisitorAuth) {
  forgetVisit(deps, visitor.visitorId, visitor.channelId);
  await deps.db.visit.updateMany({
    where: { visitorId: visitor.visitorId, channelId: visitor.channelId, endedAt: null },
    data: { lastActiveAt: new Date(Date.now() - VISITOR_ONLINE_MS + 5_000) },
  });
}

/** Sweeper (scheduled once across processes): ends visits whose pages stopped pinging. */
export async function endStaleVisits(deps: WidgetDeps): Promise<number> {
  const cutoff = new Date(Date.now() - VISITOR_ONLINE_MS);
  const stale = await deps.db.visit.findMany({
    where: { endedAt: null, lastActiveAt: { lt: cutoff } },
    select: { id: true, accountId: true, visitorId: true, channelId: true, lastActiveAt: true },
    take: 500,
  });
  for (const visit of stale) {
    await withLiveEvents(deps, visit.accountId, async (tx, emit) => {
      const { count } = await tx.visit.updateMany({
        where: { id: visit.id, endedAt: null, lastActiveAt: { lt: cutoff } },
        data: { endedAt: visit.lastActiveAt },
      });
      if (count === 1) {
        forgetVisit(deps, visit.visitorId, visit.channelId);
        await tx.pageView.updateMany({
          where: { visitId: visit.id, leftAt: null },
          data: { leftAt: visit.lastActiveAt },
        });
        await emitVisitor(tx, emit, visit.accountId, visit.visitorId, visit.channelId);
        const open = await tx.conversation.findFirst({
          where: { visitorId: visit.visitorId, channelId: visit.channelId, status: 'open' },
          select: { id: true },
        });
        if (open) await emitConversation(tx, emit, visit.accountId, open.id);
      }
    });
  }
  return stale.length;
}
