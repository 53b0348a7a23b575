import { type Db, isUniqueViolation } from '@parley/db';
import { AppError } from '../../errors';
import { lookupIp } from '../../lib/geoip';
import { clipText } from '../../lib/text';
import { newestEventId, withLiveEvents } from '../../live/events';
import { assertNotLimited, recordHit } from '../rate-limit';
import { accountSuspended, type ClientInfo } from '../sessions';
import { nameAgentsForVisitor } from './agent-names';
import { readSecrets } from './channel-secrets';
import {
  channelTopic,
  HISTORY_PAGE,
  PAGE_TITLE_MAX,
  PAGE_URL_MAX,
  VISIT_GAP_MS,
  visitorTopic,
} from './constants';
import { emitVisitor } from './emit-visitor';
import { openConversation } from './open-conversation';
import { onlineAgentsOf } from './routing';
import { readDevice, readSource, sourceKind } from './tracking';
import { agentBrief, loadMessages, toWidgetMessage } from './views';
import {
  newVisitorToken,
  siteUserIdentity,
  tokenIdentity,
  type VisitorAuth,
  verifyIdentity,
} from './visitor-auth';
import { createVisitorWithIdentity } from './visitors';
import { readWebsiteConfig } from './website-config';
import { isBanned } from './widget-bans';
import type { WidgetDeps } from './widget-deps';

/** New visitors per IP address per minute. */
export const NEW_VISITORS_PER_IP = 30;

export interface StartInput {
  channelKey: string;
  visitorToken?: string | null | undefined;
  identity?: { userId: string; hash: string } | null | undefined;
  page: { url: string; title: string; referrer: string };
  locale?: string | undefined;
}

async function findChannel(db: Db, channelKey: string) {
  const found = await db.channel.findUnique({
    where: { publicKey: channelKey },
    include: { account: { select: { suspendedAt: true } } },
  });
  if (found?.kind !== 'website') {
    throw new AppError('not_found', 'channel.unknown', 'No such website channel');
  }
  const { account, ...channel } = found;
  // The widget of a suspended account says chat is unavailable (apps/widget session.ts).
  if (account.suspendedAt) throw accountSuspended();
  if (!channel.enabled)
    throw new AppError('forbidden', 'channel.disabled', 'Chat is switched off for this site');
  return channel;
}

async function agentsOnline(db: Db, accountId: string, channelId: string) {
  return (await onlineAgentsOf(db, accountId, channelId)).length > 0;
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
