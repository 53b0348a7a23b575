import { tracked } from '@trpc/server';

/** What a subscriber receives: `id` set = a stored event the client may resume after (tRPC `tracked`). */
export interface LiveItem {
  id?: string;
  data: Record<string, unknown>;
}

/**
 * One subscriber's queue. A plain array and one waiting resolver: per connection this is a few hundred
 * bytes, where an EventEmitter-based iterator costs tens of KB (shared/docs/stack-notes.md).
 */
class Queue {
  items: LiveItem[] = [];
  private wake: (() => void) | null = null;
  push(item: LiveItem): void {
    this.items.push(item);
    this.notify();
  }
  notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
  next(): Promise<void> {
    return new Promise((r) => {
      this.wake = r;
    });
  }
}

/** Subscribers by key (a user id for live.console, a visitor id for widget.events); in-process only. */
export class LiveRegistry {
  private readonly subs = new Map<string, Set<Queue>>();

  /** A tRPC subscription body: yields what is published to `key` until the client goes away. */
  async *serve(key: string, signal: AbortSignal | undefined) {
    const queue = new Queue();
    let set = this.subs.get(key);
    if (!set) {
      set = new Set();
      this.subs.set(key, set);
    }
    set.add(queue);
    const onAbort = () => queue.notify();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        if (queue.items.length === 0) {
          await queue.next();
          continue;
        }
        const batch = queue.items;
        queue.items = [];
        for (const it of batch) yield it.id ? tracked(it.id, it.data) : it.data;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      set.delete(queue);
      if (set.size === 0) this.subs.delete(key);
    }
  }

  publish(key: string, item: LiveItem): void {
    const set = this.subs.get(key);
    if (set) for (const q of set) q.push(item);
  }

  /** To every subscriber of every key (a chat's first message: the reference has no routing). */
  publishAll(item: LiveItem): void {
    for (const set of this.subs.values()) for (const q of set) q.push(item);
  }
}
