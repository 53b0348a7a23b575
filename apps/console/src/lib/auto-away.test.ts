import { describe, expect, it } from 'vitest';
import { nextAutoAwayAction } from './auto-away';

const minutes = (n: number) => n * 60_000;

describe('nextAutoAwayAction', () => {
  it('goes away after the chosen idle time', () => {
    const base = { presence: 'online' as const, autoAwayMinutes: 10, wentAwayAutomatically: false };
    expect(nextAutoAwayAction({ ...base, idleMs: minutes(9) })).toBeNull();
    expect(nextAutoAwayAction({ ...base, idleMs: minutes(10) })).toBe('away');
  });

  it('never goes away when auto-away is off', () => {
    expect(
      nextAutoAwayAction({
        presence: 'online',
        autoAwayMinutes: null,
        idleMs: minutes(600),
        wentAwayAutomatically: false,
      }),
    ).toBeNull();
  });

  it('comes back online on activity only after an automatic away', () => {
    expect(
      nextAutoAwayAction({ presence: 'away', autoAwayMinutes: 5, idleMs: 0, wentAwayAutomatically: true }),
    ).toBe('online');
    expect(
      nextAutoAwayAction({ presence: 'away', autoAwayMinutes: 5, idleMs: 0, wentAwayAutomatically: false }),
    ).toBeNull();
  });
});
