import type { EventBus } from './event-bus';

/**
 * The way a process-local cache (sessions, plans, visitor tokens) stays in step with the database
 * across API processes: whatever changes what it keeps publishes an invalidation on the bus, and every
 * process's cache drops the matching entries. Should the bus lose messages (Redis away), `onMissed`
 * drops everything; each cache's TTL bounds what remains.
 */

/** The bus key of process-wide messages: no account id looks like it. */
const PROCESS_WIDE = '-';

export interface InvalidationListener {
  /**
   * True once the bus confirmed the subscription. Until then an invalidation from another process
   * could pass unheard, so a cache stores nothing.
   */
  readonly listening: boolean;
}

/** Subscribes `invalidate` to the topic's invalidations of every process, and to `'all'` on missed events. */
export function listenForInvalidations<T>(
  bus: EventBus,
  topic: string,
  invalidate: (what: T | 'all') => void,
): InvalidationListener {
  const state = { listening: false };
  bus
    .subscribe(PROCESS_WIDE, topic, (message) => invalidate(message.payload as T))
    .then(
      () => {
        state.listening = true;
      },
      () => {},
    );
  // Redis was unreachable: invalidations may have passed by. Start again from the database.
  bus.onMissed(() => invalidate('all'));
  return state;
}

/** Tells every other process's cache (the caller drops its own entries itself, at once). */
export function publishInvalidation<T>(bus: EventBus, topic: string, what: T): Promise<void> {
  return bus.publish({ id: 0, accountId: PROCESS_WIDE, topic, payload: what, ephemeral: true });
}
