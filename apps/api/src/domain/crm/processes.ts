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

type ProcessDeps = { db: Db; bus: EventBus };

/** Tells every console to reload the status list (and the visitors showing a changed status). */
async function announce(deps: ProcessDeps, accountId: string) {
  await withLiveEvents(deps, accountId, (_tx, emit) =>
    emit({ topic: CONSOLE_TOPIC, data: { type: 'processes.changed' } }),
  );
}

export async function createStatus(
  deps: ProcessDeps,
  accountId: string,
  input: { name: string; color: string },
) {
  const last = await deps.db.processStatus.findFirst({ where: { accountId }, orderBy: { position: 'desc' } });
  const s = await deps.db.processStatus.create({
    data: { accountId, ...input, position: (last?.position ?? -1) + 1 },
  });
  await announce(deps, accountId);
  return { id: s.id };
}

export async function updateStatus(
  deps: ProcessDeps,
  accountId: string,
  input: { id: string; name?: string | undefined; color?: string | undefined },
) {
  const { id, ...data } = input;
  const { count } = await deps.db.processStatus.updateMany({ where: { id, accountId }, data });
  if (count === 0) throw notFound('Status');
  await announce(deps, accountId);
}

export async function deleteStatus(deps: ProcessDeps, accountId: string, id: string) {
  const { count } = await deps.db.processStatus.deleteMany({ where: { id, accountId } });
  if (count === 0) throw notFound('Status');
  await announce(deps, accountId);
}

/** Reorders by the given id list; ids of other accounts are ignored. */
export async function reorderStatuses(deps: ProcessDeps, accountId: string, ids: string[]) {
  await deps.db.$transaction(async (tx) => {
    for (const [position, id] of ids.entries()) {
      await tx.processStatus.updateMany({ where: { id, accountId }, data: { position } });
    }
  });
  await announce(deps, accountId);
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
