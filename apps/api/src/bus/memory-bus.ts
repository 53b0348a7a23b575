import type { BusHandler, BusMessage, EventBus } from './event-bus';

/** The embedded default: one process, so delivery is a loop over local handlers. */
export function createMemoryBus(): EventBus & { handlers: Map<string, Set<BusHandler>> } {
  const handlers = new Map<string, Set<BusHandler>>();
  return {
    handlers,
    async publish(message: BusMessage) {
      deliver(handlers, message);
    },
    subscribe(accountId, handler) {
      return addHandler(handlers, accountId, handler);
    },
    async ready() {
      return true;
    },
    async close() {
      handlers.clear();
    },
  };
}

export function addHandler(handlers: Map<string, Set<BusHandler>>, accountId: string, handler: BusHandler) {
  const set = handlers.get(accountId) ?? new Set<BusHandler>();
  handlers.set(accountId, set);
  set.add(handler);
  return () => {
    set.delete(handler);
    if (set.size === 0) handlers.delete(accountId);
  };
}

export function deliver(handlers: Map<string, Set<BusHandler>>, message: BusMessage) {
  for (const handler of handlers.get(message.accountId) ?? []) handler(message);
}
