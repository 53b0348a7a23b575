import { useCallback, useEffect } from 'react';
import { heldCalls } from '../../../lib/held-calls';
import { trpc } from '../../../lib/trpc';

export const HEARTBEAT_MS = 20_000;

/**
 * B8: an open console beats every 20 s; the server sets a console that stopped beating offline after
 * about a minute (closed tab, crashed laptop), so visitors don't wait for an agent who is gone.
 * Each beat names the calls whose audio this tab holds: the server ends a call no tab names any more.
 */
export function useHeartbeat() {
  const heartbeat = trpc.presence.heartbeat.useMutation();
  const mutate = heartbeat.mutate;
  const beat = useCallback(() => mutate({ calls: heldCalls() }), [mutate]);
  useEffect(() => {
    beat();
    const timer = setInterval(() => beat(), HEARTBEAT_MS);
    const onOnline = () => beat();
    window.addEventListener('online', onOnline);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', onOnline);
    };
  }, [beat]);
}
