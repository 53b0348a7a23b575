import { withLiveEvents } from '../../live/events';
import { nameAgentsForVisitor } from './agent-names';
import { CONSOLE_TOPIC, HISTORY_PAGE } from './constants';
import { openConversation } from './open-conversation';
import { loadMessages, toWidgetMessage } from './views';
import type { VisitorAuth } from './visitor-auth';
import type { WidgetDeps } from './widget-deps';

export async function visitorRead(deps: WidgetDeps, visitor: VisitorAuth) {
  const conversation = await openConversation(deps.db, visitor);
  if (!conversation) return;
  const at = new Date();
  await withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    await tx.conversation.update({ where: { id: conversation.id }, data: { visitorReadAt: at } });
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'visitor.read', conversationId: conversation.id, at: at.toISOString() },
    });
  });
}

export async function visitorHistory(deps: WidgetDeps, visitor: VisitorAuth, before: string | undefined) {
  const conversation = await openConversation(deps.db, visitor);
  if (!conversation) return { messages: [], hasMore: false };
  const { rows, hasMore } = await loadMessages(deps.db, visitor.accountId, conversation.id, {
    before,
    limit: HISTORY_PAGE,
    forVisitor: true,
  });
  return nameAgentsForVisitor(deps.db, visitor, { messages: rows.map(toWidgetMessage), hasMore });
}
