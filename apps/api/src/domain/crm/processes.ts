import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';

/** D3: admin-defined, ordered customer-process statuses (new lead → offer → won/lost). */
export async function listStatuses(db: Db, accountId: string) {
  const rows = await db.processStatus.findMany({
    where: { accountId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
  return rows.map((s) => ({ id: s.id, name: s.name, color: s.color, position: s.position }));
}

export async function createStatus(db: Db, accountId: string, input: { name: string; color: string }) {
  const last = await db.processStatus.findFirst({ where: { accountId }, orderBy: { position: 'desc' } });
  const s = await db.processStatus.create({
    data: { accountId, ...input, position: (last?.position ?? -1) + 1 },
  });
  return { id: s.id };
}

export async function updateStatus(
  db: Db,
  accountId: string,
  input: { id: string; name?: string | undefined; color?: string | undefined },
) {
  const { id, ...data } = input;
  const { count } = await db.processStatus.updateMany({ where: { id, accountId }, data });
  if (count === 0) throw notFound('Status');
}

export async function deleteStatus(db: Db, accountId: string, id: string) {
  const { count } = await db.processStatus.deleteMany({ where: { id, accountId } });
  if (count === 0) throw notFound('Status');
}

/** Reorders by the given id list; ids of other accounts are ignored. */
export async function reorderStatuses(db: Db, accountId: string, ids: string[]) {
  await db.$transaction(async (tx) => {
    for (const [position, id] of ids.entries())
      await tx.processStatus.updateMany({ where: { id, accountId }, data: { position } });
  });
}

/** Sets a visitor's status and keeps the change as history. */
export async function setVisitorStatus(
  deps: { db: Db; bus: EventBus },
  actor: { accountId: string; userId: string },
  input: { visitorId: string; statusId: string | null },
) {
  const { db } = deps;
  const visitor = await db.visitor.findFirst({ where: { id: input.visitorId, accountId: actor.accountId } });
  if (!visitor) throw notFound('Visitor');
  if (
    input.statusId &&
    !(await db.processStatus.findFirst({ where: { id: input.statusId, accountId: actor.accountId } }))
  ) {
    throw notFound('Status');
  }
  if (visitor.processStatusId === input.statusId) return;
  await withLiveEvents(deps, actor.accountId, async (tx, emit) => {
    await tx.visitor.update({ where: { id: visitor.id }, data: { processStatusId: input.statusId } });
    await tx.visitorStatusChange.create({
      data: {
        accountId: actor.accountId,
        visitorId: visitor.id,
        fromStatusId: visitor.processStatusId,
        toStatusId: input.statusId,
        changedById: actor.userId,
      },
    });
    await emit({ topic: CONSOLE_TOPIC, data: { type: 'visitor.changed', visitorId: visitor.id } });
  });
}
