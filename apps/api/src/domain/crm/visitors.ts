import type { Db, Prisma } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { isOnline, summarize } from '../live-chat/views';
import { insertNumberedVisitor } from '../live-chat/visitors';

/** D1: the CRM's visitor list, filters and record. */
export interface VisitorFilter {
  q?: string | undefined;
  tagId?: string | undefined;
  statusId?: string | undefined;
  channelId?: string | undefined;
  lastSeenFrom?: string | undefined;
  lastSeenTo?: string | undefined;
  hasEmail?: boolean | undefined;
  hasPhone?: boolean | undefined;
}

const MAX_VISITOR_NUMBER = 2_147_483_647;

export function visitorWhere(accountId: string, f: VisitorFilter): Prisma.VisitorWhereInput {
  const q = f.q?.trim();
  return {
    accountId,
    mergedIntoId: null,
    ...(q
      ? {
          OR: [
            { name: { contains: q } },
            { email: { contains: q.toLowerCase() } },
            { phone: { contains: q } },
            // Visitor numbers are 32-bit ints: a longer run of digits is no number of ours (and
            // reached the database as an out-of-range value, a 500).
            ...(/^\d{1,10}$/.test(q) && Number(q) <= MAX_VISITOR_NUMBER ? [{ number: Number(q) }] : []),
          ],
        }
      : {}),
    ...(f.tagId ? { tags: { some: { tagId: f.tagId } } } : {}),
    ...(f.statusId ? { processStatusId: f.statusId } : {}),
    ...(f.channelId ? { identities: { some: { channelId: f.channelId } } } : {}),
    ...(f.lastSeenFrom || f.lastSeenTo
      ? {
          lastSeenAt: {
            ...(f.lastSeenFrom ? { gte: new Date(f.lastSeenFrom) } : {}),
            ...(f.lastSeenTo ? { lte: new Date(f.lastSeenTo) } : {}),
          },
        }
      : {}),
    ...(f.hasEmail === true ? { email: { not: null } } : f.hasEmail === false ? { email: null } : {}),
    ...(f.hasPhone === true ? { phone: { not: null } } : f.hasPhone === false ? { phone: null } : {}),
  };
}

const rowInclude = {
  processStatus: { select: { id: true, name: true, color: true } },
  tags: { include: { tag: { select: { id: true, name: true, color: true } } } },
  visits: { orderBy: { startedAt: 'desc' as const }, take: 1 },
  _count: { select: { conversations: true } },
} as const;
type Row = Prisma.VisitorGetPayload<{ include: typeof rowInclude }>;

function toRow(v: Row) {
  return {
    id: v.id,
    number: v.number,
    name: v.name,
    email: v.email,
    phone: v.phone,
    city: v.city,
    country: v.country,
    online: isOnline(v.visits[0]),
    status: v.processStatus,
    tags: v.tags.map((t) => t.tag),
    conversations: v._count.conversations,
    firstSeenAt: v.firstSeenAt.toISOString(),
    lastSeenAt: v.lastSeenAt.toISOString(),
  };
}

const PAGE = 50;

export async function listVisitors(db: Db, accountId: string, filter: VisitorFilter, cursor?: string) {
  const rows = await db.visitor.findMany({
    where: visitorWhere(accountId, filter),
    include: rowInclude,
    orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    take: PAGE + 1,
  });
  return {
    items: rows.slice(0, PAGE).map(toRow),
    nextCursor: rows.length > PAGE ? (rows[PAGE - 1]?.id ?? null) : null,
  };
}

/** Streams every matching visitor in pages, for the CSV export: memory stays bounded by one page. */
export async function* iterateVisitors(db: Db, accountId: string, filter: VisitorFilter) {
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.visitor.findMany({
      where: visitorWhere(accountId, filter),
      include: {
        processStatus: { select: { name: true } },
        tags: { include: { tag: { select: { name: true } } } },
      },
      orderBy: { id: 'asc' },
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      take: 500,
    });
    for (const row of rows) yield row;
    if (rows.length < 500) return;
    cursor = rows.at(-1)?.id;
  }
}

export async function getVisitorRecord(db: Db, accountId: string, visitorId: string, forUserId: string) {
  const v = await db.visitor.findFirst({ where: { id: visitorId, accountId }, include: rowInclude });
  if (!v) throw notFound('Visitor');
  const [conversations, notes, statusHistory, reminders] = await Promise.all([
    db.conversation.findMany({
      where: { accountId, visitorId, kind: 'visitor' },
      orderBy: { lastMessageAt: 'desc' },
      select: { id: true },
    }),
    db.note.findMany({
      where: { accountId, visitorId },
      orderBy: { createdAt: 'desc' },
      include: { author: { select: { id: true, name: true } } },
    }),
    db.visitorStatusChange.findMany({
      where: { accountId, visitorId },
      orderBy: { at: 'desc' },
      take: 50,
      include: {
        fromStatus: { select: { name: true, color: true } },
        toStatus: { select: { name: true, color: true } },
        changedBy: { select: { name: true } },
      },
    }),
    db.reminder.findMany({ where: { accountId, visitorId }, orderBy: { dueAt: 'asc' } }),
  ]);
  return {
    ...toRow(v),
    conversations: await summarize(
      db,
      accountId,
      conversations.map((c) => c.id),
      forUserId,
    ),
    notes: notes.map((n) => ({
      id: n.id,
      body: n.body,
      author: n.author,
      createdAt: n.createdAt.toISOString(),
    })),
    statusHistory: statusHistory.map((s) => ({
      from: s.fromStatus,
      to: s.toStatus,
      by: s.changedBy?.name ?? null,
      at: s.at.toISOString(),
    })),
    reminders: reminders.map((r) => ({
      id: r.id,
      text: r.text,
      dueAt: r.dueAt.toISOString(),
      doneAt: r.doneAt?.toISOString() ?? null,
      assigneeId: r.assigneeId,
    })),
  };
}

export interface CrmActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

export async function updateContact(
  deps: { db: Db; bus: EventBus },
  actor: CrmActor,
  input: {
    visitorId: string;
    name?: string | null | undefined;
    email?: string | null | undefined;
    phone?: string | null | undefined;
  },
) {
  const { visitorId, ...data } = input;
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const { count } = await tx.visitor.updateMany({
      where: { id: visitorId, accountId: actor.accountId },
      data,
    });
    if (count === 0) throw notFound('Visitor');
    await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId } });
  });
}

/**
 * A contact added by hand (the REST API): a visitor of the account with its next number and no
 * channel identity yet; a channel links to it when it meets the same person (or an agent merges).
 * Contact fields as `updateContact` takes them; at least one of them.
 */
export async function createContact(
  deps: { db: Db; bus: EventBus },
  actor: CrmActor,
  input: {
    name?: string | null | undefined;
    email?: string | null | undefined;
    phone?: string | null | undefined;
  },
) {
  if (!input.name && !input.email && !input.phone)
    throw new AppError('bad_request', 'validation', 'Give the contact a name, an email or a phone', {
      name: 'validation.required',
    });
  const id = await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const visitor = await insertNumberedVisitor(tx, { accountId: actor.accountId, ...input });
    await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId: visitor.id } });
    return visitor.id;
  });
  return { id };
}

export async function addNote(
  deps: { db: Db; bus: EventBus },
  actor: CrmActor,
  input: { visitorId: string; body: string },
) {
  const visitor = await deps.db.visitor.findFirst({
    where: { id: input.visitorId, accountId: actor.accountId },
  });
  if (!visitor) throw notFound('Visitor');
  return withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    const note = await tx.note.create({
      data: { accountId: actor.accountId, visitorId: visitor.id, authorId: actor.userId, body: input.body },
    });
    await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId: visitor.id } });
    return { id: note.id };
  });
}

export async function deleteNote(
  deps: { db: Db; bus: EventBus },
  actor: CrmActor & { role: string },
  noteId: string,
) {
  const note = await deps.db.note.findFirst({ where: { id: noteId, accountId: actor.accountId } });
  if (!note) throw notFound('Note');
  if (note.authorId !== actor.userId && actor.role === 'agent') {
    throw new AppError('forbidden', 'forbidden', 'Only the author or an admin can delete this note');
  }
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    await tx.note.delete({ where: { id: note.id } });
    if (note.visitorId)
      await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId: note.visitorId } });
  });
}

// Merge and erase change many tables at once; each has its module. Re-exported for the routers.
export { eraseVisitor } from './visitor-erase';
export { mergeVisitors } from './visitor-merge';
