import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC, VISIT_GAP_MS, VISITOR_ONLINE_MS } from './constants';
import { emitVisitor } from './emit-visitor';
import { emitConversation } from './messages';
import { visitorBriefs } from './views';
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

/**
 * Sweeper (scheduled once across processes): ends visits whose pages stopped pinging. One transaction
 * per account (not one per visit): a visit ends at its last sign of life, so the visits are ended in
 * one UPDATE per distinct `lastActiveAt` (pings are flushed with one time for all, so under load most
 * share it), and that UPDATE also requires `lastActiveAt` still to be that time, so a page that pinged
 * meanwhile stays live. The consoles hear of every ended visit (and its open chat) as before.
 */
export async function endStaleVisits(deps: WidgetDeps): Promise<number> {
  const cutoff = new Date(Date.now() - VISITOR_ONLINE_MS);
  const stale = await deps.db.visit.findMany({
    where: { endedAt: null, lastActiveAt: { lt: cutoff } },
    select: { id: true, accountId: true, visitorId: true, channelId: true, lastActiveAt: true },
    take: 500,
  });
  type Stale = (typeof stale)[number];
  const byAccount = new Map<string, Stale[]>();
  for (const visit of stale) {
    const list = byAccount.get(visit.accountId);
    if (list) list.push(visit);
    else byAccount.set(visit.accountId, [visit]);
  }
  for (const [accountId, visits] of byAccount) {
    await withLiveEvents(deps, accountId, async (tx, emit) => {
      const byTime = new Map<number, Stale[]>();
      for (const visit of visits) {
        const at = visit.lastActiveAt.getTime();
        const list = byTime.get(at);
        if (list) list.push(visit);
        else byTime.set(at, [visit]);
      }
      const ended: Stale[] = [];
      for (const group of byTime.values()) {
        const at = (group[0] as Stale).lastActiveAt;
        const ids = group.map((v) => v.id);
        const { count } = await tx.visit.updateMany({
          where: { id: { in: ids }, endedAt: null, lastActiveAt: at },
          data: { endedAt: at },
        });
        if (count === 0) continue;
        // Some pinged meanwhile (rare): which ones ended is read back.
        const endedIds =
          count === ids.length
            ? new Set(ids)
            : new Set(
                (
                  await tx.visit.findMany({
                    where: { id: { in: ids }, endedAt: at },
                    select: { id: true },
                  })
                ).map((v) => v.id),
              );
        await tx.pageView.updateMany({
          where: { visitId: { in: [...endedIds] }, leftAt: null },
          data: { leftAt: at },
        });
        for (const visit of group) if (endedIds.has(visit.id)) ended.push(visit);
      }
      if (ended.length === 0) return;
      for (const visit of ended) forgetVisit(deps, visit.visitorId, visit.channelId);
      const briefs = await visitorBriefs(tx, accountId, [...new Set(ended.map((v) => v.visitorId))]);
      for (const visit of ended) {
        const visitor = briefs.get(visit.visitorId);
        if (visitor)
          await emit({
            topic: CONSOLE_TOPIC,
            data: { type: 'visitor', visitor: { ...visitor, channelId: visit.channelId } },
          });
      }
      const open = await tx.conversation.findMany({
        where: { visitorId: { in: [...new Set(ended.map((v) => v.visitorId))] }, status: 'open' },
        select: { id: true, visitorId: true, channelId: true, startedAt: true },
        orderBy: { startedAt: 'asc' },
      });
      // As before: the visit's chat on its channel (the first one found, as findFirst did).
      const emitted = new Set<string>();
      for (const visit of ended) {
        const conversation = open.find(
          (c) => c.visitorId === visit.visitorId && c.channelId === visit.channelId,
        );
        if (!conversation || emitted.has(conversation.id)) continue;
        emitted.add(conversation.id);
        await emitConversation(tx, emit, accountId, conversation.id);
      }
    });
  }
  return stale.length;
}
