import { z } from 'zod';
import type { ChatMessage, WidgetMessage } from '../domain/live-chat/views';

/**
 * A message as the console (ChatMessage) and the widget (WidgetMessage) receive it, as zod: the
 * output of the send procedures, and what an OpenAPI document would publish. The domain's interfaces
 * (domain/live-chat/views.ts) stay the source; the checks at the end keep the two the same.
 */
const ZAgentBrief = z.object({ id: z.string(), name: z.string(), avatarUrl: z.string().nullable() });

const ZMessageBase = z.object({
  id: z.string(),
  conversationId: z.string(),
  clientId: z.string().nullable(),
  author: z.enum(['visitor', 'agent', 'system']),
  agent: ZAgentBrief.nullable(),
  body: z.string(),
  createdAt: z.string(),
  system: z
    .object({
      event: z.enum(['joined', 'left', 'closed', 'started', 'transferred', 'call']),
      name: z.string().optional(),
      userId: z.string().optional(),
      call: z
        .object({
          id: z.string(),
          outcome: z.enum(['answered', 'missed', 'declined', 'failed']),
          durationSec: z.number().nullable(),
          ringingMs: z.number().nullable(),
        })
        .optional(),
    })
    .optional(),
  edited: z.object({ at: z.string(), original: z.string().nullable() }).optional(),
  sender: z.object({ name: z.string().nullable(), address: z.string() }).optional(),
  bot: z.object({ name: z.string() }).optional(),
  attachments: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        mimeType: z.string(),
        size: z.number(),
        image: z.boolean(),
        width: z.number().nullable(),
        height: z.number().nullable(),
        url: z.string(),
      }),
    )
    .optional(),
  gif: z
    .object({
      url: z.string(),
      previewUrl: z.string(),
      width: z.number(),
      height: z.number(),
      provider: z.string(),
      title: z.string(),
    })
    .optional(),
});

export const ZWidgetMessage = ZMessageBase;

export const ZChatMessage = ZMessageBase.extend({
  kind: z.enum(['text', 'system', 'note', 'file', 'gif']),
  translation: z
    .object({
      status: z.enum(['translated', 'failed', 'same']),
      from: z.string().nullable(),
      to: z.string(),
      text: z.string().optional(),
      error: z.enum(['timeout', 'provider', 'no_translator', 'unknown_language']).optional(),
    })
    .optional(),
  delivery: z
    .object({
      status: z.enum(['pending', 'retrying', 'sent', 'failed', 'delivered', 'read']),
      error: z.string().nullable(),
    })
    .optional(),
});

/** Compiles only when A and B accept the same values (optional fields compared without `undefined`). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Defined<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
const sameChatMessage: Same<Defined<z.output<typeof ZChatMessage>>, Defined<ChatMessage>> = true;
const sameWidgetMessage: Same<Defined<z.output<typeof ZWidgetMessage>>, Defined<WidgetMessage>> = true;
void sameChatMessage;
void sameWidgetMessage;
