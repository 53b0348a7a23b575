import { type Db, scopeToAccount } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { reminderView as view } from '../live-chat/reminder-view';

export type { ReminderView } from '../live-chat/reminder-view';

/** C1/D2: reminders for me or a teammate, fired once across API processes when due. */
export interface ReminderActor {
  accountId: string;
  userId: string;
}

export async function createReminder(
  db: Db,
  actor: ReminderActor,
  input: {
    text: string;
    dueAt: string;
    assigneeId?: string | undefined;
    conversationId?: string | undefined;
    visitorId?: string | undefined;
  },
) {
  const assigneeId = input.assigneeId ?? actor.userId;
  if (!(await db.user.findFirst({ where: { id: assigneeId, accountId: actor.accountId } })))
    throw notFound('Agent');
  let visitorId = input.visitorId ?? null;
  if (input.conversationId) {
    const c = await db.conversation.findFirst({
      where: { id: input.conversationId, accountId: actor.accountId },
    });
    if (!c) throw notFound('Conversation');
    visitorId ??= c.visitorId;
  }
  if (visitorId && !(await db.visitor.findFirst({ where: { id: visitorId, accountId: actor.accountId } })))
    throw notFound('Visitor');
  const dueAt = new Date(input.dueAt);
  if (dueAt.getTime() <= Date.now())
    throw new AppError('bad_request', 'reminder.past', 'Pick a time in the future', {
      dueAt: 'validation.future',
    });
  const r = await db.reminder.create({
    data: {
      accountId: actor.accountId,
      creatorId: actor.userId,
      assigneeId,
      conversationId: input.conversationId ?? null,
      visitorId,
      text: input.text,
      dueAt,
    },
  });
  return view(r);
}

export async function listReminders(db: Db, actor: ReminderActor, scope: 'mine' | 'team') {
  const rows = await db.reminder.findMany({
    where: { accountId: actor.accountId, ...(scope === 'mine' ? { assigneeId: actor.userId } : {}) },
    orderBy: [{ doneAt: 'asc' }, { dueAt: 'asc' }],
    take: 500,
  });
  return rows.map(view);
}

export async function completeReminder(db: Db, actor: ReminderActor, id: string, done: boolean) {
  const { count } = await db.reminder.updateMany({
    where: { id, accountId: actor.accountId },
    data: { doneAt: done ? new Date() : null },
  });
  if (count === 0) throw notFound('Reminder');
}

export async function deleteReminder(db: Db, actor: ReminderActor, id: string) {
  const { count } = await db.reminder.deleteMany({ where: { id, accountId: actor.accountId } });
  if (count === 0) throw notFound('Reminder');
}

/**
 * Scheduled every few seconds under a lease: each due reminder is claimed with a conditional update
 * (firedAt still null), so it fires exactly once even with several processes or after a restart.
 */
export async function fireDueReminders(deps: { systemDb: Db; bus: EventBus }): Promise<number> {
  // A system job: due reminders of every account in one read, then each fired in its account's scope.
  const due = await deps.systemDb.reminder.findMany({
    where: { firedAt: null, doneAt: null, dueAt: { lte: new Date() } },
    take: 200,
  });
  let fired = 0;
  for (const r of due) {
    const scoped = { db: scopeToAccount(deps.systemDb, r.accountId), bus: deps.bus };
    await withLiveEvents(scoped, r.accountId, async (tx, emit) => {
      const { count } = await tx.reminder.updateMany({
        where: { id: r.id, firedAt: null },
        data: { firedAt: new Date() },
      });
      if (count !== 1) return;
      fired++;
      await emit({
        topic: CONSOLE_TOPIC,
        data: { type: 'reminder', reminder: view({ ...r, firedAt: new Date() }) },
        audience: [r.assigneeId],
      });
    });
  }
  return fired;
}
