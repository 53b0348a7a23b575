import type { TLiveEvent } from '../../lib/chat-types';

/** What the cache update learned about an event, e.g. that a `visitor` event is a new arrival (J4). */
export type TLiveEventMeta = { newVisitor: boolean };
type TListener = (event: TLiveEvent, meta: TLiveEventMeta) => void;

/** Fan-out of live events to the UI pieces that react to them without a cache (cards, sounds). */
export class LiveBus {
  private listeners = new Set<TListener>();

  on(listener: TListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TLiveEvent, meta: TLiveEventMeta): void {
    for (const listener of this.listeners) listener(event, meta);
  }
}
