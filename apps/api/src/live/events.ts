import type { Database, Db, DbTx } from '@parley/db';
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
  const emitted: LiveEventInput[] = [];
  const pending: BusMessage[] = [];
  const result = await deps.db.$transaction(async (tx) => {
    const emit: Emit = async (event) => {
      emitted.push(event);
    };
    const value = await work(tx, emit);
    // One INSERT for all of the transaction's events (a message makes two or three).
    if (emitted.length > 0) {
      const rows = await tx.liveEvent.createManyAndReturn({
        data: emitted.map(({ topic, data, audience }) => ({
          accountId,
          topic,
          payload: storedPayload({ topic, data, ...(audience ? { audience } : {}) }) as object,
        })),
        select: { id: true },
      });
      // Ids grow in insertion order; RETURNING's row order is not promised, so sort.
      const ids = rows.map((r) => r.id).sort((a, b) => a - b);
      emitted.forEach(({ topic, data, audience }, i) => {
        pending.push({
          id: ids[i] as number,
          accountId,
          topic,
          payload: data,
          ...(audience ? { audience } : {}),
        });
      });
    }
    return value;
  });
  await Promise.all(pending.map((m) => deps.bus.publish(m)));
  return result;
}

/** A live event as the LiveEvent row stores it (`payload`): its data and, when restricted, its audience. */
export function storedPayload({ data, audience }: LiveEventInput): StoredPayload {
  return audience ? { data, audience } : { data };
}

/**
 * Publishes events that were written, with their ids, by a transaction outside `withLiveEvents` (the
 * hot path's own SQL): after its commit, like `withLiveEvents` does.
 */
export async function publishStored(
  bus: EventBus,
  accountId: string,
  events: LiveEventInput[],
  ids: number[],
): Promise<void> {
  await Promise.all(
    events.map(({ topic, data, audience }, i) =>
      bus.publish({
        id: ids[i] as number,
        accountId,
        topic,
        payload: data,
        ...(audience ? { audience } : {}),
      }),
    ),
  );
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

/**
 * The newest stored event on `topics`: where a subscriber with nothing yet starts from. With `database`
 * (the server's contexts) one prepared statement of the hot path; every widget socket asks it once.
 */
export async function newestEventId(
  db: Db,
  accountId: string,
  topics: string[],
  database?: Pick<Database, 'hotPath'>,
): Promise<number> {
  if (database?.hotPath) return database.hotPath.newestEventId(accountId, topics);
  const row = await db.liveEvent.findFirst({
    where: { accountId, topic: { in: topics } },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  return row?.id ?? 0;
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
