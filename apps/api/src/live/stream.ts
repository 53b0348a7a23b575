import type { Database, Db } from '@parley/db';
import type { BusMessage, EventBus } from '../bus/event-bus';
import { newestEventId, readEventsSince } from './events';

/** A subscriber further behind than this is cut off; its client reconnects and catches up from the log. */
const MAX_QUEUED = 500;
const CATCH_UP_PAGE = 500;
/** How many delivered ids a stream remembers, to drop the live copy of an event the catch-up sent. */
const REMEMBERED_IDS = 2000;

/** The user behind the stream lost access (disabled): the subscription must end now. */
export class AccessRevokedError extends Error {
  constructor() {
    super('Access revoked');
  }
}

export class SlowConsumerError extends Error {
  constructor() {
    super('Subscriber fell too far behind; reconnect to catch up');
  }
}

export interface LiveStreamOptions {
  db: Db;
  /** The server's database, whose hot path reads where a new stream starts (else `db` through Prisma). */
  database?: Pick<Database, 'hotPath'> | undefined;
  bus: EventBus;
  accountId: string;
  userId: string;
  topics: string[];
  lastEventId?: string | null | undefined;
  signal?: AbortSignal | undefined;
  /** Any message on this topic ends the stream with AccessRevokedError. */
  controlTopic?: string | undefined;
}

/**
 * Live events of some topics for one user: first what they missed since `lastEventId` (from the
 * database), then live ones from the bus. Subscribes before the catch-up read so nothing falls between.
 */
export async function* liveStream(opts: LiveStreamOptions): AsyncGenerator<BusMessage> {
  const queue: BusMessage[] = [];
  let wake: (() => void) | undefined;
  let overflow = false;
  let revoked = false;
  const visible = (m: BusMessage) =>
    opts.topics.includes(m.topic) && (!m.audience || m.audience.includes(opts.userId));

  const onMessage = (m: BusMessage) => {
    if (!visible(m)) return;
    if (queue.length >= MAX_QUEUED) overflow = true;
    else queue.push(m);
    wake?.();
  };
  // Without a lastEventId, replay from the account's newest event that existed before we subscribed, so
  // nothing published while the subscription becomes active (a Redis round trip) falls between. Per
  // account: ids are in commit order within an account (on PostgreSQL by a trigger), not across them.
  const startId = opts.lastEventId
    ? Number(opts.lastEventId)
    : await newestEventId(opts.db, opts.accountId, opts.topics, opts.database);
  const unsubscribes = await Promise.all([
    ...opts.topics.map((topic) => opts.bus.subscribe(opts.accountId, topic, onMessage)),
    ...(opts.controlTopic
      ? [
          opts.bus.subscribe(opts.accountId, opts.controlTopic, () => {
            revoked = true;
            wake?.();
          }),
        ]
      : []),
  ]);
  // Live events at or below the point the stream started from are the client's already.
  const floor = Number.isFinite(startId) ? startId : 0;
  let lastId = floor;
  // Redis was away: events may have passed by unheard. Read them from the log before the next live one.
  let missedSince: number | null = null;
  const stopMissed = opts.bus.onMissed(() => {
    missedSince = Math.min(missedSince ?? lastId, lastId);
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);

  const delivered = new Set<number>();
  const remember = (id: number) => {
    delivered.add(id);
    if (delivered.size > REMEMBERED_IDS) delivered.delete(delivered.values().next().value as number);
  };
  /** The visible events after `afterId` that this stream has not sent, in id order, from the log. */
  async function* fromLog(afterId: number) {
    let cursor = afterId;
    for (;;) {
      const page = await readEventsSince(opts.db, opts.accountId, opts.topics, cursor, CATCH_UP_PAGE);
      for (const m of page) {
        cursor = m.id;
        if (!visible(m) || delivered.has(m.id)) continue;
        remember(m.id);
        yield m;
      }
      if (page.length < CATCH_UP_PAGE) return;
    }
  }

  /**
   * The event as sent: its own id when it is the newest so far, else (it arrived late, overtaken on
   * the bus by a later one from another process) under the resume point the client already holds.
   */
  const resumable = (m: BusMessage): BusMessage => {
    if (m.id <= lastId) return { ...m, id: lastId };
    lastId = m.id;
    return m;
  };

  try {
    if (Number.isFinite(startId)) {
      for await (const m of fromLog(floor)) yield resumable(m);
    }
    while (!opts.signal?.aborted) {
      if (revoked) throw new AccessRevokedError();
      if (overflow) throw new SlowConsumerError();
      if (missedSince !== null) {
        const since = missedSince;
        missedSince = null;
        for await (const m of fromLog(since)) yield resumable(m);
        continue;
      }
      const next = queue.shift();
      if (!next) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      if (next.ephemeral) {
        yield next;
        continue;
      }
      // Delivered already (by a read of the log), or older than where the stream started.
      if (next.id <= floor || delivered.has(next.id)) continue;
      remember(next.id);
      yield resumable(next);
    }
  } finally {
    stopMissed();
    for (const unsubscribe of unsubscribes) unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
