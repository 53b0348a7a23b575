import { allowRawSql, type Db } from '@parley/db';
import type { ChannelFeatures } from '@parley/integrations';
import { notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { audit } from '../audit';
import { provideChannelOutbox } from '../live-chat/channel-outbox';
import { visitorTopic } from '../live-chat/constants';
import { postMessage } from '../live-chat/messages';
import { invalidateVisitorAuth } from '../live-chat/visitor-auth-cache';
import type { AdminActor, IntegrationDeps } from './installs';
import { deliverOutboundLater } from './outbound';

export interface ChannelStats {
  channelId: string;
  conversations: number;
  messages: number;
  lastActivityAt: string | null;
}

/**
 * J1 channel list statistics: conversations, messages and last activity per channel, for the whole
 * account in two grouped queries (never one query per channel).
 */
export async function channelStats(db: Db, accountId: string): Promise<ChannelStats[]> {
  const [conversations, messages] = await Promise.all([
    db.conversation.groupBy({
      by: ['channelId'],
      where: { accountId, kind: 'visitor', channelId: { not: null } },
      _count: { _all: true },
      _max: { lastMessageAt: true },
    }),
    // Prisma cannot group messages by their conversation's channel; the join is plain SQL that
    // SQLite and PostgreSQL both accept (COUNT is a bigint on PostgreSQL, hence Number()).
    allowRawSql(db).$queryRaw<{ channelId: string; n: number | bigint }[]>`
      SELECT c."channelId" AS "channelId", COUNT(m."id") AS "n"
        FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
       WHERE m."accountId" = ${accountId} AND c."channelId" IS NOT NULL AND m."kind" <> 'system'
       GROUP BY c."channelId"`,
  ]);
  const messageCount = new Map(messages.map((r) => [r.channelId, Number(r.n)]));
  return conversations.map((row) => ({
    channelId: row.channelId as string,
    conversations: row._count._all,
    messages: messageCount.get(row.channelId as string) ?? 0,
    lastActivityAt: row._max.lastMessageAt?.toISOString() ?? null,
  }));
}

/**
 * Deletes a channel. A plugin channel is first disconnected from its provider (e.g. Telegram's
 * webhook removed); its install and stored secrets go with the channel. Past conversations stay in
 * the Archive without a channel.
 */
export async function removeChannel(deps: IntegrationDeps, actor: AdminActor, channelId: string) {
  const channel = await deps.db.channel.findFirst({
    where: { id: channelId, accountId: actor.accountId },
    include: { pluginInstall: { select: { id: true, name: true } } },
  });
  if (!channel) throw notFound('Channel');
  const installId = channel.pluginInstall?.id;
  if (installId) {
    try {
      // A phone channel (H2) has the phone capability's disconnect instead.
      const name = channel.pluginInstall?.name ?? '';
      const capability = deps.plugins.getPlugin(name)?.capabilities.includes('phone')
        ? await deps.plugins.phone(installId)
        : await deps.plugins.channel(installId);
      await capability.disconnect?.();
    } catch (err) {
      // The provider may be unreachable or the credentials revoked: deleting must still work.
      deps.logger.warn({ err, installId }, 'channel disconnect failed');
    }
    await deps.plugins.unload(installId);
  }
  await closeOpenChats(deps, actor.accountId, channel.id);
  await deps.db.channel.delete({ where: { id: channel.id } });
  await invalidateVisitorAuth(deps.bus, { channelIds: [channel.id] });
  if (installId) await deps.plugins.reload(installId);
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'channel.deleted',
    targetType: 'channel',
    targetId: channel.id,
    ip: actor.ip,
  });
  return { id: channel.id };
}

/** Chats still open on a deleted channel could never be answered: they end, visibly, first. */
async function closeOpenChats(deps: IntegrationDeps, accountId: string, channelId: string) {
  const open = await deps.db.conversation.findMany({
    where: { accountId, channelId, status: 'open', kind: 'visitor' },
    select: { id: true, visitorId: true },
  });
  for (const c of open) {
    if (!c.visitorId) continue;
    const visitorId = c.visitorId;
    await withLiveEvents(deps, accountId, async (tx, emit) => {
      await tx.conversation.update({ where: { id: c.id }, data: { status: 'closed', closedAt: new Date() } });
      await postMessage(tx, emit, {
        accountId,
        conversationId: c.id,
        visitorId,
        author: { type: 'system' },
        body: 'The chat was closed',
        system: { event: 'closed' },
      });
      await emit({
        topic: visitorTopic(visitorId),
        data: { type: 'conversation.closed', conversationId: c.id },
      });
    });
  }
}

export interface ReplyWindow {
  /** How long after the contact's last message the provider accepts free-form replies. */
  hours: number;
  lastInboundAt: string | null;
  /** When the window closes (closed already when in the past); null when the contact never wrote. */
  closesAt: string | null;
}

/**
 * The plugin install behind a channel (null for a website channel) and the features its plugin
 * declared: null when the install is disabled or cannot start now; its messages then fail at
 * delivery, where the console says why and offers Resend.
 */
export async function pluginChannelOf(
  deps: Pick<IntegrationDeps, 'db' | 'plugins'>,
  channelId: string | null,
): Promise<{ installId: string; features: ChannelFeatures | null } | null> {
  if (!channelId) return null;
  const install = await deps.db.pluginInstall.findUnique({
    where: { channelId },
    select: { id: true, enabled: true },
  });
  if (!install) return null;
  const features = install.enabled
    ? await deps.plugins
        .channel(install.id)
        .then((channel) => channel.features)
        .catch(() => null)
    : null;
  return { installId: install.id, features };
}

/** The features of a conversation's plugin channel, after checking the conversation is the account's. */
async function pluginFeaturesOf(deps: IntegrationDeps, accountId: string, conversationId: string) {
  const conversation = await deps.db.conversation.findFirst({
    where: { id: conversationId, accountId },
    select: { id: true, channelId: true },
  });
  if (!conversation) throw notFound('Conversation');
  const plugin = await pluginChannelOf(deps, conversation.channelId);
  return { conversationId: conversation.id, features: plugin?.features ?? null };
}

export interface ChannelLimits {
  /** Whether agents can send files here (a plugin channel may carry text only). */
  files: boolean;
  /** The channel's own file size limit, when it has one (the server's UPLOAD_MAX_MB applies anyway). */
  maxFileBytes: number | null;
}

/** What the composer may offer in a conversation: files or not, and up to what size. */
export async function channelLimitsOf(
  deps: IntegrationDeps,
  accountId: string,
  conversationId: string,
): Promise<ChannelLimits> {
  const { features } = await pluginFeaturesOf(deps, accountId, conversationId);
  return { files: features?.attachments ?? true, maxFileBytes: features?.maxAttachmentBytes ?? null };
}

/**
 * The reply window of a conversation's channel (WhatsApp, Messenger: 24 h after the customer's last
 * message), or null when the channel has none.
 */
export async function replyWindowOf(
  deps: IntegrationDeps,
  accountId: string,
  conversationId: string,
): Promise<ReplyWindow | null> {
  const { conversationId: id, features } = await pluginFeaturesOf(deps, accountId, conversationId);
  const hours = features?.replyWindowHours;
  if (!hours) return null;
  const last = await deps.db.message.findFirst({
    where: { conversationId: id, authorType: 'visitor' },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  return {
    hours,
    lastInboundAt: last?.createdAt.toISOString() ?? null,
    closesAt: last ? new Date(last.createdAt.getTime() + hours * 3600_000).toISOString() : null,
  };
}

// live-chat reaches plugin channels through the interface it owns; this module is where the
// integrations provide it (the integrations router imports it, so every server has it).
provideChannelOutbox({ pluginChannelOf, deliverLater: deliverOutboundLater });
