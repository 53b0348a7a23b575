import type { DbTx } from '@parley/db';
import type { Emit } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import { conversationAudience } from './routing';
import {
  type ChatMessage,
  getMessage,
  type SystemInfo,
  summarizeOne,
  toChatMessage,
  toWidgetMessage,
} from './views';

export interface PostMessage {
  accountId: string;
  conversationId: string;
  visitorId: string;
  author: { type: 'visitor'; visitorId: string } | { type: 'agent'; userId: string } | { type: 'system' };
  body: string;
  clientId?: string | null;
  system?: SystemInfo;
}

/**
 * Stores a message in the caller's transaction and emits it to the console and to the visitor's
 * widget. Callers check permissions and idempotency first.
 */
export async function postMessage(tx: DbTx, emit: Emit, input: PostMessage): Promise<ChatMessage> {
  const row = await tx.message.create({
    data: {
      accountId: input.accountId,
      conversationId: input.conversationId,
      authorType: input.author.type,
      authorUserId: input.author.type === 'agent' ? input.author.userId : null,
      authorVisitorId: input.author.type === 'visitor' ? input.author.visitorId : null,
      kind: input.system ? 'system' : 'text',
      body: input.body,
      clientId: input.clientId ?? null,
      ...(input.system ? { meta: { system: { ...input.system } } } : {}),
    },
  });
  await tx.conversation.update({
    where: { id: input.conversationId },
    data: { lastMessageAt: row.createdAt },
  });
  const full = await getMessage(tx, input.accountId, row.id);
  const message = toChatMessage(full);
  const audience = await conversationAudience(tx, input.conversationId);
  await emit({ topic: CONSOLE_TOPIC, data: { type: 'message', message }, ...(audience ? { audience } : {}) });
  await emit({
    topic: visitorTopic(input.visitorId),
    data: { type: 'message', message: toWidgetMessage(full) },
  });
  await emitConversation(tx, emit, input.accountId, input.conversationId);
  return message;
}

export async function emitConversation(tx: DbTx, emit: Emit, accountId: string, conversationId: string) {
  const conversation = await summarizeOne(tx, accountId, conversationId);
  const audience = await conversationAudience(tx, conversationId);
  await emit({
    topic: CONSOLE_TOPIC,
    data: { type: 'conversation', conversation },
    ...(audience ? { audience } : {}),
  });
  return conversation;
}
