/**
 * Fan-out of live events between API processes. The database is the record (LiveEvent rows);
 * the bus only tells subscribers, possibly in other processes, that a row exists.
 */
export interface BusMessage {
  /** LiveEvent id: ordered per database, used as tRPC's `lastEventId`; 0 for ephemeral events. */
  id: number;
  accountId: string;
  topic: string;
  payload: unknown;
  /** When set, only these users may receive the event (private chats, personal notifications). */
  audience?: string[];
  /** Not stored and not replayed (typing indicators): only whoever listens now gets it. */
  ephemeral?: boolean;
}

export type BusHandler = (message: BusMessage) => void;

export interface EventBus {
  publish(message: BusMessage): Promise<void>;
  /**
   * Subscribes to one topic of one account. Resolves once delivery is active (Redis confirmed the
   * SUBSCRIBE), with the unsubscribe function.
   */
  subscribe(accountId: string, topic: string, handler: BusHandler): Promise<() => void>;
  /**
   * Calls `handler` when events may have passed by unheard (Redis was unreachable and is back), so a
   * subscriber reads what it missed from the LiveEvent table. Returns the function that stops it.
   */
  onMissed(handler: () => void): () => void;
  /** Resolves when the bus can deliver (Redis connected); used by /readyz. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
