import { useEffect, useSyncExternalStore } from 'react';
import { defineMessages, FormattedMessage } from 'react-intl';
import { useNavigate } from 'react-router';
import { onOpenRequest } from '../register';

const messages = defineMessages({
  offline: {
    id: 'pwa.offline',
    defaultMessage: 'You are offline. Parley shows what it can and reconnects when the network is back.',
  },
});

function subscribeOnline(listener: () => void) {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** Whether the browser says it has a network. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/**
 * A7, inside the router on every screen: the "You are offline" banner (a status region, so screen
 * readers hear it without losing focus), and a clicked push notification's chat opened in this tab.
 */
export function PwaBridge() {
  const online = useOnline();
  const navigate = useNavigate();
  useEffect(() => onOpenRequest((url) => navigate(url)), [navigate]);
  return (
    <div role="status" className="offline-status">
      {online ? null : (
        <p className="banner banner-warning offline-banner">
          <FormattedMessage {...messages.offline} />
        </p>
      )}
    </div>
  );
}
