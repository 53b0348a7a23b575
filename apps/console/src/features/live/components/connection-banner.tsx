import { useEffect, useState } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { useSession } from '../../../lib/api-provider';

const messages = defineMessages({
  reconnecting: {
    id: 'live.reconnecting',
    defaultMessage: 'Reconnecting… Messages you send now go out as soon as the connection is back.',
  },
  offline: {
    id: 'live.offline',
    defaultMessage: 'You are offline. Messages you send now go out as soon as the connection is back.',
  },
});

// The first connection takes a moment: only a drop (or a slow start) is worth a banner.
const FIRST_CONNECT_GRACE_MS = 3_000;

/** B8: says so while the live connection is down, so nobody waits for chats that cannot arrive. */
export function ConnectionBanner() {
  const { wsClient } = useSession();
  const [state, setState] = useState(wsClient.connectionState.get().state);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [connectedOnce, setConnectedOnce] = useState(false);
  const [graceOver, setGraceOver] = useState(false);

  useEffect(() => {
    const subscription = wsClient.connectionState.subscribe({
      next: (next) => {
        setState(next.state);
        if (next.state === 'pending') setConnectedOnce(true);
      },
    });
    return () => subscription.unsubscribe();
  }, [wsClient]);

  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);

  const down = state === 'connecting' && (connectedOnce || graceOver);
  if (online && !down) return null;
  return (
    <div className="connection-banner" role="status">
      <FormattedMessage {...(online ? messages.reconnecting : messages.offline)} />
    </div>
  );
}
