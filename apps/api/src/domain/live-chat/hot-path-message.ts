import { type Prisma, type StoredMessage, uuid7 } from '@parley/db';
import type { LiveEventInput } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import { type ChatMessage, type MessageRow, toChatMessage, widgetView } from './views';

/** A text message the hot path is about to insert, as stored (Prisma's defaults filled in). */
export function newTextMessage(fields: {
  accountId: string;
  conversationId: string;
  authorType: 'visitor' | 'agent';
  authorUserId: string | null;
  authorVisitorId: string | null;
  body: string;
  clientId: string;
}): StoredMessage {
  const createdAt = new Date();
  return {
    ...fields,
    id: uuid7(createdAt.getTime()),
    kind: 'text',
    meta: null,
    externalId: null,
    deliveryStatus: 'sent',
    deliveryError: null,
    createdAt,
    editedAt: null,
    deletedAt: null,
  };
}

export function messageRowOf(
  message: StoredMessage,
  authorUser: MessageRow['authorUser'] = null,
): MessageRow {
  return { ...message, meta: message.meta as Prisma.JsonValue, authorUser };
}

/**
 * The events of a chat message in a conversation agents are in, as `postMessage` emits them without
 * the conversation summary: to the agents in it, and to the conversation's visitor.
 */
export function takenChatMessageEvents(
  message: ChatMessage,
  visitorId: string,
  agentIds: string[],
): LiveEventInput[] {
  return [
    { topic: CONSOLE_TOPIC, data: { type: 'message', message }, audience: agentIds },
    { topic: visitorTopic(visitorId), data: { type: 'message', message: widgetView(message) } },
  ];
}

export { toChatMessage };
