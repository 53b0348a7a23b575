import type { CallView } from '../calls/views';
import type { ChatMessage, ConversationSummary } from '../live-chat/views';
import type { RatingView } from '../ratings/ratings';

/**
 * J7: the events an endpoint can subscribe to, and their public payloads (docs/webhooks.md). These
 * shapes are a promise to customers' systems: add fields, never rename or remove them. They are built
 * here from the internal events of the log, never passed through as they are.
 */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'conversation.assigned',
  'conversation.closed',
  'message.created',
  'visitor.updated',
  'call.ended',
  'rating.given',
] as const;
export type TWebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Sent only by "Send test event", whatever the endpoint subscribed to. */
export const TEST_EVENT_TYPE = 'webhook.test';

export interface TWebhookConversation {
  id: string;
  channelId: string;
  visitorId: string;
  status: 'open' | 'closed';
  assignee: { id: string; name: string } | null;
  startedAt: string;
}

export interface TWebhookMessage {
  id: string;
  conversationId: string;
  author: string;
  agent: { id: string; name: string } | null;
  /** J7: sent by an integration's bot (author `agent`, agent null); absent otherwise. */
  bot?: { name: string };
  kind: 'text' | 'file' | 'gif';
  body: string;
  createdAt: string;
  attachments: { id: string; name: string; mimeType: string; size: number }[];
}

export interface TWebhookVisitor {
  id: string;
  number: number;
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface TWebhookCall {
  id: string;
  conversationId: string | null;
  visitorId: string | null;
  channelId: string | null;
  kind: string;
  direction: string;
  status: string;
  agent: { id: string; name: string } | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
}

export interface TWebhookRating {
  conversationId: string;
  visitorId: string;
  agentId: string | null;
  scale: string;
  score: number;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of every webhook: `{ type, timestamp, data }` (the Standard Webhooks layout). */
export type TWebhookPayload =
  | {
      type: 'conversation.created' | 'conversation.assigned' | 'conversation.closed';
      timestamp: string;
      data: { conversation: TWebhookConversation };
    }
  | {
      type: 'message.created';
      timestamp: string;
      data: {
        message: TWebhookMessage;
        conversation: { id: string; channelId: string | null; visitorId: string | null };
      };
    }
  | { type: 'visitor.updated'; timestamp: string; data: { visitor: TWebhookVisitor } }
  | { type: 'call.ended'; timestamp: string; data: { call: TWebhookCall } }
  | { type: 'rating.given'; timestamp: string; data: { rating: TWebhookRating } }
  | { type: 'webhook.test'; timestamp: string; data: { endpointId: string; message: string } };

export const publicConversation = (c: ConversationSummary): TWebhookConversation => ({
  id: c.id,
  channelId: c.channel.id,
  visitorId: c.visitor.id,
  status: c.status,
  assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
  startedAt: c.startedAt,
});

/** Messages a customer's system cares about: what the visitor and agents wrote (not notes or system lines). */
export function publicMessage(m: ChatMessage): TWebhookMessage | null {
  if (m.kind !== 'text' && m.kind !== 'file' && m.kind !== 'gif') return null;
  return {
    id: m.id,
    conversationId: m.conversationId,
    author: m.author,
    agent: m.agent ? { id: m.agent.id, name: m.agent.name } : null,
    ...(m.bot ? { bot: { name: m.bot.name } } : {}),
    kind: m.kind,
    body: m.kind === 'gif' && m.gif ? m.gif.url : m.body,
    createdAt: m.createdAt,
    attachments: (m.attachments ?? []).map((a) => ({
      id: a.id,
      name: a.name,
      mimeType: a.mimeType,
      size: a.size,
    })),
  };
}

export const CALL_END_STATES = new Set(['ended', 'missed', 'declined', 'failed']);

export const publicCall = (c: CallView): TWebhookCall => ({
  id: c.id,
  conversationId: c.conversationId,
  visitorId: c.visitorId,
  channelId: c.channelId,
  kind: c.kind,
  direction: c.direction,
  status: c.status,
  agent: c.agent ? { id: c.agent.id, name: c.agent.name } : null,
  startedAt: c.startedAt,
  answeredAt: c.answeredAt,
  endedAt: c.endedAt,
  durationSec: c.durationSec,
});

export const publicRating = (r: RatingView): TWebhookRating => ({
  conversationId: r.conversationId,
  visitorId: r.visitorId,
  agentId: r.agentId,
  scale: r.scale,
  score: r.score,
  comment: r.comment,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
