import type { Db } from '@parley/db';
import type { VisitorAuth } from './visitor-auth';

/** The visitor's open thread on a channel, if any. */
export async function openConversation(db: Db, visitor: VisitorAuth) {
  return db.conversation.findFirst({
    where: {
      accountId: visitor.accountId,
      visitorId: visitor.visitorId,
      channelId: visitor.channelId,
      status: 'open',
      kind: 'visitor',
    },
    orderBy: { startedAt: 'desc' },
  });
}
