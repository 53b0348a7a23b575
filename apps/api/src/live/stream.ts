import type { Db } from '@parley/db';
import type { BusMessage, EventBus } from '../bus/event-bus';
import { readEventsSince } from './events';

/** A subscriber further behind than this is cut off; its client reconnects and catches up from the log. */
const MAX_QUEUED = 500;
const CATCH_UP_PAGE = 500;

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
  // Without a lastEventId, replay from the newest event that existed before we subscribed, so
  // nothing published while the subscription becomes active (a Redis round trip) falls between.
  const startId = opts.lastEventId
    ? Number(opts.lastEventId)
    : ((await opts.db.liveEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }))?.id ?? 0);
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
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);

  try {
    let lastId = startId;
    if (Number.isFinite(lastId)) {
      for (;;) {
        const missed = await readEventsSince(opts.db, opts.accountId, opts.topics, lastId, CATCH_UP_PAGE);
        for (const m of missed) {
          lastId = m.id;
          if (visible(m)) yield m;
        }
        if (missed.length < CATCH_UP_PAGE) break;
      }
    } else {
      lastId = 0;
    }
    while (!opts.signal?.aborted) {
      if (revoked) throw new AccessRevokedError();
      if (overflow) throw new SlowConsumerError();
      const next = queue.shift();
      if (next) {
        if (next.ephemeral) yield next;
        else if (next.id > lastId) {
          lastId = next.id;
          yield next;
        }
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
