import { type Db, type DbTx, isUniqueViolation } from '@parley/db';
import type { PluginHost } from '@parley/integrations';
import type { EventBus } from '../../bus/event-bus';
import { AppError } from '../../errors';
import { lookupIp } from '../../lib/geoip';
import { createSlidingWindow } from '../../lib/sliding-window';
import { clipText } from '../../lib/text';
import { type Emit, newestEventId, publishEphemeral, withLiveEvents } from '../../live/events';
import type { Logger } from '../../logger';
import { assertNotLimited, recordHit } from '../rate-limit';
import type { ClientInfo } from '../sessions';
import { nameAgentsForVisitor } from './agent-names';
import { findActiveBan } from './ban-lookup';
import { readSecrets } from './channel-secrets';
import {
  CONSOLE_TOPIC,
  channelTopic,
  HISTORY_PAGE,
  PAGE_TITLE_MAX,
  PAGE_URL_MAX,
  VISIT_GAP_MS,
  VISITOR_ONLINE_MS,
  visitorTopic,
} from './constants';
import { emitConversation, receiveFromVisitor } from './messages';
import { messageAudience, onlineAgentsOf } from './routing';
import { readDevice, readSource, sourceKind } from './tracking';
import { translateVisitorMessageLater } from './translation';
import {
  agentBrief,
  loadMessages,
  toWidgetMessage,
  visitorBriefs,
  type WidgetMessage,
  widgetView,
} from './views';
import { forgetVisit, markPing, rememberVisit } from './visit-pings';
import {
  newVisitorToken,
  siteUserIdentity,
  tokenIdentity,
  type VisitorAuth,
  verifyIdentity,
} from './visitor-auth';
import { createVisitorWithIdentity } from './visitors';
import { readWebsiteConfig } from './website-config';

export interface WidgetDeps {
  db: Db;
  /** For the process-wide ping buffer only (visit-pings.ts). */
  systemDb: Db;
  bus: EventBus;
  /** For the translator (C7); without them visitor messages are not translated. */
  plugins?: PluginHost;
  logger?: Logger;
}

/** G2: ten messages per ten seconds per visitor. */
const messageLimiter = createSlidingWindow(10, 10_000);
/** New visitors per IP address per minute. */
export const NEW_VISITORS_PER_IP = 30;

export interface StartInput {
  channelKey: string;
  visitorToken?: string | null | undefined;
  identity?: { userId: string; hash: string } | null | undefined;
  page: { url: string; title: string; referrer: string };
  locale?: string | undefined;
}

const rateLimited = () =>
  new AppError('rate_limited', 'widget.rate_limited', 'Too many messages; wait a few seconds');

async function findChannel(db: Db, channelKey: string) {
  const channel = await db.channel.findUnique({ where: { publicKey: channelKey } });
  if (channel?.kind !== 'website') {
    throw new AppError('not_found', 'channel.unknown', 'No such website channel');
  }
  if (!channel.enabled)
    throw new AppError('forbidden', 'channel.disabled', 'Chat is switched off for this site');
  return channel;
}

export async function isBanned(db: Db, accountId: string, visitorId: string, ip: string | undefined) {
  return (await findActiveBan(db, accountId, visitorId, ip)) !== null;
}

/** C4: a banned visitor (by id or address) reaches no agent: not by message, file, typing or contact data. */
export async function assertNotBanned(db: Db, visitor: VisitorAuth, client: ClientInfo): Promise<void> {
  if (await isBanned(db, visitor.accountId, visitor.visitorId, client.ip))
    throw new AppError('forbidden', 'widget.banned', 'Chat is not available');
}

async function agentsOnline(db: Db, accountId: string, channelId: string) {
  return (await onlineAgentsOf(db, accountId, channelId)).length > 0;
}

/** The visitor's open thread on a channel, if any. */
export async function openConversation(db: Db, visitor: VisitorAuth) {
  return db.conversation.findFirst({
    where: {
      accountId: visitor.accountId,
      visitorId: visitor.visitorId,
      channelId: visitor.channelId,
      status: 'open',
      kind: 'visitor',
    },
    orderBy: { startedAt: 'desc' },
  });
}

async function widgetConversation(db: Db, visitor: VisitorAuth) {
  const conversation = await openConversation(db, visitor);
  if (!conversation) return null;
  const [{ rows, hasMore }, participants] = await Promise.all([
    loadMessages(db, visitor.accountId, conversation.id, { limit: HISTORY_PAGE, forVisitor: true }),
    db.participant.findMany({
      where: { conversationId: conversation.id, leftAt: null },
      include: { user: { select: { id: true, name: true, avatarKey: true } } },
    }),
  ]);
  const agentReadAt = participants
    .map((p) => p.lastReadAt)
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return nameAgentsForVisitor(db, visitor, {
    id: conversation.id,
    invitationText: conversation.invitationText,
    agents: participants.map((p) => agentBrief(p.user)),
    messages: rows.map(toWidgetMessage),
    hasMore,
    agentReadAt: agentReadAt?.toISOString() ?? null,
  });
}

/** The visitor behind a stored token; unknown or forged tokens are not errors: a new visitor starts. */
async function resolveVisitor(
  db: Db,
  channel: { id: string; accountId: string },
  input: StartInput,
  client: ClientInfo,
) {
  if (input.visitorToken) {
    const identity = await db.visitorIdentity.findUnique({
      where: {
        channelId_externalId: { channelId: channel.id, externalId: tokenIdentity(input.visitorToken) },
      },
    });
    if (identity) return { token: input.visitorToken, identity };
  }
  const limit = { key: `visitor:new:${client.ip ?? 'unknown'}`, max: NEW_VISITORS_PER_IP, windowMs: 60_000 };
  await assertNotLimited(db, [limit]).catch(() => {
    throw new AppError('rate_limited', 'widget.rate_limited', 'Too many new visitors from this address');
  });
  await recordHit(db, limit);
  const token = newVisitorToken(channel.id);
  const identity = await createVisitorWithIdentity(db, {
    accountId: channel.accountId,
    channelId: channel.id,
    externalId: tokenIdentity(token),
    locale: input.locale,
  });
  return { token, identity };
}

/**
 * Every page load of the widget: finds or creates the visitor, records the page view (a new visit
 * after 30 minutes away) and returns what the widget shows.
 */
export async function startWidget(deps: WidgetDeps, input: StartInput, client: ClientInfo) {
  const { db } = deps;
  const channel = await findChannel(db, input.channelKey);
  const accountId = channel.accountId;

  const resolved = await resolveVisitor(db, channel, input, client);
  const token = resolved.token;
  let identity = resolved.identity;

  // G4: a verified user id links this browser to the visitor who already has it (other devices).
  // The id is the site's, so it is looked up on this channel only: another site of the account
  // that signs the same `cust-42` means someone else.
  const secret = readSecrets(channel.secrets)?.hmac;
  if (input.identity && secret && verifyIdentity(secret, input.identity.userId, input.identity.hash)) {
    const userKey = { channelId: channel.id, externalId: siteUserIdentity(input.identity.userId) };
    const known = await db.visitorIdentity.findUnique({ where: { channelId_externalId: userKey } });
    if (known && known.visitorId !== identity.visitorId) {
      identity = await db.visitorIdentity.update({
        where: { id: identity.id },
        data: { visitorId: known.visitorId },
      });
    } else if (!known) {
      await db.visitorIdentity
        .create({ data: { accountId, visitorId: identity.visitorId, ...userKey } })
        // Two first page loads of the same user at once: the other one linked it.
        .catch((err: unknown) => {
          if (!isUniqueViolation(err)) throw err;
        });
      await db.visitor.updateMany({
        where: { id: identity.visitorId, externalId: null },
        data: { externalId: input.identity.userId },
      });
    }
  }
  const visitorId = identity.visitorId;
  const auth: VisitorAuth = { visitorId, accountId, channelId: channel.id };

  const [geo, device] = [await lookupIp(client.ip), readDevice(client.userAgent)];
  const now = new Date();
  const visit = await withLiveEvents(deps, accountId, async (tx, emit) => {
    const last = await tx.visit.findFirst({
      where: { visitorId, channelId: channel.id },
      orderBy: { startedAt: 'desc' },
    });
    let visit = last;
    if (!last || now.getTime() - last.lastActiveAt.getTime() > VISIT_GAP_MS) {
      const visitor = await tx.visitor.update({
        where: { id: visitorId },
        data: { visitCount: { increment: 1 } },
      });
      const source = readSource(input.page.url, input.page.referrer);
      visit = await tx.visit.create({
        data: {
          accountId,
          visitorId,
          channelId: channel.id,
          number: visitor.visitCount,
          ip: client.ip?.slice(0, 64) ?? null,
          userAgent: client.userAgent?.slice(0, 512) ?? null,
          ...device,
          ...geo,
          ...source,
        },
      });
    } else {
      await tx.pageView.updateMany({ where: { visitId: last.id, leftAt: null }, data: { leftAt: now } });
    }
    if (!visit) throw new Error('visit missing');
    await tx.pageView.create({
      data: {
        accountId,
        visitId: visit.id,
        url: clipText(input.page.url, PAGE_URL_MAX),
        title: clipText(input.page.title, PAGE_TITLE_MAX),
      },
    });
    visit = await tx.visit.update({
      where: { id: visit.id },
      data: { pageCount: { increment: 1 }, lastActiveAt: now, endedAt: null },
    });
    await tx.visitor.update({
      where: { id: visitorId },
      data: {
        lastSeenAt: now,
        ...(geo.city ? { city: geo.city } : {}),
        ...(geo.country ? { country: geo.country } : {}),
      },
    });
    await emitVisitor(tx, emit, accountId, visitorId, channel.id);
    return visit;
  });

  // Read before the conversation: a subscription resumed from here misses nothing that happens after
  // this snapshot (an agent's first message sent right as the page loads); what both carry is deduped.
  const eventId = await newestEventId(db, accountId, [visitorTopic(visitorId), channelTopic(channel.id)]);
  const visitor = await db.visitor.findUniqueOrThrow({ where: { id: visitorId } });
  return {
    visitorToken: token,
    /** Where `widget.events` should start when the widget has no event id of its own yet. */
    eventId: eventId ? String(eventId) : null,
    visitor: {
      id: visitor.id,
      number: visitor.number,
      name: visitor.name,
      email: visitor.email,
      phone: visitor.phone,
    },
    visit: {
      id: visit.id,
      number: visit.number,
      pagesThisVisit: visit.pageCount,
      startedAt: visit.startedAt.toISOString(),
      source: sourceKind(visit),
    },
    channel: {
      name: channel.name,
      config: readWebsiteConfig(channel.config),
      agentsOnline: await agentsOnline(db, accountId, channel.id),
    },
    conversation: await widgetConversation(db, auth),
    banned: await isBanned(db, accountId, visitorId, client.ip),
  };
}

export async function emitVisitor(
  tx: DbTx,
  emit: Emit,
  accountId: string,
  visitorId: string,
  channelId: string,
) {
  const visitor = (await visitorBriefs(tx, accountId, [visitorId])).get(visitorId);
  if (visitor)
    await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor', visitor: { ...visitor, channelId } } });
}

export interface SendInput {
  clientId: string;
  body: string;
  invitationText?: string | null | undefined;
}

/** G2: idempotent on clientId; starts a conversation (a chat request) when none is open. */
export async function visitorSend(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  input: SendInput,
  client: ClientInfo,
): Promise<WidgetMessage> {
  const { db } = deps;
  const existing = await findByClientId(db, visitor, input.clientId);
  if (existing) return existing;
  if (!messageLimiter.take(visitor.visitorId)) throw rateLimited();
  await assertNotBanned(db, visitor, client);
  try {
    const message = await withLiveEvents(deps, visitor.accountId, (tx, emit) =>
      receiveFromVisitor(tx, emit, {
        accountId: visitor.accountId,
        channelId: visitor.channelId,
        visitorId: visitor.visitorId,
        body: input.body,
        clientId: input.clientId,
        invitationText: input.invitationText ?? null,
      }),
    );
    translateVisitorMessageLater(deps, visitor.accountId, message.id);
    return widgetView(message);
  } catch (err) {
    // The same clientId raced in through another tab or process: return the stored one.
    if (isUniqueViolation(err)) {
      const stored = await findByClientId(db, visitor, input.clientId);
      if (stored) return stored;
    }
    throw err;
  }
}

async function findByClientId(db: Db, visitor: VisitorAuth, clientId: string) {
  const row = await db.message.findFirst({
    where: { accountId: visitor.accountId, authorVisitorId: visitor.visitorId, clientId },
  });
  // The visitor wrote it: there is no agent to show.
  return row ? toWidgetMessage({ ...row, authorUser: null }) : null;
}

/**
 * At most this many typing previews per visitor per second reach the agents; the widget sends
 * fewer, so only a misbehaving client loses some (its next keystroke or its message follows).
 */
const TYPING_PER_SECOND = 5;
const typingWindow = createSlidingWindow(TYPING_PER_SECOND, 1000);

/** Live preview of the visitor's draft for the agents (B6); not stored. */
export async function visitorTyping(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  text: string,
  client: ClientInfo,
): Promise<{ forwarded: boolean }> {
  if (!typingWindow.take(visitor.visitorId)) return { forwarded: false };
  await assertNotBanned(deps.db, visitor, client);
  const conversation = await openConversation(deps.db, visitor);
  if (!conversation) return { forwarded: false };
  const audience = await messageAudience(deps.db, conversation);
  await publishEphemeral(deps.bus, visitor.accountId, {
    topic: CONSOLE_TOPIC,
    data: { type: 'typing', conversationId: conversation.id, text },
    ...(audience ? { audience } : {}),
  });
  return { forwarded: true };
}

export async function visitorRead(deps: WidgetDeps, visitor: VisitorAuth) {
  const conversation = await openConversation(deps.db, visitor);
  if (!conversation) return;
  const at = new Date();
  await withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    await tx.conversation.update({ where: { id: conversation.id }, data: { visitorReadAt: at } });
    await emit({
      topic: CONSOLE_TOPIC,
      data: { type: 'visitor.read', conversationId: conversation.id, at: at.toISOString() },
    });
  });
}

export interface ContactInput {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

export async function setVisitorContact(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  input: ContactInput,
  client: ClientInfo,
) {
  await assertNotBanned(deps.db, visitor, client);
  return withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    const v = await tx.visitor.update({
      where: { id: visitor.visitorId },
      data: {
        ...(input.name !== undefined ? { name: input.name || null } : {}),
        ...(input.email !== undefined ? { email: input.email || null } : {}),
        ...(input.phone !== undefined ? { phone: input.phone || null } : {}),
      },
    });
    await emitVisitor(tx, emit, visitor.accountId, visitor.visitorId, visitor.channelId);
    return { id: v.id, number: v.number, name: v.name, email: v.email, phone: v.phone };
  });
}

/** G3: the offline form leaves a message in the Inbox with the contact data. */
export async function visitorOfflineMessage(
  deps: WidgetDeps,
  visitor: VisitorAuth,
  input: { clientId: string; name: string; email: string; body: string },
  client: ClientInfo,
) {
  await setVisitorContact(deps, visitor, { name: input.name, email: input.email }, client);
  const existing = await findByClientId(deps.db, visitor, input.clientId);
  if (existing) return existing;
  const open = await openConversation(deps.db, visitor);
  if (!open) {
    await deps.db.conversation.create({
      data: {
        accountId: visitor.accountId,
        channelId: visitor.channelId,
        visitorId: visitor.visitorId,
        origin: 'offline_form',
      },
    });
  }
  return visitorSend(deps, visitor, { clientId: input.clientId, body: input.body }, client);
}

/** Heartbeat from an open page; revives a visit the sweeper had ended (tab woke up). */
export async function visitorPing(deps: WidgetDeps, visitor: VisitorAuth) {
  if (markPing(deps, visitor.visitorId, visitor.channelId)) return;
  const visit = await deps.db.visit.findFirst({
    where: { visitorId: visitor.visitorId, channelId: visitor.channelId },
    orderBy: { startedAt: 'desc' },
  });
  if (!visit) return;
  const now = Date.now();
  if (visit.endedAt && now - visit.lastActiveAt.getTime() > VISIT_GAP_MS) return;
  await withLiveEvents(deps, visitor.accountId, async (tx, emit) => {
    await tx.visit.update({ where: { id: visit.id }, data: { lastActiveAt: new Date(now), endedAt: null } });
    if (visit.endedAt) await emitVisitor(tx, emit, visitor.accountId, visitor.visitorId, visitor.channelId);
  });
  rememberVisit(deps, visitor.visitorId, visitor.channelId, visit.id, now);
}

/** The page closed (beacon): the visitor goes offline in a few seconds unless another tab pings. */
export async function visitorLeft(deps: WidgetDeps, visitor: VisitorAuth) {
  forgetVisit(deps, visitor.visitorId, visitor.channelId);
  await deps.db.visit.updateMany({
    where: { visitorId: visitor.visitorId, channelId: visitor.channelId, endedAt: null },
    data: { lastActiveAt: new Date(Date.now() - VISITOR_ONLINE_MS + 5_000) },
  });
}

export async function visitorHistory(deps: WidgetDeps, visitor: VisitorAuth, before: string | undefined) {
  const conversation = await openConversation(deps.db, visitor);
  if (!conversation) return { messages: [], hasMore: false };
  const { rows, hasMore } = await loadMessages(deps.db, visitor.accountId, conversation.id, {
    before,
    limit: HISTORY_PAGE,
    forVisitor: true,
  });
  return nameAgentsForVisitor(deps.db, visitor, { messages: rows.map(toWidgetMessage), hasMore });
}

/** Sweeper (scheduled once across processes): ends visits whose pages stopped pinging. */
export async function endStaleVisits(deps: WidgetDeps): Promise<number> {
  const cutoff = new Date(Date.now() - VISITOR_ONLINE_MS);
  const stale = await deps.db.visit.findMany({
    where: { endedAt: null, lastActiveAt: { lt: cutoff } },
    select: { id: true, accountId: true, visitorId: true, channelId: true, lastActiveAt: true },
    take: 500,
  });
  for (const visit of stale) {
    await withLiveEvents(deps, visit.accountId, async (tx, emit) => {
      const { count } = await tx.visit.updateMany({
        where: { id: visit.id, endedAt: null, lastActiveAt: { lt: cutoff } },
        data: { endedAt: visit.lastActiveAt },
      });
      if (count === 1) {
        forgetVisit(deps, visit.visitorId, visit.channelId);
        await tx.pageView.updateMany({
          where: { visitId: visit.id, leftAt: null },
          data: { leftAt: visit.lastActiveAt },
        });
        await emitVisitor(tx, emit, visit.accountId, visit.visitorId, visit.channelId);
        const open = await tx.conversation.findFirst({
          where: { visitorId: visit.visitorId, channelId: visit.channelId, status: 'open' },
          select: { id: true },
        });
        if (open) await emitConversation(tx, emit, visit.accountId, open.id);
      }
    });
  }
  return stale.length;
}
