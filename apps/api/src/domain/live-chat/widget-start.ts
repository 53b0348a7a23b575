import {
  type Db,
  type DbTx,
  isUniqueViolation,
  type Visit,
  type Visitor,
  type VisitorIdentity,
} from '@parley/db';
import { AppError } from '../../errors';
import { lookupIp } from '../../lib/geoip';
import { clipText } from '../../lib/text';
import { type Emit, newestEventId, withLiveEvents } from '../../live/events';
import { recordHit } from '../rate-limit';
import { accountSuspended, type ClientInfo } from '../sessions';
import { nameAgentsForVisitor } from './agent-names';
import { readSecrets } from './channel-secrets';
import {
  CONSOLE_TOPIC,
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
import { agentBrief, loadMessages, toVisitorBrief, toWidgetMessage } from './views';
import {
  newVisitorToken,
  siteUserIdentity,
  tokenIdentity,
  type VisitorAuth,
  verifyIdentity,
} from './visitor-auth';
import { invalidateVisitorAuth } from './visitor-auth-cache';
import { createVisitorWithIdentity, insertNumberedVisitor } from './visitors';
import { readWebsiteConfig } from './website-config';
import { isBanned } from './widget-bans';
import type { WidgetDeps } from './widget-deps';
import { writeNewVisitor } from './widget-new-visitor';

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

/**
 * The visitor behind a stored token; unknown or forged tokens are not errors: a new visitor starts.
 * A new visitor is only counted against the address's limit here; its rows are written with its
 * first visit, in one transaction (`identity` null).
 */
async function resolveVisitor(
  db: Db,
  channel: { id: string; accountId: string },
  input: StartInput,
  client: ClientInfo,
): Promise<{ token: string; identity: VisitorIdentity | null }> {
  if (input.visitorToken) {
    const identity = await db.visitorIdentity.findUnique({
      where: {
        channelId_externalId: { channelId: channel.id, externalId: tokenIdentity(input.visitorToken) },
      },
    });
    if (identity) return { token: input.visitorToken, identity };
  }
  // Counted first and compared after (one statement; see recordHit): refused starts count too, which
  // does not move the end of the window.
  const limit = { key: `visitor:new:${client.ip ?? 'unknown'}`, max: NEW_VISITORS_PER_IP, windowMs: 60_000 };
  if ((await recordHit(db, limit)) > limit.max) {
    throw new AppError('rate_limited', 'widget.rate_limited', 'Too many new visitors from this address');
  }
  return { token: newVisitorToken(channel.id), identity: null };
}

/**
 * Every page load of the widget: finds or creates the visitor, records the page view (a new visit
 * after 30 minutes away) and returns what the widget shows.
 *
 * It runs for every visitor's every page, so a new visitor (most starts on a busy site) is written
 * in one transaction and nothing is read that cannot exist yet, on the hot path's SQL when there is
 * one (widget-new-visitor.ts): 14 statements instead of 28 (budget in widget-start.integration.test.ts).
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
    identity ??= await createVisitorWithIdentity(db, {
      accountId,
      channelId: channel.id,
      externalId: tokenIdentity(token),
      locale: input.locale,
    });
    const userKey = { channelId: channel.id, externalId: siteUserIdentity(input.identity.userId) };
    const known = await db.visitorIdentity.findUnique({ where: { channelId_externalId: userKey } });
    if (known && known.visitorId !== identity.visitorId) {
      const before = identity.visitorId;
      identity = await db.visitorIdentity.update({
        where: { id: identity.id },
        data: { visitorId: known.visitorId },
      });
      // This token now names the other visitor: a socket's cached check must not keep the old one.
      await invalidateVisitorAuth(deps.bus, { visitorIds: [before] });
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

  const [geo, device] = [await lookupIp(client.ip), readDevice(client.userAgent)];
  const now = new Date();
  const page = {
    accountId,
    url: clipText(input.page.url, PAGE_URL_MAX),
    title: clipText(input.page.title, PAGE_TITLE_MAX),
  };
  const newVisit = () => ({
    accountId,
    channelId: channel.id,
    ip: client.ip?.slice(0, 64) ?? null,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
    ...device,
    ...geo,
    ...readSource(input.page.url, input.page.referrer),
  });
  const known = identity;
  const hotPath = deps.database?.hotPath;
  // A new visitor on the hot path's SQL also hears where its stream starts (`eventId`).
  const started: { visitor: Visitor; visit: Visit; eventId?: number } =
    !known && hotPath
      ? await writeNewVisitor(
          { bus: deps.bus, hotPath },
          {
            accountId,
            channelId: channel.id,
            externalId: tokenIdentity(token),
            locale: input.locale,
            geo,
            tracking: newVisit(),
            page,
            now,
          },
        )
      : await withLiveEvents(deps, accountId, async (tx, emit) => {
          if (!known) {
            // A new visitor: its number, row, token identity, first visit and page view in one transaction,
            // written as they end up (nothing to read back: no earlier visit, page or conversation exists).
            const visitor = await insertNumberedVisitor(
              tx,
              { accountId, locale: input.locale },
              { visitCount: 1, firstSeenAt: now, lastSeenAt: now, city: geo.city, country: geo.country },
            );
            await tx.visitorIdentity.create({
              data: {
                accountId,
                visitorId: visitor.id,
                channelId: channel.id,
                externalId: tokenIdentity(token),
              },
            });
            const visit = await tx.visit.create({
              data: {
                ...newVisit(),
                visitorId: visitor.id,
                number: 1,
                pageCount: 1,
                startedAt: now,
                lastActiveAt: now,
              },
            });
            const pageView = await tx.pageView.create({ data: { ...page, visitId: visit.id, at: now } });
            const brief = toVisitorBrief({ ...visitor, visits: [{ ...visit, pageViews: [pageView] }] });
            await emit({
              topic: CONSOLE_TOPIC,
              data: { type: 'visitor', visitor: { ...brief, channelId: channel.id } },
            });
            return { visitor, visit };
          }
          return recordPageView(tx, emit, known.visitorId);
        });
  const { visitor, visit } = started;
  const visitorId = visitor.id;
  const auth: VisitorAuth = { visitorId, accountId, channelId: channel.id };

  /** A known visitor's page load: a new visit after 30 minutes away, else a page more in the last one. */
  async function recordPageView(tx: DbTx, emit: Emit, visitorId: string) {
    const last = await tx.visit.findFirst({
      where: { visitorId, channelId: channel.id },
      orderBy: { startedAt: 'desc' },
    });
    let visit = last;
    if (!last || now.getTime() - last.lastActiveAt.getTime() > VISIT_GAP_MS) {
      const counted = await tx.visitor.update({
        where: { id: visitorId },
        data: { visitCount: { increment: 1 } },
      });
      visit = await tx.visit.create({ data: { ...newVisit(), visitorId, number: counted.visitCount } });
    } else {
      await tx.pageView.updateMany({ where: { visitId: last.id, leftAt: null }, data: { leftAt: now } });
    }
    if (!visit) throw new Error('visit missing');
    await tx.pageView.create({ data: { ...page, visitId: visit.id } });
    visit = await tx.visit.update({
      where: { id: visit.id },
      data: { pageCount: { increment: 1 }, lastActiveAt: now, endedAt: null },
    });
    const visitor = await tx.visitor.update({
      where: { id: visitorId },
      data: {
        lastSeenAt: now,
        ...(geo.city ? { city: geo.city } : {}),
        ...(geo.country ? { country: geo.country } : {}),
      },
    });
    await emitVisitor(tx, emit, accountId, visitorId, channel.id);
    return { visitor, visit };
  }

  // Read before the conversation: a subscription resumed from here misses nothing that happens after
  // this snapshot (an agent's first message sent right as the page loads); what both carry is deduped.
  const eventId =
    started.eventId ??
    (await newestEventId(db, accountId, [visitorTopic(visitorId), channelTopic(channel.id)]));
  const result = {
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
    // A visitor created by this call has no conversation yet.
    conversation: known ? await widgetConversation(db, auth) : null,
    banned: await isBanned(db, accountId, visitorId, client.ip),
  };
  /** `newVisitor`: created by this call, so nothing of theirs (a chat, a rating) can exist yet. */
  return { result, newVisitor: !known };
}
