import { markShared } from '../live/frames';
import type { BusHandler, BusMessage, EventBus } from './event-bus';

/** The embedded default: one process, so delivery is a loop over local handlers. */
export function createMemoryBus(): EventBus & { handlers: Map<string, Set<BusHandler>> } {
  const handlers = new Map<string, Set<BusHandler>>();
  return {
    handlers,
    async publish(message: BusMessage) {
      deliver(handlers, message);
    },
    async subscribe(accountId, topic, handler) {
      return addHandler(handlers, streamKey(accountId, topic), handler);
    },
    // In one process nothing passes by: publish hands each event to every handler at once.
    onMissed: () => () => {},
    async ready() {
      return true;
    },
    async close() {
      handlers.clear();
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
