/**
 * Local days and hours of an IANA time zone, from the runtime's Intl data (docs/statistics.md,
 * "Days, hours and time zones"). Instants are epoch milliseconds; a civil date is `YYYY-MM-DD`.
 */

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export interface TLocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

/** The wall-clock reading of an instant in the zone. */
export function localParts(timeZone: string, ms: number): TLocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    weekday: WEEKDAYS[out.weekday as string] ?? 0,
  };
}

/** Local time minus UTC at that instant, in ms (New York in winter: -5 h). Cached per quarter hour. */
export function offsetMs(timeZone: string, ms: number): number {
  const key = `${timeZone}|${Math.floor(ms / 900_000)}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const p = localParts(timeZone, ms);
  const secondsFloor = Math.floor(ms / 1000) * 1000;
  const seconds = new Date(secondsFloor).getUTCSeconds();
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds);
  const offset = asUtc - secondsFloor;
  if (offsets.size > 200_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The instant at which the local hour containing `ms` began (StatHour's key). */
export function localHourStart(timeZone: string, ms: number): number {
  const offset = offsetMs(timeZone, ms);
  const local = ms + offset;
  return local - (((local % HOUR) + HOUR) % HOUR) - offset;
}

/** The instant of local midnight that starts the civil date (or the first instant of it, in a gap). */
export function localMidnight(timeZone: string, date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetMs(timeZone, guess);
  t = guess - offsetMs(timeZone, t);
  return t;
}

/** `localParts` from the cached offset: what reports call once per hour row. */
export function fastLocalParts(timeZone: string, ms: number): TLocalParts {
  const d = new Date(ms + offsetMs(timeZone, ms));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

/** `YYYY-MM-DD` of an instant in the zone. */
export function localDate(timeZone: string, ms: number): string {
  const p = fastLocalParts(timeZone, ms);
  return civil(p.year, p.month, p.day);
}

function civil(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The civil date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return civil(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Days from `from` to `to` inclusive. */
export function dayCount(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000) + 1;
}

export type TPreset = 'today' | 'yesterday' | 'last7' | 'last30' | 'thisMonth' | 'lastMonth' | 'custom';

export interface TPeriod {
  /** First and last civil date, inclusive. */
  from: string;
  to: string;
  /** [start, end) as instants. */
  start: number;
  end: number;
  days: number;
}

function period(timeZone: string, from: string, to: string): TPeriod {
  return {
    from,
    to,
    start: localMidnight(timeZone, from),
    end: localMidnight(timeZone, addDays(to, 1)),
    days: dayCount(from, to),
  };
}

/** The period a preset names in the zone at `now`, and the period just before it. */
export function resolvePeriod(
  timeZone: string,
  input: { preset: TPreset; from?: string | undefined; to?: string | undefined },
  now: number,
): { current: TPeriod; previous: TPeriod } {
  const today = localDate(timeZone, now);
  const monthStart = `${today.slice(0, 8)}01`;
  let from: string;
  let to: string;
  switch (input.preset) {
    case 'today':
      from = to = today;
      break;
    case 'yesterday':
      from = to = addDays(today, -1);
      break;
    case 'last7':
      from = addDays(today, -6);
      to = today;
      break;
    case 'last30':
      from = addDays(today, -29);
      to = today;
      break;
    case 'thisMonth':
      from = monthStart;
      to = today;
      break;
    case 'lastMonth':
      to = addDays(monthStart, -1);
      from = `${to.slice(0, 8)}01`;
      break;
    default:
      from = input.from ?? today;
      to = input.to ?? from;
  }
  const current = period(timeZone, from, to);
  let previous: TPeriod;
  if (input.preset === 'thisMonth') {
    const lastMonthEnd = addDays(monthStart, -1);
    const lastMonthStart = `${lastMonthEnd.slice(0, 8)}01`;
    const end = addDays(lastMonthStart, current.days - 1);
    previous = period(timeZone, lastMonthStart, end < lastMonthEnd ? end : lastMonthEnd);
  } else if (input.preset === 'lastMonth') {
    const prevEnd = addDays(from, -1);
    previous = period(timeZone, `${prevEnd.slice(0, 8)}01`, prevEnd);
  } else {
    previous = period(timeZone, addDays(from, -current.days), addDays(from, -1));
  }
  return { current, previous };
}
