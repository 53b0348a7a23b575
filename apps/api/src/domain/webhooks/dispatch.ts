import { type Db, type DbProvider, isUniqueViolation } from '@parley/db';
import type { ConsoleEvent } from '../../contract/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { newDeliveryId, readEvents } from './endpoints';
import {
  CALL_END_STATES,
  publicCall,
  publicConversation,
  publicMessage,
  publicRating,
  type TWebhookConversation,
  type TWebhookEventType,
  type TWebhookPayload,
} from './events';

/**
 * J7 dispatcher (scheduled job `webhook-dispatch`, once across API processes): reads the event log
 * (LiveEvent, written in the same transaction as each change, so only committed changes are there)
 * after its cursor, turns the events into public webhook events and queues one delivery per
 * subscribed endpoint. Idempotent: a delivery's `dedupeKey` is unique per endpoint, so a second run
 * over the same events (a lease that ran out mid-run) queues nothing twice.
 */
const CURSOR_ID = 'cursor';
const BATCH = 500;

/**
 * The highest event id below which every transaction has committed or rolled back. SQLite has one
 * writer at a time, so that is the newest id. On PostgreSQL an id is taken when a row is inserted,
 * not when it commits (and ids are not contiguous): a later id can be visible while an earlier
 * transaction is still open. A SHARE lock on LiveEvent waits for the transactions writing it now to
 * end (new writers wait the few milliseconds it is held); the newest id read under it is safe.
 * `lock_timeout` keeps a long writer from stalling the others behind this lock: the run is skipped.
 */
async function committedWatermark(db: Db, provider: DbProvider): Promise<number | null> {
  if (provider !== 'postgresql') {
    const newest = await db.liveEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    return newest?.id ?? 0;
  }
  try {
    return await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '500ms'`);
      await tx.$executeRawUnsafe('LOCK TABLE "LiveEvent" IN SHARE MODE');
      const rows = await tx.$queryRawUnsafe<{ m: number | bigint | null }[]>(
        'SELECT MAX("id") AS m FROM "LiveEvent"',
      );
      return Number(rows[0]?.m ?? 0);
    });
  } catch (err) {
    if (/lock timeout/i.test(String((err as Error).message))) return null;
    throw err;
  }
}

interface QueuedEvent {
  type: TWebhookEventType;
  /** When the thing happened, if earlier than its log event (a waiting chat announced again). */
  occurredAt?: Date;
  dedupeKey: string;
  orderKey: string;
  payload: TWebhookPayload;
}

interface ConvState {
  accountId: string;
  status: string | null;
  assigneeId: string | null;
}

type EndpointRow = { id: string; accountId: string; events: unknown; createdAt: Date };

export interface DispatchDeps {
  systemDb: Db;
  provider: DbProvider;
}

export async function runWebhookDispatch({ systemDb, provider }: DispatchDeps, now = new Date()) {
  const cursor = await systemDb.webhookState.findUnique({ where: { id: CURSOR_ID } });
  if (!cursor) {
    // First run on this database: start from now, not from the last day of history.
    const newest = await committedWatermark(systemDb, provider);
    try {
      await systemDb.webhookState.create({ data: { id: CURSOR_ID, lastEventId: newest ?? 0 } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    return { events: 0, queued: 0 };
  }
  const endpoints = await systemDb.webhookEndpoint.findMany({
    // A suspended account's events are not queued (its endpoints get what happens after it is back).
    where: { enabled: true, account: { suspendedAt: null } },
    select: { id: true, accountId: true, events: true, createdAt: true },
  });
  if (endpoints.length === 0) {
    // Nobody to deliver to (the common case on most installations): keep up with the log without the
    // PostgreSQL SHARE lock, which would otherwise hold up every message's commit once a second for
    // nothing. An endpoint added later only gets events from its creation on, so none is missed.
    const newest = await systemDb.liveEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    if (newest && newest.id > cursor.lastEventId)
      await systemDb.webhookState.update({ where: { id: CURSOR_ID }, data: { lastEventId: newest.id } });
    return { events: 0, queued: 0 };
  }
  const byAccount = new Map<string, EndpointRow[]>();
  for (const e of endpoints) byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);

  const watermark = await committedWatermark(systemDb, provider);
  if (watermark === null || watermark <= cursor.lastEventId) return { events: 0, queued: 0 };
  const usable = await systemDb.liveEvent.findMany({
    where: { id: { gt: cursor.lastEventId, lte: watermark } },
    orderBy: { id: 'asc' },
    take: BATCH,
  });
  const last = usable.at(-1)?.id ?? watermark;

  const states = new Map<string, ConvState>();
  let queued = 0;
  for (const row of usable) {
    const accountEndpoints = byAccount.get(row.accountId);
    if (!accountEndpoints || row.topic !== CONSOLE_TOPIC) continue;
    const event = (row.payload as { data?: ConsoleEvent } | null)?.data;
    if (!event || typeof event !== 'object') continue;
    const since = Math.min(...accountEndpoints.map((e) => e.createdAt.getTime()));
    const mapped = await mapEvent(systemDb, row.accountId, row.id, row.createdAt, event, states, since);
    for (const [index, item] of mapped.entries()) {
      for (const endpoint of accountEndpoints) {
        if (
          endpoint.createdAt > (item.occurredAt ?? row.createdAt) ||
          !readEvents(endpoint.events).includes(item.type)
        )
          continue;
        try {
          await systemDb.webhookDelivery.create({
            data: {
              id: newDeliveryId(),
              accountId: row.accountId,
              endpointId: endpoint.id,
              eventId: row.id,
              eventIndex: index,
              dedupeKey: item.dedupeKey,
              type: item.type,
              orderKey: item.orderKey,
              payload: item.payload as object,
              nextAttemptAt: now,
            },
          });
          queued++;
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
        }
      }
    }
  }
  for (const [conversationId, { accountId, status, assigneeId }] of states) {
    await systemDb.webhookState.upsert({
      where: { id: `conv:${conversationId}` },
      create: { id: `conv:${conversationId}`, accountId, status, assigneeId },
      update: { status, assigneeId },
    });
  }
  await systemDb.webhookState.update({ where: { id: CURSOR_ID }, data: { lastEventId: last } });
  return { events: usable.length, queued };
}

async function loadState(db: Db, states: Map<string, ConvState>, conversationId: string) {
  const known = states.get(conversationId);
  if (known) return known;
  const row = await db.webhookState.findUnique({ where: { id: `conv:${conversationId}` } });
  return row ? { accountId: row.accountId ?? '', status: row.status, assigneeId: row.assigneeId } : null;
}

async function mapEvent(
  db: Db,
  accountId: string,
  eventId: number,
  at: Date,
  event: ConsoleEvent,
  states: Map<string, ConvState>,
  trackingSince: number,
): Promise<QueuedEvent[]> {
  const timestamp = at.toISOString();
  const out: QueuedEvent[] = [];
  const conversationChanges = async (conversation: TWebhookConversation) => {
    const summary = conversation;
    const prev = await loadState(db, states, summary.id);
    const orderKey = `conversation:${summary.id}`;
    const push = (
      type: 'conversation.created' | 'conversation.assigned' | 'conversation.closed',
      key: string,
    ) => out.push({ type, dedupeKey: key, orderKey, payload: { type, timestamp, data: { conversation } } });
    const isNew = Date.parse(summary.startedAt) >= trackingSince - 1000;
    if (!prev && isNew) push('conversation.created', `conversation.created:${summary.id}`);
    // A conversation older than the account's endpoints, first seen now: its assignee is a baseline,
    // not news (a tag change on an old chat is no assignment). A close is still sent.
    if (summary.assignee && (prev || isNew) && summary.assignee.id !== (prev?.assigneeId ?? null))
      push('conversation.assigned', `conversation.assigned:${summary.id}:${eventId}`);
    if (summary.status === 'closed' && prev?.status !== 'closed')
      push('conversation.closed', `conversation.closed:${summary.id}:${eventId}`);
    states.set(summary.id, { accountId, status: summary.status, assigneeId: summary.assignee?.id ?? null });
  };
  /** A conversation first heard of through its message (the log has the message before the request). */
  const conversationFromRow = async (id: string): Promise<TWebhookConversation | null> => {
    const c = await db.conversation.findFirst({
      where: { id, accountId, kind: 'visitor' },
      include: { assignee: { select: { id: true, name: true } } },
    });
    if (!c?.channelId || !c.visitorId) return null;
    return {
      id: c.id,
      channelId: c.channelId,
      visitorId: c.visitorId,
      status: c.status === 'closed' ? 'closed' : 'open',
      assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
      startedAt: c.startedAt.toISOString(),
    };
  };
  const messageCreated = async (message: Parameters<typeof publicMessage>[0]) => {
    const m = publicMessage(message);
    if (!m) return;
    const c = await db.conversation.findFirst({
      where: { id: m.conversationId, accountId },
      select: { channelId: true, visitorId: true, kind: true },
    });
    if (c?.kind !== 'visitor') return;
    if (!(await loadState(db, states, m.conversationId))) {
      // The row is as it is now, later than this event: only its ids and start are of this moment.
      // A new conversation is announced as it began (open, nobody assigned); its own events follow.
      const conversation = await conversationFromRow(m.conversationId);
      if (conversation && Date.parse(conversation.startedAt) >= trackingSince - 1000)
        await conversationChanges({ ...conversation, status: 'open', assignee: null });
      else if (conversation)
        // Open: a message was just written in it (a close after it is still news).
        states.set(conversation.id, {
          accountId,
          status: 'open',
          assigneeId: conversation.assignee?.id ?? null,
        });
    }
    out.push({
      type: 'message.created',
      occurredAt: new Date(m.createdAt),
      dedupeKey: `message.created:${m.id}`,
      orderKey: `conversation:${m.conversationId}`,
      payload: {
        type: 'message.created',
        timestamp,
        data: {
          message: m,
          conversation: { id: m.conversationId, channelId: c.channelId, visitorId: c.visitorId },
        },
      },
    });
  };
  switch (event.type) {
    case 'chat.request':
      await conversationChanges(publicConversation(event.conversation));
      await messageCreated(event.message);
      break;
    case 'conversation':
    case 'chat.transferred':
      await conversationChanges(publicConversation(event.conversation));
      break;
    case 'message':
      await messageCreated(event.message);
      break;
    case 'visitor.changed': {
      const v = await db.visitor.findFirst({
        where: { id: event.visitorId, accountId },
        select: { id: true, number: true, name: true, email: true, phone: true },
      });
      if (v)
        out.push({
          type: 'visitor.updated',
          dedupeKey: `visitor.updated:${v.id}:${eventId}`,
          orderKey: `visitor:${v.id}`,
          payload: { type: 'visitor.updated', timestamp, data: { visitor: v } },
        });
      break;
    }
    case 'call.updated':
      if (CALL_END_STATES.has(event.call.status))
        out.push({
          type: 'call.ended',
          dedupeKey: `call.ended:${event.call.id}`,
          orderKey: event.call.conversationId
            ? `conversation:${event.call.conversationId}`
            : `call:${event.call.id}`,
          payload: { type: 'call.ended', timestamp, data: { call: publicCall(event.call) } },
        });
      break;
    case 'chat.rated':
      out.push({
        type: 'rating.given',
        dedupeKey: `rating.given:${event.rating.conversationId}:${event.rating.updatedAt}`,
        orderKey: `conversation:${event.rating.conversationId}`,
        payload: { type: 'rating.given', timestamp, data: { rating: publicRating(event.rating) } },
      });
      break;
    default:
      break;
  }
  return out;
}
