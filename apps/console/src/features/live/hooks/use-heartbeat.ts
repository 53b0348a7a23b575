import { useEffect } from 'react';
import { trpc } from '../../../lib/trpc';

export const HEARTBEAT_MS = 20_000;

/**
 * B8: an open console beats every 20 s; the server sets a console that stopped beating offline after
 * about a minute (closed tab, crashed laptop), so visitors don't wait for an agent who is gone.
 */
export function useHeartbeat() {
  const heartbeat = trpc.presence.heartbeat.useMutation();
  const beat = heartbeat.mutate;
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
