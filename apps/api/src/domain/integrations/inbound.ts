import { type Db, isUniqueViolation } from '@parley/db';
import type { InboundEvent, PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
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
    const attachments = event.attachments.length
      ? `\n[${event.attachments.map((a) => a.fileName).join(', ')}]`
      : '';
    const body = (event.text.trim() || (attachments ? '' : '(empty message)')) + attachments;
    try {
      const message = await withLiveEvents(deps, channel.accountId, (tx, emit) =>
        receiveFromVisitor(tx, emit, {
          accountId: channel.accountId,
          channelId: channel.id,
          visitorId,
          body: body.trim().slice(0, 20_000),
          externalId: event.externalMessageId,
          threadId: event.threadId ?? null,
          subject: event.subject ?? null,
          origin: channel.kind,
        }),
      );
      translateVisitorMessageLater(deps, channel.accountId, message.id);
      stored++;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return stored;
}
