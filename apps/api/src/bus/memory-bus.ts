import { markShared } from '../live/frames';
import type { BusHandler, BusMessage, EventBus } from './event-bus';

/** The embedded default: one process, so delivery is a loop over local handlers. */
export function createMemoryBus(): EventBus & { handlers: Map<string, Set<BusHandler>> } {
  const handlers = new Map<string, Set<BusHandler>>();
  const published = new Set<(message: BusMessage) => void>();
  return {
    handlers,
    async publish(message: BusMessage) {
      deliver(handlers, message);
      notifyPublished(published, message);
    },
    async subscribe(accountId, topic, handler) {
      return addHandler(handlers, streamKey(accountId, topic), handler);
    },
    // In one process nothing passes by: publish hands each event to every handler at once.
    onMissed: () => () => {},
    onPublished(listener) {
      published.add(listener);
      return () => published.delete(listener);
    },
    async ready() {
      return true;
    },
    async close() {
      handlers.clear();
      published.clear();
    },
  };
}

/** Handlers are keyed by account and topic, so a visitor's socket only hears its own events. */
export const streamKey = (accountId: string, topic: string) => `${accountId}:${topic}`;

export function addHandler(handlers: Map<string, Set<BusHandler>>, key: string, handler: BusHandler) {
  const set = handlers.get(key) ?? new Set<BusHandler>();
  handlers.set(key, set);
  set.add(handler);
  return () => {
    set.delete(handler);
    if (set.size === 0) handlers.delete(key);
  };
}

export function deliver(handlers: Map<string, Set<BusHandler>>, message: BusMessage) {
  const set = handlers.get(streamKey(message.accountId, message.topic));
  if (!set) return;
  // Every handler gets the same payload object: its frame is serialised once for all (live/frames.ts).
  if (set.size > 1) markShared(message.payload);
  for (const handler of set) handler(message);
}

/** Hands a message this process published to its `onPublished` listeners; one failing stops no other. */
export function notifyPublished(listeners: Set<(message: BusMessage) => void>, message: BusMessage) {
  for (const listener of listeners) {
    try {
      listener(message);
    } catch {
      // A listener's failure is its own: the publish it follows has succeeded.
    }
  }
}
