import { type ChatRequestContext, type Database, uuid7, type VisitorChatState } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError } from '../../errors';
import { type LiveEventInput, publishStored, storedPayload } from '../../live/events';
import type { ClientInfo } from '../sessions';
import { matchBan } from './ban-lookup';
import { CONSOLE_TOPIC } from './constants';
import {
  chatRequestSummary,
  messageRowOf,
  newTextMessage,
  requestMessageEvents,
  takenChatMessageEvents,
} from './hot-path-message';
import { toChatMessage, toWidgetMessage, type WidgetMessage, widgetView } from './views';
import type { VisitorAuth } from './visitor-auth';

export interface VisitorMessageHotPathDeps {
  database: Pick<Database, 'hotPath'>;
  bus: EventBus;
}

export type HotPathVisitorSend =
  | { handled: true; message: WidgetMessage; messageId: string; translate: boolean }
  | { handled: false };

/**
 * A visitor's text message on the hot path's SQL, in one transaction: one read (open conversation
 * with its agents, an earlier message with this clientId, the bans), then the message, the
 * conversation's `lastMessageAt` and its events. In a chat an agent has taken that is all; in a chat
 * nobody took yet, or with no open chat (which the message starts), it is a chat request (B4): a
 * second read brings what its summary and routing need (channel, its agents, who is online and free,
 * the visitor's latest visit), and a `chat.request` event goes to those agents. The same checks in
 * the same order as the Prisma path (`receiveFromVisitor`: resend, rate limit, ban); what is left to
 * that path (`handled: false`): an assignee with nobody in the chat any more.
 */
/** What the transaction decided: a message to return, and the events to publish after the commit. */
type Decided = { send: HotPathVisitorSend; events: LiveEventInput[] };
const notHandled: Decided = { send: { handled: false }, events: [] };

export async function sendInTakenChat(
  deps: VisitorMessageHotPathDeps,
  visitor: VisitorAuth,
  input: { clientId: string; body: string; invitationText?: string | null | undefined },
  client: ClientInfo,
  limits: {
    messages: { take(key: string): boolean };
    rateLimited: () => AppError;
    /**
     * J6: false when the account's plan counts new conversations; a message that would start one is
     * then left to the Prisma path, which checks the monthly limit (`admitConversation`).
     */
    mayStartConversation: boolean;
  },
): Promise<HotPathVisitorSend> {
  const { accountId, visitorId } = visitor;
  const outcome = await deps.database.hotPath.visitorMessage<Decided>(
    { accountId, visitorId, channelId: visitor.channelId, clientId: input.clientId, now: new Date() },
    (state) => {
      // A resend (reconnect, another tab): the stored one, and nothing else happens.
      if (state.existing) {
        const message = toWidgetMessage(messageRowOf(state.existing));
        return {
          result: {
            send: { handled: true, message, messageId: state.existing.id, translate: false },
            events: [],
          },
        };
      }
      const c = state.conversation;
      const request = state.request;
      if (!request && (!c?.assigneeId || c.participantIds.length === 0)) return { result: notHandled };
      if (!c && !limits.mayStartConversation) return { result: notHandled };
      if (!limits.messages.take(visitorId)) throw limits.rateLimited();
      if (matchBan(state.bans, visitorId, client.ip))
        throw new AppError('forbidden', 'widget.banned', 'Chat is not available');
      if (request) return chatRequest(visitor, input, c, request);
      if (!c) return { result: notHandled };
      const stored = newTextMessage({
        accountId,
        conversationId: c.id,
        authorType: 'visitor',
        authorUserId: null,
        authorVisitorId: visitorId,
        body: input.body,
        clientId: input.clientId,
      });
      const chatMessage = toChatMessage(messageRowOf(stored));
      const events = takenChatMessageEvents(chatMessage, c.visitorId ?? visitorId, c.participantIds);
      const message = widgetView(chatMessage);
      return {
        write: {
          message: stored,
          events: events.map((e) => ({ topic: e.topic, payload: storedPayload(e) })),
        },
        result: {
          send: { handled: true, message, messageId: stored.id, translate: c.translateTo !== null },
          events,
        },
      };
    },
  );
  const { send, events } = outcome.result;
  if (events.length > 0) await publishStored(deps.bus, accountId, events, outcome.eventIds);
  return send;
}

/** A message in a chat nobody took: it starts the conversation when none is open, and asks for an agent. */
function chatRequest(
  visitor: VisitorAuth,
  input: { clientId: string; body: string; invitationText?: string | null | undefined },
  open: VisitorChatState['conversation'],
  request: ChatRequestContext,
) {
  const { accountId, visitorId } = visitor;
  if (!request.visitor) return { result: notHandled };
  const conversationId = open?.id ?? uuid7();
  const stored = newTextMessage({
    accountId,
    conversationId,
    authorType: 'visitor',
    authorUserId: null,
    authorVisitorId: visitorId,
    body: input.body,
    clientId: input.clientId,
  });
  const chatMessage = toChatMessage(messageRowOf(stored));
  const participantIds = open?.participantIds ?? [];
  const invitationText = open ? null : (input.invitationText?.slice(0, 500) ?? null);
  const summary = chatRequestSummary({
    id: conversationId,
    channel: request.channel,
    participantIds,
    translateTo: open?.translateTo ?? null,
    visitor: request.visitor,
    details: request.conversation ?? {
      invitationText,
      title: null,
      origin: 'widget',
      startedAt: stored.createdAt,
      tags: [],
    },
    message: chatMessage,
  });
  const events: LiveEventInput[] = [
    ...requestMessageEvents(
      chatMessage,
      open?.visitorId ?? visitorId,
      participantIds,
      request.channelAgentIds,
    ),
    {
      topic: CONSOLE_TOPIC,
      data: { type: 'chat.request', conversation: summary, message: chatMessage },
      audience: request.onlineAgentIds,
    },
  ];
  return {
    write: {
      ...(open
        ? {}
        : {
            conversation: {
              id: conversationId,
              visitorId,
              channelId: visitor.channelId,
              invitationText,
            },
          }),
      message: stored,
      events: events.map((e) => ({ topic: e.topic, payload: storedPayload(e) })),
    },
    result: {
      send: {
        handled: true as const,
        message: widgetView(chatMessage),
        messageId: stored.id,
        translate: (open?.translateTo ?? null) !== null,
      },
      events,
    },
  };
}
