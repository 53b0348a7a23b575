import type { ParleyEvent } from '../protocol';
import type { Contact, Identity } from '../types';

export interface ParleyApi {
  open(): void;
  close(): void;
  setContact(contact: Contact): void;
  identify(identity: Identity): void;
  /** Returns a function that removes the handler. */
  on(event: ParleyEvent, fn: (data?: unknown) => void): () => void;
}

export interface LoaderHost {
  setOpen(open: boolean): void;
  post(msg: { parley: 'contact'; contact: Contact } | { parley: 'identify'; identity: Identity }): void;
}

/**
 * `window.Parley`. Calls made before the frame is ready wait in a queue; an identity given before
 * the frame asked for its init data travels with it, so the first `widget.start` is already
 * identified.
 */
export function createParley(host: LoaderHost) {
  let ready = false;
  let initSent = false;
  let identity: Identity | null = null;
  const queue: (() => void)[] = [];
  const handlers: Partial<Record<ParleyEvent, ((data?: unknown) => void)[]>> = {};
  const whenReady = (fn: () => void) => {
    if (ready) fn();
    else queue.push(fn);
  };

  const api: ParleyApi = {
    open: () => whenReady(() => host.setOpen(true)),
    close: () => whenReady(() => host.setOpen(false)),
    setContact: (contact) => whenReady(() => host.post({ parley: 'contact', contact })),
    identify(id) {
      if (initSent) whenReady(() => host.post({ parley: 'identify', identity: id }));
      else identity = id;
    },
    on(event, fn) {
      const list = handlers[event] ?? [];
      handlers[event] = list;
      list.push(fn);
      if (event === 'ready' && ready) fn();
      return () => {
        const i = list.indexOf(fn);
        if (i >= 0) list.splice(i, 1);
      };
    },
  };

  return {
    api,
    /** The frame asked for its init data. */
    takeIdentity(): Identity | null {
      initSent = true;
      return identity;
    },
    markReady(): void {
      if (ready) return;
      ready = true;
      for (const fn of queue.splice(0)) fn();
      emit('ready');
    },
    emit,
  };

  function emit(event: ParleyEvent, data?: unknown): void {
    for (const fn of handlers[event] ?? []) {
      try {
        fn(data);
      } catch (err) {
        // A host page's handler must not break the widget.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }
}
