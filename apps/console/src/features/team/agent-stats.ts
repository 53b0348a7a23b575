/** E3: the periods an admin can pick for an agent's statistics. */
export const STATS_PERIODS = [7, 30, 90] as const;
export type TStatsPeriod = (typeof STATS_PERIODS)[number];

const DAY_MS = 86_400_000;

/** The last `days` days up to `now`, as the `agents.stats` input. */
export function statsRange(days: TStatsPeriod, now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - days * DAY_MS).toISOString(), to: now.toISOString() };
}

export function readStatsPeriod(value: string | null): TStatsPeriod {
  const days = Number(value);
  return (STATS_PERIODS as readonly number[]).includes(days) ? (days as TStatsPeriod) : 30;
}

/** The routing limit as typed: empty means unlimited (null); otherwise a whole number from 1 to 100. */
export function parseMaxChats(text: string): { value: number | null } | { error: 'validation.invalid' } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  if (!/^\d+$/.test(trimmed)) return { error: 'validation.invalid' };
  const value = Number(trimmed);
  return value >= 1 && value <= 100 ? { value } : { error: 'validation.invalid' };
}
