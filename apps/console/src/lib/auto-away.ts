export type TAutoAwayState = {
  presence: 'online' | 'away' | 'offline';
  autoAwayMinutes: number | null;
  idleMs: number;
  /** True when the console itself switched to away because of inactivity (not the agent's own choice). */
  wentAwayAutomatically: boolean;
};

/**
 * Decides what the idle watcher should do. An agent who chose "away" by hand stays away when they come
 * back; one who was sent away by the timer comes back online with the first keystroke or mouse move.
 */
export function nextAutoAwayAction(state: TAutoAwayState): 'away' | 'online' | null {
  const { presence, autoAwayMinutes, idleMs, wentAwayAutomatically } = state;
  if (presence === 'online' && autoAwayMinutes !== null && autoAwayMinutes > 0) {
    return idleMs >= autoAwayMinutes * 60_000 ? 'away' : null;
  }
  if (presence === 'away' && wentAwayAutomatically && idleMs < 60_000) return 'online';
  return null;
}

export const AUTO_AWAY_CHOICES = [null, 5, 10, 15, 30, 60] as const;
