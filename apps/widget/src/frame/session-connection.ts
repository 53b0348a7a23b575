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

/**
 * The one WebSocket of a visitor and its `widget.events` subscription, resumed from the last
 * tracked event id kept in the site's storage (so a new page continues where the last one stopped).
 */
export class SessionConnection {
  socket: WidgetSocket | null = null;
  /** The visitor token the socket was opened with. */
  token: string | null = null;
  private subscription: { unsubscribe(): void } | null = null;
  private resubscribeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: SessionContext,
    private readonly hooks: ConnectionHooks,
  ) {}

  /** Opens the socket for `token`, unless one for it is open already. */
  ensure(token: string): void {
    if (this.socket && this.token === token) return;
    this.subscription?.unsubscribe();
    this.socket?.close();
    this.token = token;
    this.socket = connectWidget(token, {
      onOpen: () => {
        this.ctx.store.set({ connected: true });
        this.hooks.opened();
      },
      onClose: () => this.ctx.store.set({ connected: false }),
    });
    this.subscribe();
  }

  close(): void {
    clearTimeout(this.resubscribeTimer);
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.socket?.close();
    this.socket = null;
    this.token = null;
  }

  private subscribe() {
    const { storage, keys } = this.ctx;
    const socket = this.socket;
    if (!socket) return;
    this.subscription = socket.events(
      storage.getItem(keys.eid),
      (event, id) => {
        if (id) storage.setItem(keys.eid, id);
        this.hooks.event(event);
      },
      (err: RpcError) => {
        if (socket !== this.socket) return;
        this.subscription = null;
        if (err.status === 401) {
          this.close();
          this.hooks.tokenRejected();
        } else {
          // Our lastEventId may be too old for the server: resume from now, history fills gaps.
          storage.removeItem(keys.eid);
          this.resubscribeTimer = setTimeout(() => this.subscribe(), 3000);
        }
      },
    );
  }
}
