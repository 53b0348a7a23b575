import { useEffect, useRef } from 'react';
import { nextAutoAwayAction } from '../../../lib/auto-away';
import { trpc } from '../../../lib/trpc';
import { useMe } from '../../../lib/use-me';
import { useMeCache } from '../../../lib/use-update-me';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 15_000;

/** Switches to away after the agent's chosen idle time, and back when they return (J3, B8). */
export function useAutoAway() {
  const me = useMe();
  const meCache = useMeCache();
  const setPresence = trpc.presence.set.useMutation({ onSettled: () => meCache.invalidate() });
  const lastActivity = useRef(Date.now());
  const wentAwayAutomatically = useRef(false);
  const state = useRef({ presence: me.presence, autoAwayMinutes: me.autoAwayMinutes });
  state.current = { presence: me.presence, autoAwayMinutes: me.autoAwayMinutes };
  // A manual switch to away (or back) ends the automatic one.
  useEffect(() => {
    if (me.presence === 'online') wentAwayAutomatically.current = false;
  }, [me.presence]);

  const mutate = setPresence.mutate;
  const patch = meCache.patch;

  // Opening the console means being at work: someone shown offline (e.g. after logging out elsewhere)
  // comes online. An agent who left "away" on stays away.
  const cameOnline = useRef(false);
  useEffect(() => {
    if (cameOnline.current || me.presence !== 'offline') return;
    cameOnline.current = true;
    patch({ presence: 'online' });
    mutate({ presence: 'online' });
  }, [me.presence, mutate, patch]);
  useEffect(() => {
    const check = () => {
      const action = nextAutoAwayAction({
        ...state.current,
        idleMs: Date.now() - lastActivity.current,
        wentAwayAutomatically: wentAwayAutomatically.current,
      });
      if (!action) return;
      wentAwayAutomatically.current = action === 'away';
      patch({ presence: action });
      mutate({ presence: action });
    };
    const onActivity = () => {
      const wasIdle = Date.now() - lastActivity.current > CHECK_EVERY_MS;
      lastActivity.current = Date.now();
      if (wasIdle) check();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    const timer = setInterval(check, CHECK_EVERY_MS);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
      clearInterval(timer);
    };
  }, [mutate, patch]);
}
