import { type KeyValueStorage, readJson, writeJson } from './storage';

/** A visitor message not yet confirmed by the server (G2: never lost, never duplicated). */
export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: string;
  invitationText: string | null;
  /** Set when the server refused it for good (e.g. validation); the visitor may retry or drop it. */
  failed?: boolean;
}

function isPending(v: unknown): v is PendingMessage {
  const p = v as PendingMessage;
  return typeof p === 'object' && p !== null && typeof p.clientId === 'string' && typeof p.body === 'string';
}

/**
 * The offline queue, persisted under one storage key so reloads and other tabs see it. Every
 * read goes to storage: another tab may have added or settled entries meanwhile.
 */
export function createOutbox(storage: KeyValueStorage, key: string) {
  const list = (): PendingMessage[] => {
    const v = readJson<unknown[]>(storage, key);
    return Array.isArray(v) ? v.filter(isPending) : [];
  };
  const save = (items: PendingMessage[]) => writeJson(storage, key, items.length ? items : null);
  const update = (clientId: string, fn: (p: PendingMessage) => PendingMessage | null) => {
    const items = list();
    save(items.flatMap((p) => (p.clientId === clientId ? (fn(p) ?? []) : [p])));
  };

  return {
    list,
    enqueue(item: PendingMessage): void {
      const items = list();
      if (!items.some((p) => p.clientId === item.clientId)) save([...items, item]);
    },
    remove(clientId: string): void {
      update(clientId, () => null);
    },
    markFailed(clientId: string, failed: boolean): void {
      update(clientId, (p) => ({ ...p, failed }));
    },
    /** Drops the entries the server already has (they came back from history or events). */
    settle(known: readonly { clientId: string | null }[]): PendingMessage[] {
      const ids = new Set(known.map((m) => m.clientId));
      const items = list();
      const rest = items.filter((p) => !ids.has(p.clientId));
      if (rest.length !== items.length) save(rest);
      return rest;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

export type SendOutcome = 'sent' | 'retry' | 'failed';

/**
 * Sends the queue in order, one at a time, each clientId at most once concurrently. `send`
 * resolves 'retry' for transient failures (socket closed, rate limit): flushing stops and the
 * caller flushes again later (on reconnect). The server is idempotent on clientId, so a resend
 * after a lost reply is harmless.
 */
export function createFlusher(outbox: Outbox, send: (p: PendingMessage) => Promise<SendOutcome>) {
  let running: Promise<void> | null = null;
  let again = false;

  async function sendAll(): Promise<void> {
    for (const item of outbox.list()) {
      if (item.failed) continue;
      const outcome = await send(item);
      if (outcome === 'sent') outbox.remove(item.clientId);
      else if (outcome === 'failed') outbox.markFailed(item.clientId, true);
      else return;
    }
  }

  async function drain(): Promise<void> {
    // Yield first so `running` is set before this can finish.
    await null;
    try {
      // A flush asked for while we were busy (e.g. the socket came back) runs another round.
      do {
        again = false;
        await sendAll();
      } while (again);
    } finally {
      running = null;
    }
  }

  return function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = drain();
    return running;
  };
}
