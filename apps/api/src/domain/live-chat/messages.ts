import type { DbTx } from '@parley/db';
import type { Emit } from '../../live/events';
import { CONSOLE_TOPIC, visitorTopic } from './constants';
import { conversationAudience, messageAudience, onlineAgentsOf } from './routing';
import type { MessageTranslation } from './translation-meta';
import {
  authorInclude,
  type ChatMessage,
  type GifInfo,
  getMessage,
  type MessageRow,
  type SystemInfo,
  summarizeOne,
  toChatMessage,
  widgetView,
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
  author:
    | { type: 'visitor'; visitorId: string }
    | { type: 'agent'; userId: string }
    | { type: 'system' }
    /** J7: an integration's bot (the REST API): stored as an agent message with no user, named in meta. */
    | { type: 'bot'; name: string };
  body: string;
  clientId?: string | null;
  /** The provider's id, for messages that came from or went to another channel. */
  externalId?: string | null;
  deliveryStatus?: 'pending' | 'sent';
  system?: SystemInfo;
  /** C7: the translation made before sending (agent messages; see translation.ts). */
  translation?: MessageTranslation | null;
  /** C11/C8: a file or GIF message instead of text (built in attachments.ts). */
  media?: MessageMedia;
}

/**
 * Stores a message in the caller's transaction and emits it to the console and to the visitor's
 * widget. Callers check permissions and idempotency first.
 *
 * `announceConversation: false` skips the `conversation` event: for plain chat messages the console
 * derives the list preview, order and unread count from the `message` event itself (same audience),
 * which spares the summary's dozen queries on the hottest path (held to a statement budget by
 * test/hot-path.integration.test.ts). Messages that come with a change of state (joined, transferred,
 * closed) keep it.
 */
export async function postMessage(
  tx: DbTx,
  emit: Emit,
  input: PostMessage,
  options: { announceConversation?: boolean } = {},
): Promise<ChatMessage> {
  const meta = {
    ...(input.system ? { system: { ...input.system } } : {}),
    ...(input.translation ? { translation: { ...input.translation } } : {}),
    ...(input.media?.gif ? { gif: { ...input.media.gif } } : {}),
    ...(input.author.type === 'bot' ? { bot: { name: input.author.name } } : {}),
  };
  const data = {
    accountId: input.accountId,
    conversationId: input.conversationId,
    // A bot writes on the agents' side: delivered, counted and sent out through channels as theirs.
    authorType: input.author.type === 'bot' ? ('agent' as const) : input.author.type,
    authorUserId: input.author.type === 'agent' ? input.author.userId : null,
    authorVisitorId: input.author.type === 'visitor' ? input.author.visitorId : null,
    kind: input.system ? ('system' as const) : (input.media?.kind ?? ('text' as const)),
    body: input.body,
    clientId: input.clientId ?? null,
    externalId: input.externalId ?? null,
    deliveryStatus: input.deliveryStatus ?? 'sent',
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
  const row = await createMessage(tx, input, data);
  const conversation = await tx.conversation.update({
    where: { id: input.conversationId },
    data: { lastMessageAt: row.createdAt },
    select: { id: true, channelId: true },
  });
  const message = toChatMessage(row);
  const audience = await messageAudience(tx, conversation);
  await emit({ topic: CONSOLE_TOPIC, data: { type: 'message', message }, ...(audience ? { audience } : {}) });
  await emit({
    topic: visitorTopic(input.visitorId),
    data: { type: 'message', message: widgetView(message) },
  });
  if (options.announceConversation !== false) {
    await emitConversation(tx, emit, input.accountId, input.conversationId);
  }
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
  /**
   * The open conversation this message answers, when the channel knows it (an email reply naming
   * one of its messages): it joins that one even when another address of the thread sent it.
   */
  conversationId?: string;
  subject?: string | null;
  origin?: string;
  media?: MessageMedia;
  /**
   * J6: called (in the transaction) only when this message starts a NEW conversation, so the plan's
   * monthly conversation limit costs nothing on a message in an existing one. Throws to refuse.
   */
  beforeNewConversation?: (tx: DbTx) => Promise<void>;
}

/**
 * A message from a visitor or contact, on any channel: it joins their open conversation (or the
 * one of its thread), or starts one; while nobody has taken the chat it is a chat request (B4)
 * for the online agents serving the channel.
 */
export async function receiveFromVisitor(tx: DbTx, emit: Emit, input: VisitorMessage): Promise<ChatMessage> {
  let conversation = input.conversationId
    ? await tx.conversation.findFirst({
        where: {
          id: input.conversationId,
          accountId: input.accountId,
          channelId: input.channelId,
          status: 'open',
          kind: 'visitor',
        },
      })
    : null;
  conversation ??= await tx.conversation.findFirst({
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
  if (!conversation && input.beforeNewConversation) await input.beforeNewConversation(tx);
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
  const message = await postMessage(
    tx,
    emit,
    {
      accountId: input.accountId,
      conversationId: conversation.id,
      // The conversation's contact gets the widget event; the author may be another address of it.
      visitorId: conversation.visitorId ?? input.visitorId,
      author: { type: 'visitor', visitorId: input.visitorId },
      body: input.body,
      clientId: input.clientId ?? null,
      externalId: input.externalId ?? null,
      ...(input.media ? { media: input.media } : {}),
    },
    // An unanswered chat's card is refreshed by the chat.request below.
    { announceConversation: false },
  );
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

/**
 * Inserts the message and returns it with what the views need, reading no more than that: a file
 * message re-reads itself with its attachments, an agent's brings its author, a visitor's or a
 * system message needs nothing more than the inserted row (the hot path, held to a statement budget).
 */
async function createMessage(
  tx: DbTx,
  input: PostMessage,
  data: Parameters<DbTx['message']['create']>[0]['data'],
): Promise<MessageRow> {
  if (input.media?.attachmentIds?.length) {
    const created = await tx.message.create({ data });
    await tx.attachment.updateMany({
      where: { id: { in: input.media.attachmentIds }, accountId: input.accountId, messageId: null },
      data: { messageId: created.id, conversationId: input.conversationId },
    });
    return getMessage(tx, input.accountId, created.id);
  }
  const created = await tx.message.create({ data });
  if (input.author.type !== 'agent') return { ...created, authorUser: null };
  // Two statements; `create` with an include would re-read the message as well.
  const authorUser = await tx.user.findUnique({
    where: { id: input.author.userId },
    select: authorInclude.authorUser.select,
  });
  return { ...created, authorUser };
}
