import { z } from 'zod';
import { API_SCOPES } from '../domain/api-tokens/tokens';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhooks/events';

/**
 * The public REST API's contract (docs/api.md): what each endpoint answers, parsed on the way out so
 * an answer carries these fields and no others, and the source of the OpenAPI document.
 */

export const ZScope = z.enum(API_SCOPES).meta({ id: 'Scope' });

export const ZError = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable, dotted error code (docs/api.md lists them)' }),
      message: z.string().meta({ description: 'Human-readable, in the language asked by Accept-Language' }),
      fieldErrors: z.record(z.string(), z.string()).optional(),
      details: z
        .record(z.string(), z.union([z.string(), z.number()]))
        .optional()
        .meta({
          description:
            'Facts about the failure: `plan.limit_reached` has `limit`, `max`, `used`; `plan.feature_unavailable` has `feature`',
        }),
    }),
  })
  .meta({ id: 'Error' });

const ZTagRef = z.object({ id: z.string(), name: z.string(), color: z.string().nullable() });
export const ZTag = ZTagRef.meta({ id: 'Tag' });

const ZAuthor = z.enum(['visitor', 'agent', 'system']);

export const ZConversation = z
  .object({
    id: z.string(),
    channel: z.object({ id: z.string(), name: z.string() }),
    status: z.enum(['open', 'closed']),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    agentIds: z.array(z.string()),
    visitor: z.object({
      id: z.string(),
      number: z.number(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      city: z.string().nullable(),
      country: z.string().nullable(),
      online: z.boolean(),
    }),
    subject: z.string().nullable(),
    offline: z.boolean(),
    tags: z.array(ZTagRef),
    startedAt: z.string().meta({ format: 'date-time' }),
    lastMessageAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'Conversation' });

export const ZConversationPage = z
  .object({ items: z.array(ZConversation), nextCursor: z.string().nullable() })
  .meta({ id: 'ConversationPage' });

export const ZMessage = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    clientId: z.string().nullable(),
    author: ZAuthor,
    agent: z.object({ id: z.string(), name: z.string() }).nullable(),
    bot: z
      .object({ name: z.string() })
      .optional()
      .meta({ description: "Sent by an integration's bot (author agent, agent null)" }),
    kind: z.enum(['text', 'system', 'note', 'file', 'gif']),
    body: z.string(),
    createdAt: z.string().meta({ format: 'date-time' }),
    delivery: z
      .object({
        status: z.enum(['pending', 'retrying', 'sent', 'failed', 'delivered', 'read']),
        error: z.string().nullable(),
      })
      .optional(),
  })
  .meta({ id: 'Message' });

export const ZMessagePage = z
  .object({
    messages: z.array(ZMessage).meta({ description: 'Oldest first' }),
    hasMore: z.boolean().meta({ description: 'Older messages exist: ask again with before=<first id>' }),
  })
  .meta({ id: 'MessagePage' });

export const ZContact = z
  .object({
    id: z.string(),
    number: z.number(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    online: z.boolean(),
    status: z.object({ id: z.string(), name: z.string(), color: z.string().nullable() }).nullable(),
    tags: z.array(ZTagRef),
    conversations: z.number().meta({ description: 'How many conversations the contact has had' }),
    firstSeenAt: z.string().meta({ format: 'date-time' }),
    lastSeenAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'Contact' });

export const ZContactPage = z
  .object({ items: z.array(ZContact), nextCursor: z.string().nullable() })
  .meta({ id: 'ContactPage' });

export const ZOk = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

export const ZTokenInfo = z
  .object({ tokenId: z.string(), accountId: z.string(), userId: z.string(), scopes: z.array(ZScope) })
  .meta({ id: 'TokenInfo' });

// Inputs (query strings arrive as text; bodies are JSON).

const ZIdParam = z.string().min(1).max(100);
export const ZConversationListQuery = z.object({
  cursor: z.string().regex(/^\d+$/).max(10).optional().meta({ description: 'nextCursor of the page before' }),
  status: z.enum(['open', 'closed']).optional(),
  q: z.string().max(200).optional().meta({ description: 'Full-text search in messages' }),
  channelId: ZIdParam.optional(),
  agentId: ZIdParam.optional(),
  tagId: ZIdParam.optional(),
  from: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .optional()
    .meta({ description: 'Started on or after (ISO date or date-time)' }),
  to: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .optional()
    .meta({ description: 'Started on or before (ISO date or date-time)' }),
});
export const ZMessageListQuery = z.object({
  before: ZIdParam.optional().meta({ description: 'A message id: the page of messages before it' }),
});
export const ZAssignBody = z.object({
  agentId: ZIdParam.meta({ description: 'The agent who takes over the conversation' }),
  comment: z.string().max(1000).optional(),
});
export const ZSendBody = z.object({
  body: z.string().min(1).max(10_000),
  clientId: z.string().min(8).max(64).optional().meta({
    description: 'Your id for this message: sending it again with the same id does not duplicate it',
  }),
  asAgentId: ZIdParam.optional().meta({
    description: "The agent the message is sent as (of the token's account); default: the token's creator",
  }),
  sender: z
    .object({ type: z.literal('bot'), name: z.string().min(1).max(60) })
    .optional()
    .meta({
      description:
        'Send as a named bot instead of an agent (scope messages:bot instead of messages:write); not with asAgentId',
    }),
});
export const ZContactListQuery = z.object({
  q: z.string().max(200).optional().meta({ description: 'Search name, email, phone and number' }),
  tagId: ZIdParam.optional(),
  cursor: ZIdParam.optional(),
});
export const ZContactBody = z.object({
  name: z.string().max(200).nullish(),
  email: z.string().max(254).nullish(),
  phone: z.string().max(40).nullish(),
});
export const ZTagBody = z.object({
  name: z.string().min(1).max(40),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullish(),
});
export const ZConversationTagBody = z.object({
  name: z
    .string()
    .min(1)
    .max(40)
    .meta({ description: 'The tag, created when the account has none by this name' }),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullish(),
});

// Webhooks (docs/webhooks.md): the console's Manage → Webhooks over REST.

const ZWebhookEvent = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: 'WebhookEventType' });

export const ZWebhookEndpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(ZWebhookEvent),
    enabled: z.boolean(),
    disabledReason: z
      .string()
      .nullable()
      .meta({ description: 'Why Parley turned it off (after days of failures)' }),
    failingSince: z.string().nullable().meta({ format: 'date-time' }),
    createdAt: z.string().meta({ format: 'date-time' }),
    updatedAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'WebhookEndpoint' });

export const ZWebhookList = z
  .object({
    items: z.array(ZWebhookEndpoint),
    eventTypes: z.array(ZWebhookEvent).meta({ description: 'Every event an endpoint may choose' }),
  })
  .meta({ id: 'WebhookEndpointList' });

export const ZWebhookWithSecret = z
  .object({
    endpoint: ZWebhookEndpoint,
    secret: z
      .string()
      .nullable()
      .meta({ description: 'The signing secret (whsec_…): shown when created or when a new URL rotated it' }),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const ZWebhookSecret = z.object({ secret: z.string() }).meta({ id: 'WebhookSecret' });

export const ZWebhookDelivery = z
  .object({
    id: z.string().meta({ description: 'Also the webhook-id header the receiver saw' }),
    endpointId: z.string(),
    type: z.string(),
    status: z.string().meta({ description: 'pending, delivered or failed' }),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable().meta({ format: 'date-time' }),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: z.string().nullable().meta({ format: 'date-time' }),
    deliveredAt: z.string().nullable().meta({ format: 'date-time' }),
    createdAt: z.string().meta({ format: 'date-time' }),
  })
  .meta({ id: 'WebhookDelivery' });

export const ZWebhookDeliveryPage = z
  .object({ items: z.array(ZWebhookDelivery), nextCursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveryPage' });

const ZWebhookEvents = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);
export const ZWebhookCreateBody = z.object({
  url: z.string().min(1).max(2000).meta({ description: 'https URL of your receiver' }),
  description: z.string().max(200).optional(),
  events: ZWebhookEvents,
});
export const ZWebhookUpdateBody = z.object({
  url: z.string().min(1).max(2000).optional().meta({ description: 'A new URL also gets a new secret' }),
  description: z.string().max(200).optional(),
  events: ZWebhookEvents.optional(),
  enabled: z.boolean().optional(),
});
export const ZDeliveryListQuery = z.object({
  cursor: ZIdParam.optional().meta({ description: 'nextCursor of the page before' }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional()
    .meta({ description: 'Deliveries a page, 1–100 (default 50)' }),
});
