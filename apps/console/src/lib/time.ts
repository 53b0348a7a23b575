export type TRelativeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Picks the unit a person would use for the distance between two instants ("3 minutes ago", "in 6 days")
 * and the signed, rounded value for Intl.RelativeTimeFormat.
 */
export function selectRelativeUnit(date: Date, now: Date): { value: number; unit: TRelativeUnit } {
  const diff = date.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const pick = (size: number, unit: TRelativeUnit) => ({ value: Math.round(diff / size) || 0, unit });
  if (abs < MINUTE) return pick(SECOND, 'second');
  if (abs < HOUR) return pick(MINUTE, 'minute');
  if (abs < DAY) return pick(HOUR, 'hour');
  if (abs < 7 * DAY) return pick(DAY, 'day');
  if (abs < 30 * DAY) return pick(7 * DAY, 'week');
  if (abs < 365 * DAY) return pick(30 * DAY, 'month');
  return pick(365 * DAY, 'year');
}

/**
 * How often a relative time must be redrawn to stay right: every second under a minute ("29 seconds
 * ago"), then as often as its unit changes, at most every five minutes.
 */
export function relativeTickMs(date: Date, now: Date): number {
  const abs = Math.abs(date.getTime() - now.getTime());
  if (abs < MINUTE) return SECOND;
  if (abs < HOUR) return 15 * SECOND;
  return 5 * MINUTE;
}

/** The server sends dates as ISO strings (no transformer); tolerate Date objects too. */
export function toDate(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A duration as whole hours, minutes and seconds, for "time on site" (B7). Negative counts as zero. */
export function splitDuration(ms: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.floor(ms / 1000));
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as typed in a date input (YYYY-MM-DD) at local midnight, or null when it isn't a real date. */
export function parseDay(text: string): Date | null {
  const match = DAY_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/**
 * Two typed days as instants: the start of the first and the end of the second day in the agent's time
 * zone, so "from 3 May to 3 May" means all of 3 May. Swapped days are put in order; bad ones are left out.
 */
export function dayRange(fromText: string, toText: string): { from?: string; to?: string } {
  let from = parseDay(fromText);
  let to = parseDay(toText);
  if (from && to && from > to) [from, to] = [to, from];
  const range: { from?: string; to?: string } = {};
  if (from) range.from = from.toISOString();
  if (to) {
    const end = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1);
    range.to = new Date(end.getTime() - 1).toISOString();
  }
  return range;
}
