import type { Db, DbTx } from '@parley/db';
import type { BusMessage, EventBus } from '../bus/event-bus';

export interface LiveEventInput {
  topic: string;
  data: unknown;
  /** Restrict delivery to these users. */
  audience?: string[];
}

export type Emit = (event: LiveEventInput) => Promise<void>;

interface StoredPayload {
  data: unknown;
  audience?: string[];
}

/**
 * Runs `work` in one transaction in which `emit` records live events; they are published on the bus
 * only after the commit, so no subscriber hears of a change that was rolled back.
 */
export async function withLiveEvents<T>(
  deps: { db: Db; bus: EventBus },
  accountId: string,
  work: (tx: DbTx, emit: Emit) => Promise<T>,
): Promise<T> {
  const pending: BusMessage[] = [];
  const result = await deps.db.$transaction(async (tx) => {
    const emit: Emit = async ({ topic, data, audience }) => {
      const payload: StoredPayload = audience ? { data, audience } : { data };
      const row = await tx.liveEvent.create({ data: { accountId, topic, payload: payload as object } });
      pending.push({ id: row.id, accountId, topic, payload: data, ...(audience ? { audience } : {}) });
    };
    return work(tx, emit);
  });
  await Promise.all(pending.map((m) => deps.bus.publish(m)));
  return result;
}

/** Typing indicators and the like: delivered to whoever listens now, never stored or replayed. */
export async function publishEphemeral(
  bus: EventBus,
  accountId: string,
  event: LiveEventInput,
): Promise<void> {
  await bus.publish({
    id: 0,
    accountId,
    topic: event.topic,
    payload: event.data,
    ephemeral: true,
    ...(event.audience ? { audience: event.audience } : {}),
  });
}

/** Events after `afterId` for a resuming subscriber, oldest first. */
export async function readEventsSince(
  db: Db,
  accountId: string,
  topics: string[],
  afterId: number,
  limit: number,
): Promise<BusMessage[]> {
  const rows = await db.liveEvent.findMany({
    where: { accountId, topic: { in: topics }, id: { gt: afterId } },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((row) => {
    const stored = row.payload as unknown as StoredPayload;
    return {
      id: row.id,
      accountId: row.accountId,
      topic: row.topic,
      payload: stored.data,
      ...(stored.audience ? { audience: stored.audience } : {}),
    };
  });
}

export const LIVE_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000;

export async function deleteOldLiveEvents(db: Db): Promise<number> {
  const { count } = await db.liveEvent.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - LIVE_EVENT_RETENTION_MS) } },
  });
  return count;
}
