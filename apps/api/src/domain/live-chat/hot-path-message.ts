import { type Prisma, type StoredMessage, uuid7, type VisitorBriefRow } from '@parley/db';
import type { LiveEventInput } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import {
  type ChatMessage,
  type ConversationSummary,
  isOnline,
  type MessageRow,
  toChatMessage,
  type VisitorBrief,
  widgetView,
} from './views';

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
  return newStoredMessage({ ...fields, kind: 'text', meta: null });
}

/** Any message the hot path is about to insert (a system message carries its `meta`). */
export function newStoredMessage(
  fields: Pick<
    StoredMessage,
    | 'accountId'
    | 'conversationId'
    | 'authorType'
    | 'authorUserId'
    | 'authorVisitorId'
    | 'kind'
    | 'body'
    | 'meta'
    | 'clientId'
  >,
): StoredMessage {
  const createdAt = new Date();
  return {
    ...fields,
    id: uuid7(createdAt.getTime()),
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

/**
 * The events of a message in a chat no agent took yet, as `postMessage` emits them: to the agents in
 * it when there are any, else to whoever may take it (`messageAudience`: the channel's listed agents,
 * everyone when none are listed), and to the visitor.
 */
export function requestMessageEvents(
  message: ChatMessage,
  visitorId: string,
  participantIds: string[],
  channelAgentIds: string[],
): LiveEventInput[] {
  const audience =
    participantIds.length > 0 ? participantIds : channelAgentIds.length > 0 ? channelAgentIds : undefined;
  return [
    { topic: CONSOLE_TOPIC, data: { type: 'message', message }, ...(audience ? { audience } : {}) },
    { topic: visitorTopic(visitorId), data: { type: 'message', message: widgetView(message) } },
  ];
}

/** `toVisitorBrief` for the row the hot path reads. */
export function visitorBriefOf(v: VisitorBriefRow): VisitorBrief {
  const page = v.visit?.page;
  return {
    id: v.id,
    number: v.number,
    name: v.name,
    email: v.email,
    city: v.city,
    country: v.country,
    online: isOnline(v.visit ?? undefined),
    currentPage: page ? { url: page.url, title: page.title ?? '' } : null,
  };
}

/**
 * A conversation's summary as `summarize` builds it, from what the hot path read, for a chat nobody
 * took: no assignee, hence no reader and nothing unread; `message` is its newest.
 */
export function chatRequestSummary(input: {
  id: string;
  channel: { id: string; name: string } | null;
  participantIds: string[];
  translateTo: string | null;
  visitor: VisitorBriefRow;
  details: {
    invitationText: string | null;
    title: string | null;
    origin: string;
    startedAt: Date;
    tags: ConversationSummary['tags'];
  };
  message: ChatMessage;
}): ConversationSummary {
  const { details, message } = input;
  return {
    id: input.id,
    channel: input.channel ?? { id: '', name: '' },
    status: 'open',
    assignee: null,
    agentIds: input.participantIds,
    visitor: visitorBriefOf(input.visitor),
    invitationText: details.invitationText,
    subject: details.title,
    offline: details.origin === 'offline_form',
    translateTo: input.translateTo,
    tags: details.tags,
    lastMessage: {
      body: message.body.slice(0, 300),
      author: message.author,
      agent: message.agent ? { id: message.agent.id, name: message.agent.name } : null,
      createdAt: message.createdAt,
    },
    unread: 0,
    startedAt: details.startedAt.toISOString(),
    lastMessageAt: message.createdAt,
  };
}

export { toChatMessage };
