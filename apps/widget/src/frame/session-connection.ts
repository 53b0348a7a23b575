import type { WidgetEvent } from '../types';
import { connectWidget, type RpcError, type WidgetSocket } from './rpc';
import type { SessionContext } from './session-state';

export interface ConnectionHooks {
  /** The socket is (again) open: queued messages can go. */
  opened(): void;
  event(event: WidgetEvent): void;
  /** The server no longer knows the token: the widget starts again and gets a new one. */
  tokenRejected(): void;
}

export type SessionConnection = ReturnType<typeof createConnection>;

/**
 * The one WebSocket of a visitor and its `widget.events` subscription, resumed from the last
 * tracked event id kept in the site's storage (so a new page continues where the last one stopped).
 */
export function createConnection({ store, storage, keys }: SessionContext, hooks: ConnectionHooks) {
  let socket: WidgetSocket | null = null;
  let token: string | null = null;
  let subscription: { unsubscribe(): void } | null = null;
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  const close = (): void => {
    clearTimeout(resubscribeTimer);
    subscription?.unsubscribe();
    subscription = null;
    socket?.close();
    socket = null;
    token = null;
  };

  const subscribe = () => {
    const current = socket;
    if (!current) return;
    subscription = current.events(
      storage.getItem(keys.eid),
      (event, id) => {
        if (id) storage.setItem(keys.eid, id);
        hooks.event(event);
      },
      (err: RpcError) => {
        if (current !== socket) return;
        subscription = null;
        // A suspended account ends the stream at once: start again, which then says chat is unavailable.
        if (err.status === 401 || err.appCode === 'account.suspended') {
          close();
          hooks.tokenRejected();
        } else {
          // Our lastEventId may be too old for the server: resume from now, history fills gaps.
          storage.removeItem(keys.eid);
          resubscribeTimer = setTimeout(subscribe, 3000);
        }
      },
    );
  };

  return {
    socket: () => socket,
    /** The visitor token the socket was opened with. */
    token: () => token,
    close,
    /** Opens the socket for `visitorToken`, unless one for it is open already. */
    ensure(visitorToken: string): void {
      if (socket && token === visitorToken) return;
      subscription?.unsubscribe();
      socket?.close();
      token = visitorToken;
      socket = connectWidget(visitorToken, {
        onOpen: () => {
          store.set({ connected: true });
          hooks.opened();
        },
        onClose: () => store.set({ connected: false }),
      });
      subscribe();
    },
  };
}
