import type { DbTx } from '@parley/db';
import type { Emit } from '../../live/events';
import { CONSOLE_TOPIC } from './constants';
import { onlineAgentsOf } from './routing';
import { messageInclude, summarize, toChatMessage } from './views';

/**
 * B4: an agent who comes online (or back from away) while chats wait in the Inbox is asked about
 * them like an agent who was online when they arrived: one `chat.request` each, to them alone, for
 * the chats of channels they serve, while they are below their chat limit. Oldest first, as the
 * Inbox lists them; each card shows the visitor's latest message.
 */
export async function requestWaitingChats(tx: DbTx, emit: Emit, accountId: string, userId: string) {
  const waiting = await tx.conversation.findMany({
    where: { accountId, kind: 'visitor', status: 'open', assigneeId: null, channelId: { not: null } },
    orderBy: { startedAt: 'asc' },
    select: { id: true, channelId: true },
  });
  const askable: string[] = [];
  const byChannel = new Map<string, boolean>();
  for (const c of waiting) {
    if (!c.channelId) continue;
    let mine = byChannel.get(c.channelId);
    if (mine === undefined) {
      mine = (await onlineAgentsOf(tx, accountId, c.channelId)).includes(userId);
      byChannel.set(c.channelId, mine);
    }
    if (mine) askable.push(c.id);
  }
  if (askable.length === 0) return;
  const summaries = await summarize(tx, accountId, askable);
  for (const conversation of summaries) {
    const last = await tx.message.findFirst({
      where: { accountId, conversationId: conversation.id, authorType: 'visitor' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      include: messageInclude,
    });
    if (!last) continue;
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'chat.request', conversation, message: toChatMessage(last) },
      audience: [userId],
    });
  }
}
