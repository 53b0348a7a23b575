/** D2: reminders split into what is overdue, still due and done, at a given moment. */
export type TReminderLike = { dueAt: string; doneAt: string | null };

export function groupReminders<T extends TReminderLike>(list: readonly T[], now: number) {
  const overdue: T[] = [];
  const due: T[] = [];
  const done: T[] = [];
  for (const reminder of list) {
    if (reminder.doneAt) done.push(reminder);
    else if (new Date(reminder.dueAt).getTime() <= now) overdue.push(reminder);
    else due.push(reminder);
  }
  const byDue = (a: T, b: T) => a.dueAt.localeCompare(b.dueAt);
  return {
    overdue: overdue.sort(byDue),
    due: due.sort(byDue),
    done: done.sort((a, b) => (b.doneAt ?? '').localeCompare(a.doneAt ?? '')),
  };
}

/** `<input type="datetime-local">` value (local time) → ISO string with offset, or null when empty/bad. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A local `datetime-local` value `minutes` from `now`, for sensible defaults. */
export function isoToLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
