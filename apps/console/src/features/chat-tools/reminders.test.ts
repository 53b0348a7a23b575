import { describe, expect, it } from 'vitest';
import { groupReminders, isoToLocalInput, localInputToIso } from './reminders';

describe('reminders', () => {
  it('splits into overdue, due and done at a moment', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    const r = (id: string, dueAt: string, doneAt: string | null = null) => ({ id, dueAt, doneAt });
    const groups = groupReminders(
      [
        r('later', '2026-01-02T00:00:00.000Z'),
        r('soon', '2026-01-01T13:00:00.000Z'),
        r('late', '2026-01-01T11:00:00.000Z'),
        r('done', '2026-01-01T10:00:00.000Z', '2026-01-01T10:05:00.000Z'),
      ],
      now,
    );
    expect(groups.overdue.map((x) => x.id)).toEqual(['late']);
    expect(groups.due.map((x) => x.id)).toEqual(['soon', 'later']);
    expect(groups.done.map((x) => x.id)).toEqual(['done']);
  });

  it('converts between datetime-local values and ISO', () => {
    const date = new Date(2026, 4, 6, 7, 8);
    expect(isoToLocalInput(date)).toBe('2026-05-06T07:08');
    expect(localInputToIso('2026-05-06T07:08')).toBe(date.toISOString());
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('nonsense')).toBeNull();
  });
});
