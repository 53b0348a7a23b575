import type { DbTx } from '@parley/db';
import type { Emit } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import { conversationAudience, onlineAgentsOf } from './routing';
import {
  type ChatMessage,
  type GifInfo,
  getMessage,
  type SystemInfo,
  summarizeOne,
  toChatMessage,
  toWidgetMessage,
} from './views';

export interface MessageMedia {
  kind: 'file' | 'gif';
  attachmentIds?: string[];
  gif?: GifInfo;
}

export interface PostMessage {
  accountId: string;
  conversationId: string;
  visitorId: string;
  author: { type: 'visitor'; visitorId: string } | { type: 'agent'; userId: string } | { type: 'system' };
  body: string;
  clientId?: string | null;
  /** The provider's id, for messages that came from or went to another channel. */
  externalId?: string | null;
  deliveryStatus?: 'pending' | 'sent';
  system?: SystemInfo;
  /** C11/C8: a file or GIF message instead of text (built in attachments.ts). */
  media?: MessageMedia;
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
      kind: input.system ? 'system' : (input.media?.kind ?? 'text'),
      body: input.body,
      clientId: input.clientId ?? null,
      externalId: input.externalId ?? null,
      deliveryStatus: input.deliveryStatus ?? 'sent',
      ...(input.system ? { meta: { system: { ...input.system } } } : {}),
      ...(input.media?.gif ? { meta: { gif: { ...input.media.gif } } } : {}),
    },
  });
  if (input.media?.attachmentIds?.length)
    await tx.attachment.updateMany({
      where: { id: { in: input.media.attachmentIds }, accountId: input.accountId, messageId: null },
      data: { messageId: row.id, conversationId: input.conversationId },
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

export interface VisitorMessage {
  accountId: string;
  channelId: string;
  visitorId: string;
  body: string;
  clientId?: string | null;
  externalId?: string | null;
  invitationText?: string | null;
  /** Provider thread (email): messages of another thread start another conversation. */
  threadId?: string | null;
  subject?: string | null;
  origin?: string;
  media?: MessageMedia;
}

/**
 * A message from a visitor or contact, on any channel: it joins their open conversation (or the
 * one of its thread), or starts one; while nobody has taken the chat it is a chat request (B4)
 * for the online agents serving the channel.
 */
export async function receiveFromVisitor(tx: DbTx, emit: Emit, input: VisitorMessage): Promise<ChatMessage> {
  let conversation = await tx.conversation.findFirst({
    where: {
      accountId: input.accountId,
      visitorId: input.visitorId,
      channelId: input.channelId,
      status: 'open',
      kind: 'visitor',
      ...(input.threadId ? { externalThreadId: input.threadId } : {}),
    },
    orderBy: { startedAt: 'desc' },
  });
  conversation ??= await tx.conversation.create({
    data: {
      accountId: input.accountId,
      channelId: input.channelId,
      visitorId: input.visitorId,
      invitationText: input.invitationText?.slice(0, 500) ?? null,
      externalThreadId: input.threadId ?? null,
      title: input.subject?.slice(0, 300) ?? null,
      ...(input.origin ? { origin: input.origin } : {}),
    },
  });
  const message = await postMessage(tx, emit, {
    accountId: input.accountId,
    conversationId: conversation.id,
    visitorId: input.visitorId,
    author: { type: 'visitor', visitorId: input.visitorId },
    body: input.body,
    clientId: input.clientId ?? null,
    externalId: input.externalId ?? null,
    ...(input.media ? { media: input.media } : {}),
  });
  if (!conversation.assigneeId) {
    const audience = await onlineAgentsOf(tx, input.accountId, input.channelId);
    const summary = await summarizeOne(tx, input.accountId, conversation.id);
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'chat.request', conversation: summary, message },
      audience,
    });
  }
  return message;
}
