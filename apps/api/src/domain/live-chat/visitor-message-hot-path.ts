import type { Database } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError } from '../../errors';
import { type LiveEventInput, publishStored, storedPayload } from '../../live/events';
import type { ClientInfo } from '../sessions';
import { matchBan } from './ban-lookup';
import { messageRowOf, newTextMessage, takenChatMessageEvents } from './hot-path-message';
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
 * A visitor's text message in a chat an agent has taken, on the hot path's SQL: one read (open
 * conversation with its agents, an earlier message with this clientId, the bans), then the message,
 * the conversation's `lastMessageAt` and its two events, in one transaction. The same checks and in
 * the same order as the Prisma path (resend, rate limit, ban); anything else — no open chat, nobody
 * in it yet (a chat request with its summary) — is left to that path (`handled: false`).
 */
/** What the transaction decided: a message to return, and the events to publish after the commit. */
type Decided = { send: HotPathVisitorSend; events: LiveEventInput[] };
const notHandled: Decided = { send: { handled: false }, events: [] };

export async function sendInTakenChat(
  deps: VisitorMessageHotPathDeps,
  visitor: VisitorAuth,
  input: { clientId: string; body: string },
  client: ClientInfo,
  limits: { messages: { take(key: string): boolean }; rateLimited: () => AppError },
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
      if (!c?.assigneeId || c.participantIds.length === 0) return { result: notHandled };
      if (!limits.messages.take(visitorId)) throw limits.rateLimited();
      if (matchBan(state.bans, visitorId, client.ip))
        throw new AppError('forbidden', 'widget.banned', 'Chat is not available');
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
