import type { Attachment } from '@parley/integrations';
import { runInBackground } from '../../lib/background';
import { withLiveEvents } from '../../live/events';
import type { OutboundDeps } from '../live-chat/channel-outbox';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { bodyForVisitor } from '../live-chat/translation-meta';
import { botOf } from '../live-chat/views';

export type { OutboundDeps } from '../live-chat/channel-outbox';

/**
 * What of a message goes out: a file message carries its files and no text (its body is only the
 * file name); a GIF goes as its link, which Telegram, WhatsApp, Messenger and mail clients preview;
 * anything else is its text in the visitor's language.
 */
async function outboundContent(
  deps: OutboundDeps,
  message: { id: string; kind: string; authorType: string; body: string; meta: unknown },
): Promise<{ text: string; attachments?: Attachment[] }> {
  if (message.kind === 'gif') {
    const gif = (message.meta as { gif?: { url?: unknown } } | null)?.gif;
    return { text: typeof gif?.url === 'string' ? gif.url : message.body };
  }
  if (message.kind !== 'file') return { text: bodyForVisitor(message) };
  const rows = await deps.db.attachment.findMany({
    where: { messageId: message.id },
    orderBy: { createdAt: 'asc' },
  });
  const attachments: Attachment[] = [];
  for (const row of rows) {
    const data = await deps.files.get(row.storageKey);
    if (!data) throw new Error(`The file ${row.fileName} is no longer stored`);
    attachments.push({ fileName: row.fileName, mimeType: row.mimeType, data });
  }
  return { text: '', attachments };
}

async function setStatus(
  deps: OutboundDeps,
  message: { id: string; accountId: string; conversationId: string },
  status: 'pending' | 'retrying' | 'sent' | 'failed',
  extra: { externalId?: string; error?: string | null } = {},
) {
  await withLiveEvents(deps, message.accountId, async (tx, emit) => {
    // The message may be gone by now (visitor erased, conversation deleted while the provider
    // answered): then there is nothing to mark and nobody to tell.
    const { count } = await tx.message.updateMany({
      where: { id: message.id },
      data: {
        deliveryStatus: status,
        deliveryError: extra.error?.slice(0, 500) ?? null,
        ...(extra.externalId ? { externalId: extra.externalId } : {}),
      },
    });
    if (count === 0) return;
    await emit({
      topic: CONSOLE_TOPIC,
      data: {
        type: 'message.status',
        messageId: message.id,
        conversationId: message.conversationId,
        status,
        error: extra.error ?? null,
      },
    });
  });
}

/** Starts deliverOutbound without waiting; its failures are logged, never left unhandled. */
export function deliverOutboundLater(deps: OutboundDeps, messageId: string): void {
  runInBackground(deps.logger, 'deliver-outbound', { messageId }, () => deliverOutbound(deps, messageId));
}

/**
 * Sends an agent's message out through the conversation's channel plugin, with retries and backoff;
 * the message shows pending → retrying → sent or failed in the console, and a failed one can be sent
 * again (`chats.resend`).
 */
export async function deliverOutbound(deps: OutboundDeps, messageId: string): Promise<void> {
  const message = await deps.db.message.findUnique({
    where: { id: messageId },
    include: {
      authorUser: { select: { name: true } },
      conversation: { include: { channel: { include: { pluginInstall: true } } } },
    },
  });
  const conversation = message?.conversation;
  const install = conversation?.channel?.pluginInstall;
  if (!message || !conversation?.visitorId || !install || !conversation.channelId) return;
  const identity = await deps.db.visitorIdentity.findFirst({
    where: { visitorId: conversation.visitorId, channelId: conversation.channelId },
    orderBy: { createdAt: 'asc' },
  });
  if (!identity) {
    await setStatus(deps, message, 'failed', { error: 'This contact has no address on this channel' });
    return;
  }
  const earlier = await deps.db.message.findMany({
    where: {
      conversationId: conversation.id,
      externalId: { not: null },
      createdAt: { lte: message.createdAt },
    },
    orderBy: { createdAt: 'asc' },
    select: { externalId: true, authorType: true },
  });
  const lastInbound = [...earlier].reverse().find((m) => m.authorType === 'visitor')?.externalId ?? undefined;
  try {
    const result = await deps.plugins.send(
      install.id,
      {
        to: {
          externalId: identity.externalId,
          ...(conversation.externalThreadId ? { threadId: conversation.externalThreadId } : {}),
        },
        ...(await outboundContent(deps, message)),
        ...(lastInbound ? { inReplyToExternalId: lastInbound } : {}),
        references: earlier.map((m) => m.externalId).filter((id): id is string => Boolean(id)),
        ...(conversation.title
          ? {
              subject: conversation.title.startsWith('Re:')
                ? conversation.title
                : `Re: ${conversation.title}`,
            }
          : {}),
        // An agent's name, or the bot's (J7) for a message an integration sent as its bot.
        ...senderNameOf(message),
      },
      {
        onAttempt: async (attempt) => {
          if (attempt.status === 'retrying')
            await setStatus(deps, message, 'retrying', { error: attempt.error?.message ?? null });
        },
      },
    );
    await setStatus(deps, message, 'sent', { externalId: result.externalMessageId });
  } catch (err) {
    deps.logger.warn({ err, messageId }, 'outbound message failed');
    await setStatus(deps, message, 'failed', { error: (err as Error).message });
  }
}

function senderNameOf(message: { authorUser: { name: string } | null; meta: unknown }) {
  const name = message.authorUser?.name ?? botOf(message.meta)?.name;
  return name ? { senderName: name } : {};
}
