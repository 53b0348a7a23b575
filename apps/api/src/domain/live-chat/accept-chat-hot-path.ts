import type { Database } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { type LiveEventInput, publishStored, storedPayload } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import { messageRowOf, newStoredMessage, visitorBriefOf } from './hot-path-message';
import { agentBrief, type ConversationSummary, toChatMessage, widgetView } from './views';

export interface AcceptChatHotPathDeps {
  database: Pick<Database, 'hotPath'>;
  bus: EventBus;
}

type Decided = { summary: ConversationSummary | null; events: LiveEventInput[] };
const notHandled: Decided = { summary: null, events: [] };

/**
 * Accepting a chat request (routing: the first agent to accept owns it) on the hot path's SQL, in one
 * transaction: one read (the chat with its agents and tags, the channel and its listed agents, me, the
 * visitor's latest visit, the newest message for the preview), then the assignee (only if still
 * nobody's: else `chat.already_taken`) with `lastMessageAt`, my participation, the "joined" system
 * message and its four events — what `acceptChat`'s Prisma path writes and emits, summary included.
 * The same refusals in the same order; an agent accepting a chat they already own is left to that
 * path (null), which only reads.
 */
export async function acceptInHotPath(
  deps: AcceptChatHotPathDeps,
  agent: { accountId: string; userId: string },
  conversationId: string,
  refusals: { notYours: () => AppError; taken: () => AppError },
): Promise<ConversationSummary | null> {
  const { accountId, userId } = agent;
  const outcome = await deps.database.hotPath.acceptChat<Decided>(
    { accountId, conversationId, userId, taken: refusals.taken },
    (state) => {
      const c = state.conversation;
      if (!c?.visitorId) throw notFound('Conversation');
      if (c.status !== 'open') throw new AppError('conflict', 'chat.closed', 'This chat has ended');
      if (c.assigneeId === userId || !state.agent || !state.visitor) return { result: notHandled };
      if (c.channelId && state.channelAgentIds.length > 0 && !state.channelAgentIds.includes(userId))
        throw refusals.notYours();
      // A chat someone else owns: the conditional update refuses it (`taken`), as on the Prisma path.
      const me = state.agent;
      const message = newStoredMessage({
        accountId,
        conversationId: c.id,
        authorType: 'system',
        authorUserId: null,
        authorVisitorId: null,
        kind: 'system',
        body: `${me.name} joined the chat`,
        meta: { system: { event: 'joined', name: me.name, userId: me.id } },
        clientId: null,
      });
      const chatMessage = toChatMessage(messageRowOf(message));
      const participantIds = c.participantIds.includes(userId)
        ? c.participantIds
        : [...c.participantIds, userId];
      // Who hears of the conversation (`conversationAudience`): the channel's listed agents and whoever
      // is in it; everyone when the channel lists nobody.
      const conversationAudience =
        c.channelId && state.channelAgentIds.length > 0
          ? [...new Set([...state.channelAgentIds, ...participantIds])]
          : undefined;
      const last = state.lastMessage;
      const summary: ConversationSummary = {
        id: c.id,
        channel: state.channel ?? { id: '', name: '' },
        status: 'open',
        assignee: { id: me.id, name: me.name },
        agentIds: participantIds,
        visitor: visitorBriefOf(state.visitor),
        invitationText: c.invitationText,
        subject: c.title,
        offline: c.origin === 'offline_form',
        translateTo: c.translateTo,
        tags: c.tags,
        lastMessage: last
          ? {
              body: last.body.slice(0, 300),
              author: last.authorType,
              agent: last.agent,
              createdAt: last.createdAt.toISOString(),
            }
          : null,
        // I have read it all now.
        unread: 0,
        startedAt: c.startedAt.toISOString(),
        lastMessageAt: chatMessage.createdAt,
      };
      const events: LiveEventInput[] = [
        { topic: visitorTopic(c.visitorId), data: { type: 'agent.joined', agent: agentBrief(me) } },
        { topic: CONSOLE_TOPIC, data: { type: 'message', message: chatMessage }, audience: participantIds },
        { topic: visitorTopic(c.visitorId), data: { type: 'message', message: widgetView(chatMessage) } },
        {
          topic: CONSOLE_TOPIC,
          data: { type: 'conversation', conversation: summary },
          ...(conversationAudience ? { audience: conversationAudience } : {}),
        },
      ];
      return {
        write: { message, events: events.map((e) => ({ topic: e.topic, payload: storedPayload(e) })) },
        result: { summary, events },
      };
    },
  );
  const { summary, events } = outcome.result;
  if (events.length > 0) await publishStored(deps.bus, accountId, events, outcome.eventIds);
  return summary;
}
