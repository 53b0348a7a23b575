// A reminder as the `reminder` live event carries it (and `tools.reminders` lists it). Reminders are
// managed in chat-tools/reminders.ts; their wire shape lives here because the live-event union does.
/** A reminder as `tools.reminders` lists it and the `reminder` live event carries it. */
export type ReminderView = ReturnType<typeof reminderView>;

export const reminderView = (r: {
  id: string;
  text: string;
  dueAt: Date;
  doneAt: Date | null;
  firedAt: Date | null;
  assigneeId: string;
  creatorId: string | null;
  conversationId: string | null;
  visitorId: string | null;
}) => ({
  id: r.id,
  text: r.text,
  dueAt: r.dueAt.toISOString(),
  doneAt: r.doneAt?.toISOString() ?? null,
  firedAt: r.firedAt?.toISOString() ?? null,
  assigneeId: r.assigneeId,
  creatorId: r.creatorId,
  conversationId: r.conversationId,
  visitorId: r.visitorId,
  state: r.doneAt
    ? ('done' as const)
    : r.dueAt.getTime() <= Date.now()
      ? ('overdue' as const)
      : ('due' as const),
});
