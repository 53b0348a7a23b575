import type { Database } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { type LiveEventInput, publishStored, storedPayload } from '../../live/events';
import { messageRowOf, newTextMessage, takenChatMessageEvents } from './hot-path-message';
import { type ChatMessage, toChatMessage } from './views';

export interface AgentReplyHotPathDeps {
  database: Pick<Database, 'hotPath'>;
  bus: EventBus;
}

type Decided = { message: ChatMessage | null; events: LiveEventInput[] };
const notHandled: Decided = { message: null, events: [] };

/**
 * An agent's text reply in a visitor chat they are in, on the hot path's SQL: one read (the chat with
 * its agents, an earlier message with this clientId, the author, whether a plugin serves the
 * channel), then the message, `lastMessageAt`, the author's read mark and the two events, in one
 * transaction. The same refusals as the Prisma path (unknown chat, not in it, ended); a resend, a
 * plugin channel (outbound delivery) or a translated chat are left to that path (null).
 */
export async function replyInChat(
  deps: AgentReplyHotPathDeps,
  agent: { accountId: string; userId: string },
  input: { conversationId: string; clientId: string; body: string },
  refusals: { notYours: () => AppError },
): Promise<ChatMessage | null> {
  const { accountId, userId } = agent;
  const outcome = await deps.database.hotPath.agentMessage<Decided>(
    { accountId, conversationId: input.conversationId, userId, clientId: input.clientId },
    (state) => {
      const c = state.conversation;
      if (!c?.visitorId) throw notFound('Conversation');
      if (state.existing) return { result: notHandled };
      if (!c.participantIds.includes(userId)) throw refusals.notYours();
      if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
      if (c.viaPlugin || c.translateTo || !state.author) return { result: notHandled };
      const stored = newTextMessage({
        accountId,
        conversationId: c.id,
        authorType: 'agent',
        authorUserId: userId,
        authorVisitorId: null,
        body: input.body,
        clientId: input.clientId,
      });
      const message = toChatMessage(messageRowOf(stored, state.author));
      const events = takenChatMessageEvents(message, c.visitorId, c.participantIds);
      return {
        // Replying means I have read what came before.
        write: {
          message: stored,
          readBy: userId,
          events: events.map((e) => ({ topic: e.topic, payload: storedPayload(e) })),
        },
        result: { message, events },
      };
    },
  );
  const { message, events } = outcome.result;
  if (events.length > 0) await publishStored(deps.bus, accountId, events, outcome.eventIds);
  return message;
}
