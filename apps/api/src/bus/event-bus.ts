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
  /**
   * Calls `listener` with each message this process publishes, once the bus has taken it. Only the
   * publishing process calls it (never for messages that arrive from other processes), so work done
   * here (a push notification) happens once per event however many processes run. A listener that
   * throws is logged by nobody and stops nothing: keep listeners to queueing. Returns the remover.
   */
  onPublished(listener: (message: BusMessage) => void): () => void;
  /** Resolves when the bus can deliver (Redis connected); used by /readyz. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
