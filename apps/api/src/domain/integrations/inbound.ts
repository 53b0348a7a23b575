import { randomUUID } from 'node:crypto';
import { type Db, isUniqueViolation } from '@parley/db';
import type { Attachment, InboundEvent, PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import type { FileStore } from '../../lib/file-store';
import { stripBidiControls } from '../../lib/text';
import { withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { receiveFromVisitor } from '../live-chat/messages';
import { translateVisitorMessageLater } from '../live-chat/translation';
import { createVisitorWithIdentity } from '../live-chat/visitors';

export interface InboundDeps {
  db: Db;
  bus: EventBus;
  /** For the translator (C7); optional. */
  plugins?: PluginHost;
  logger?: Logger;
  files: FileStore;
}

/** Inbound attachments bigger than this are dropped (named in the message) rather than stored. */
const MAX_INBOUND_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** A storage key the disk store accepts: account folder, random id, a tame file extension. */
function attachmentKey(accountId: string, fileName: string): string {
  const ext = /\.([a-z0-9]{1,10})$/i.exec(fileName)?.[1]?.toLowerCase();
  return `attachments/${accountId}/${randomUUID()}${ext ? `.${ext}` : ''}`;
}

/**
 * The conversation thread an inbound message belongs to. A mail client may name only the message
 * it answers (In-Reply-To, no References): if that is one of ours on this channel, its
 * conversation's thread wins over the plugin's guess, so the reply does not start a new chat.
 */
async function resolveThread(db: Db, channelId: string, event: InboundEvent & { type: 'message' }) {
  if (!event.replyToExternalId) return event.threadId ?? null;
  const answered = await db.message.findFirst({
    where: { externalId: event.replyToExternalId, conversation: { channelId } },
    select: { conversation: { select: { externalThreadId: true } } },
  });
  return answered?.conversation.externalThreadId ?? event.threadId ?? null;
}

/** The channel a plugin install serves, if it serves one. */
export async function channelOfInstall(db: Db, installId: string) {
  const install = await db.pluginInstall.findUnique({ where: { id: installId }, include: { channel: true } });
  return install?.channel ? { install, channel: install.channel } : null;
}

/** The contact behind a provider id on a channel (a Telegram chat, a phone number, an address). */
async function contactVisitor(
  db: Db,
  channel: { id: string; accountId: string },
  contact: InboundEvent & { type: 'message' },
) {
  const c = contact.contact;
  const identity = await db.visitorIdentity.findUnique({
    where: { channelId_externalId: { channelId: channel.id, externalId: c.externalId } },
  });
  if (identity) return identity.visitorId;
  try {
    const created = await createVisitorWithIdentity(db, {
      accountId: channel.accountId,
      channelId: channel.id,
      externalId: c.externalId,
      name: c.name,
      email: c.email,
      phone: c.phone,
    });
    return created.visitorId;
  } catch (err) {
    // The same contact's second message raced the first: use the identity that won.
    if (!isUniqueViolation(err)) throw err;
    const winner = await db.visitorIdentity.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: channel.id, externalId: c.externalId } },
    });
    return winner.visitorId;
  }
}

/**
 * Stores what a channel plugin received: messages land in the Inbox like website chats (deduplicated
 * by the provider's message id, so a provider's retry is stored once); delivery statuses update our
 * outbound messages.
 */
export async function persistInbound(
  deps: InboundDeps,
  installId: string,
  events: InboundEvent[],
): Promise<number> {
  const found = await channelOfInstall(deps.db, installId);
  if (!found) return 0;
  const { channel } = found;
  let stored = 0;
  for (const event of events) {
    if (event.type === 'status') {
      await withLiveEvents(deps, channel.accountId, async (tx, emit) => {
        const status = event.status === 'failed' ? 'failed' : 'sent';
        const rows = await tx.message.findMany({
          where: {
            accountId: channel.accountId,
            externalId: event.externalMessageId,
            conversation: { channelId: channel.id },
          },
          select: { id: true, conversationId: true },
        });
        for (const row of rows) {
          await tx.message.update({
            where: { id: row.id },
            data: { deliveryStatus: status, deliveryError: event.error?.slice(0, 500) ?? null },
          });
          await emit({
            topic: CONSOLE_TOPIC,
            data: {
              type: 'message.status',
              messageId: row.id,
              conversationId: row.conversationId,
              status,
              providerStatus: event.status,
            },
          });
        }
      });
      continue;
    }
    const duplicate = await deps.db.message.findFirst({
      where: {
        accountId: channel.accountId,
        externalId: event.externalMessageId,
        conversation: { channelId: channel.id },
      },
      select: { id: true },
    });
    if (duplicate) continue;
    const visitorId = await contactVisitor(deps.db, channel, event);
    const kept = event.attachments.filter((a) => a.data.length <= MAX_INBOUND_ATTACHMENT_BYTES);
    // The file names stay in the text too, so every client shows that something was attached.
    const listed = event.attachments.length
      ? `\n[${event.attachments.map((a) => (kept.includes(a) ? a.fileName : `${a.fileName} (too large)`)).join(', ')}]`
      : '';
    const body = (event.text.trim() || (listed ? '' : '(empty message)')) + listed;
    // Files are written before the transaction (it must stay short) and removed if it fails.
    const threadId = await resolveThread(deps.db, channel.id, event);
    const files = await storeAttachments(deps.files, channel.accountId, kept);
    try {
      const message = await withLiveEvents(deps, channel.accountId, async (tx, emit) => {
        const received = await receiveFromVisitor(tx, emit, {
          accountId: channel.accountId,
          channelId: channel.id,
          visitorId,
          body: body.trim().slice(0, 20_000),
          externalId: event.externalMessageId,
          threadId,
          subject: event.subject ?? null,
          origin: channel.kind,
        });
        // The sanitised HTML of an email, for clients that render it; the body stays plain text.
        if (event.html) {
          await tx.message.update({
            where: { id: received.id },
            data: { meta: { html: event.html.slice(0, 200_000) } },
          });
        }
        for (const f of files) {
          await tx.attachment.create({
            data: {
              accountId: channel.accountId,
              conversationId: received.conversationId,
              messageId: received.id,
              fileName: stripBidiControls(f.fileName).slice(0, 255),
              mimeType: f.mimeType.slice(0, 255),
              size: f.size,
              storageKey: f.storageKey,
            },
          });
        }
        return received;
      });
      translateVisitorMessageLater(deps, channel.accountId, message.id);
      stored++;
    } catch (err) {
      await Promise.all(files.map((f) => deps.files.remove(f.storageKey).catch(() => undefined)));
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return stored;
}

async function storeAttachments(files: FileStore, accountId: string, attachments: Attachment[]) {
  const out: { fileName: string; mimeType: string; size: number; storageKey: string }[] = [];
  for (const a of attachments) {
    const storageKey = attachmentKey(accountId, a.fileName);
    await files.put(storageKey, a.data);
    out.push({ fileName: a.fileName, mimeType: a.mimeType, size: a.data.length, storageKey });
  }
  return out;
}
