import { type Db, isUniqueViolation } from '@parley/db';
import {
  type Attachment,
  type InboundEvent,
  type InboundMessageEvent,
  type MissingPart,
  missingPartText,
  type PluginHost,
} from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import type { FileStore } from '../../lib/file-store';
import { withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { receiveFromVisitor } from '../live-chat/messages';
import { translateVisitorMessageLater } from '../live-chat/translation';
import { createVisitorWithIdentity } from '../live-chat/visitors';
import { storeAttachments } from './inbound-files';
import { applyEdit, applyReceipt, applyWatermark, recordRejected } from './inbound-updates';
import { firstRetryDelayMs } from './pending-parts';
import { resolveThread } from './threads';

export interface InboundDeps {
  db: Db;
  bus: EventBus;
  /** For the translator (C7); optional. */
  plugins?: PluginHost;
  logger?: Logger;
  files: FileStore;
}

/** Inbound attachments bigger than this are not stored; the message says so in their place. */
const MAX_INBOUND_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** The channel a plugin install serves, if it serves one. */
export async function channelOfInstall(db: Db, installId: string) {
  const install = await db.pluginInstall.findUnique({ where: { id: installId }, include: { channel: true } });
  return install?.channel ? { install, channel: install.channel } : null;
}

export type InboundChannel = { id: string; accountId: string; kind: string };

/** The contact behind a provider id on a channel (a Telegram chat, a phone number, an address). */
async function contactVisitor(db: Db, channel: InboundChannel, event: InboundMessageEvent) {
  const c = event.contact;
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
 * Stores what a channel plugin received. Messages land in the Inbox like website chats; each
 * provider id is recorded in the same transaction as what it carried (ChannelReceipt), so a provider
 * redelivering after a failure gets it stored exactly once. Throws when something could not be
 * stored: the caller must then not acknowledge the provider (webhook 5xx, mail left unseen).
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
    switch (event.type) {
      case 'message':
        if (await storeMessage(deps, channel, event)) stored++;
        break;
      case 'edit':
        await applyEdit(deps, channel, event);
        break;
      case 'status':
        await applyReceipt(deps, channel, event);
        break;
      case 'watermark':
        await applyWatermark(deps, channel, event);
        break;
      case 'rejected':
        await recordRejected(deps, installId, event);
        break;
    }
  }
  return stored;
}

/** What the message says: the text, then a placeholder line per part that could not be fetched. */
function messageBody(event: InboundMessageEvent, missing: MissingPart[], kept: Attachment[]): string {
  const lines = [event.text.trim(), ...missing.map(missingPartText)].filter(Boolean);
  if (lines.length) return lines.join('\n').slice(0, 20_000);
  // A file alone reads as its name in the Inbox, like a file an agent sent.
  return kept.length ? kept.map((a) => a.fileName).join(', ') : '(empty message)';
}

async function storeMessage(deps: InboundDeps, channel: InboundChannel, event: InboundMessageEvent) {
  const receiptKey = { channelId_externalId: { channelId: channel.id, externalId: event.externalMessageId } };
  // The cheap check spares a redelivery the file writes; the receipt in the transaction decides.
  if (await deps.db.channelReceipt.findUnique({ where: receiptKey, select: { id: true } })) return false;
  // Our own mail coming back (Bcc to the support address, a Sent folder): it is in the chat already.
  const ours = await deps.db.message.findFirst({
    where: {
      accountId: channel.accountId,
      externalId: event.externalMessageId,
      authorType: 'agent',
      conversation: { channelId: channel.id },
    },
    select: { id: true },
  });
  if (ours) return false;
  const visitorId = await contactVisitor(deps.db, channel, event);
  const kept = event.attachments.filter((a) => a.data.length <= MAX_INBOUND_ATTACHMENT_BYTES);
  const missing: MissingPart[] = [
    ...(event.missing ?? []),
    ...event.attachments
      .filter((a) => !kept.includes(a))
      .map((a) => ({ label: 'File', fileName: a.fileName, reason: 'file is too big' })),
  ];
  const thread = await resolveThread(deps.db, channel.id, event);
  // Files are written before the transaction (it must stay short) and removed if it fails.
  const files = await storeAttachments(deps.files, channel.accountId, kept);
  try {
    const message = await withLiveEvents(deps, channel.accountId, async (tx, emit) => {
      await tx.channelReceipt.create({
        data: { accountId: channel.accountId, channelId: channel.id, externalId: event.externalMessageId },
      });
      const attachmentIds: string[] = [];
      for (const f of files) {
        const row = await tx.attachment.create({
          data: {
            accountId: channel.accountId,
            fileName: f.fileName.slice(0, 255),
            mimeType: f.mimeType.slice(0, 255),
            size: f.size,
            storageKey: f.storageKey,
          },
          select: { id: true },
        });
        attachmentIds.push(row.id);
      }
      const received = await receiveFromVisitor(tx, emit, {
        accountId: channel.accountId,
        channelId: channel.id,
        visitorId,
        body: messageBody(event, missing, kept),
        externalId: event.externalMessageId,
        threadId: thread.threadId,
        ...(thread.conversationId ? { conversationId: thread.conversationId } : {}),
        subject: event.subject ?? null,
        origin: channel.kind,
        // With files it is a file message, so the chat view lists them for download.
        ...(attachmentIds.length ? { media: { kind: 'file' as const, attachmentIds } } : {}),
      });
      // The sanitised HTML of an email and the parts that could not be fetched, beside the plain body.
      // Another address of the thread (a colleague in Cc) wrote: the chat names them, not the contact.
      const otherSender =
        thread.conversationId && thread.contactVisitorId && thread.contactVisitorId !== visitorId;
      const meta = {
        ...(event.html ? { html: event.html.slice(0, 200_000) } : {}),
        // The plugin's retry handles stay out of the message (they are in PendingPart).
        ...(missing.length ? { missing: missing.map(({ retry: _retry, ...part }) => part) } : {}),
        ...(otherSender
          ? {
              sender: {
                name: event.contact.name?.slice(0, 200) ?? null,
                address: event.contact.externalId.slice(0, 320),
              },
            }
          : {}),
      };
      if (Object.keys(meta).length) {
        await tx.message.update({ where: { id: received.id }, data: { meta } });
      }
      for (const part of missing) {
        if (!part.retry) continue;
        await tx.pendingPart.create({
          data: {
            accountId: channel.accountId,
            messageId: received.id,
            retry: part.retry.slice(0, 2000),
            label: part.label.slice(0, 100),
            fileName: part.fileName?.slice(0, 255) ?? null,
            nextAttemptAt: new Date(Date.now() + firstRetryDelayMs),
          },
        });
      }
      return received;
    });
    translateVisitorMessageLater(deps, channel.accountId, message.id);
    return true;
  } catch (err) {
    await Promise.all(files.map((f) => deps.files.remove(f.storageKey).catch(() => undefined)));
    // A concurrent delivery of the same id stored it first.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}
