import { notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { visitorTopic } from './constants';
import { postMessage } from './messages';
import type { VisitorAuth } from './visitor-auth';
import type { WidgetDeps } from './widget-deps';

/**
 * G7: the visitor ends their open chat from the widget. The agents see a system line and the chat
 * closes on both sides; the widget then asks for a rating. Ending a chat that already ended is a no-op.
 */
export async function visitorEndChat(deps: WidgetDeps, visitor: VisitorAuth, conversationId: string) {
  const c = await deps.db.conversation.findFirst({
    where: {
      id: conversationId,
      accountId: visitor.accountId,
      visitorId: visitor.visitorId,
      kind: 'visitor',
    },
  });
  if (!c) throw notFound('Conversation');
  if (c.status === 'closed') return { ok: true as const };
  await withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    const { count } = await tx.conversation.updateMany({
      where: { id: c.id, status: { not: 'closed' } },
      data: { status: 'closed', closedAt: new Date() },
    });
    if (count === 0) return;
    await postMessage(tx, emit, {
      accountId: visitor.accountId,
      conversationId: c.id,
      visitorId: visitor.visitorId,
      author: { type: 'system' },
      body: 'The visitor ended the chat',
      system: { event: 'closed' },
    });
    await emit({
      topic: visitorTopic(visitor.visitorId),
      data: { type: 'conversation.closed', conversationId: c.id },
    });
  });
  return { ok: true as const };
}
