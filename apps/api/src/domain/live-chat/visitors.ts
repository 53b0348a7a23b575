import type { Db, DbTx, Prisma } from '@parley/db';
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

export interface NewVisitor {
  accountId: string;
  channelId: string;
  /** How the channel knows them: a widget token digest, a Telegram chat id, an email address... */
  externalId: string;
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  locale?: string | null | undefined;
}

/** A visitor row with the account's next number (B5 "Client <N>"), inside the caller's transaction. */
export async function insertNumberedVisitor(
  tx: DbTx,
  input: Omit<NewVisitor, 'channelId' | 'externalId'>,
  /** Columns a caller already knows (a widget's first page load: its visit count, place, time). */
  known: Pick<
    Prisma.VisitorUncheckedCreateInput,
    'visitCount' | 'firstSeenAt' | 'lastSeenAt' | 'city' | 'country'
  > = {},
) {
  const account = await tx.account.update({
    where: { id: input.accountId },
    data: { visitorSeq: { increment: 1 } },
  });
  return tx.visitor.create({
    data: {
      accountId: input.accountId,
      number: account.visitorSeq,
      name: input.name?.slice(0, 100) ?? null,
      email: input.email?.toLowerCase().slice(0, 254) ?? null,
      phone: input.phone?.slice(0, 40) ?? null,
      locale: input.locale?.slice(0, 20) ?? null,
      ...known,
    },
  });
}

/** A new visitor with the account's next number and their identity on a channel. */
export async function createVisitorWithIdentity(db: Db, input: NewVisitor) {
  return db.$transaction(async (tx) => {
    const visitor = await insertNumberedVisitor(tx, input);
    return tx.visitorIdentity.create({
      data: {
        accountId: input.accountId,
        visitorId: visitor.id,
        channelId: input.channelId,
        externalId: input.externalId,
      },
    });
  });
}
