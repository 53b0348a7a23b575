import {
  type ChatHotPath,
  type PageView,
  uuid7,
  type Visit,
  type Visitor,
  type VisitTracking,
} from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { type LiveEventInput, publishStored, storedPayload } from '../../live/events';
import { CONSOLE_TOPIC, channelTopic } from './constants';
import { toVisitorBrief } from './views';

export interface NewVisitorInput {
  accountId: string;
  channelId: string;
  /** The token's digest (`tokenIdentity`). */
  externalId: string;
  locale: string | undefined;
  geo: { city: string | null; country: string | null };
  tracking: VisitTracking;
  page: { url: string; title: string | null };
  now: Date;
}

/**
 * widget.start of a new visitor on the hot path's SQL (#16): the account's next number, the visitor,
 * its identity, its first visit of one page and the consoles' "visitor" event in one transaction,
 * as the Prisma path in widget-start.ts writes them, without Prisma's cost per statement (CPU per
 * new visitor 12–13 → 5.4–7.4 ms, widget-start.integration.test.ts). The rows are returned as Prisma
 * would have read them back (nothing is read: everything is known but the number), with where the
 * widget's stream starts (`eventId`, read by the number's statement: one statement less).
 */
export async function writeNewVisitor(
  deps: { bus: EventBus; hotPath: ChatHotPath },
  input: NewVisitorInput,
): Promise<{ visitor: Visitor; visit: Visit; eventId: number }> {
  const { accountId, channelId, now } = input;
  const visitor: Visitor = {
    id: uuid7(),
    accountId,
    number: 0,
    name: null,
    email: null,
    phone: null,
    externalId: null,
    processStatusId: null,
    city: input.geo.city,
    country: input.geo.country,
    locale: input.locale?.slice(0, 20) ?? null,
    visitCount: 1,
    mergedIntoId: null,
    firstSeenAt: now,
    lastSeenAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const visit: Visit = {
    id: uuid7(),
    accountId,
    visitorId: visitor.id,
    channelId,
    number: 1,
    pageCount: 1,
    ...input.tracking,
    startedAt: now,
    lastActiveAt: now,
    endedAt: null,
  };
  const pageView: PageView = {
    id: uuid7(),
    accountId,
    visitId: visit.id,
    url: input.page.url,
    title: input.page.title,
    at: now,
    leftAt: null,
  };
  let events: LiveEventInput[] = [];
  const written = await deps.hotPath.newVisitor({
    accountId,
    channelId,
    now,
    visitor: { id: visitor.id, locale: visitor.locale, city: visitor.city, country: visitor.country },
    identity: { id: uuid7(), externalId: input.externalId },
    visit,
    pageView,
    channelTopic: channelTopic(channelId),
    events(number) {
      const brief = toVisitorBrief({ ...visitor, number, visits: [{ ...visit, pageViews: [pageView] }] });
      events = [{ topic: CONSOLE_TOPIC, data: { type: 'visitor', visitor: { ...brief, channelId } } }];
      return events.map((e) => ({ topic: e.topic, payload: storedPayload(e) }));
    },
  });
  visitor.number = written.number;
  await publishStored(deps.bus, accountId, events, written.eventIds);
  return { visitor, visit, eventId: written.newestEventId };
}
