/**
 * Fan-out of live events between API processes. The database is the record (LiveEvent rows);
 * the bus only tells subscribers, possibly in other processes, that a row exists.
 */
export interface BusMessage {
  /** LiveEvent id: ordered per database, used as tRPC's `lastEventId`. */
  id: number;
  accountId: string;
  topic: string;
  payload: unknown;
  /** When set, only these users may receive the event (private chats, personal notifications). */
  audience?: string[];
}

export type BusHandler = (message: BusMessage) => void;

export interface EventBus {
  publish(message: BusMessage): Promise<void>;
  /** Subscribes to every event of one account; returns the unsubscribe function. */
  subscribe(accountId: string, handler: BusHandler): () => void;
  /** Resolves when the bus can deliver (Redis connected); used by /readyz. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
