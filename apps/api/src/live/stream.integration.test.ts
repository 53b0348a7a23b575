import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusMessage, EventBus } from '../bus/event-bus';
import { createMemoryBus } from '../bus/memory-bus';
import { withLiveEvents } from './events';
import { liveStream } from './stream';

let database: TestDatabase;
let accountId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  accountId = (await database.db.account.create({ data: { name: 'Stream' } })).id;
});
afterAll(() => database.cleanup());

const onPostgres = Boolean(process.env.DATABASE_URL?.startsWith('postgres'));

/** Polls `check` until it holds (a condition, never a fixed wait), failing after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The bus, and a promise that resolves once a stream has subscribed to it: the stream reads the
 * newest event id before it subscribes, which takes as long as the database does (a fixed sleep here
 * once lost the race on a busy PostgreSQL).
 */
function watchSubscribe(bus: EventBus) {
  let subscribed = () => {};
  const ready = new Promise<void>((resolve) => {
    subscribed = resolve;
  });
  const watched: EventBus = {
    ...bus,
    subscribe: async (...args) => {
      const off = await bus.subscribe(...args);
      subscribed();
      return off;
    },
  };
  return { bus: watched, ready };
}

/** Reads `count` messages from a stream into `got` (to watch it fill), then ends it. */
async function take(stream: AsyncGenerator<BusMessage>, count: number, got: BusMessage[] = []) {
  for await (const m of stream) {
    got.push(m);
    if (got.length === count) break;
  }
  return got;
}

describe('liveStream', () => {
  it('delivers an event that another overtook on the bus, under the resume point already held', async () => {
    const { bus, ready } = watchSubscribe(createMemoryBus());
    const stream = liveStream({ db: database.db, bus, accountId, userId: 'u1', topics: ['t'] });
    const reading = take(stream, 3);
    await ready;
    const event = (id: number) => ({ id, accountId, topic: 't', payload: { n: id } });
    // As when two processes publish through Redis: 1,000,011 arrives before 1,000,010, and twice.
    for (const id of [1_000_011, 1_000_010, 1_000_011, 1_000_012]) await bus.publish(event(id));
    const got = await reading;
    expect(got.map((m) => [m.id, m.payload])).toEqual([
      [1_000_011, { n: 1_000_011 }],
      [1_000_011, { n: 1_000_010 }],
      [1_000_012, { n: 1_000_012 }],
    ]);
  });

  it('sends an event found by the catch-up once, also when it then arrives live', async () => {
    const { bus, ready } = watchSubscribe(createMemoryBus());
    const published: BusMessage[] = [];
    // Holds the publication back until the stream has read the log, so it arrives twice.
    const slowBus = { ...bus, publish: async (m: BusMessage) => void published.push(m) };
    await withLiveEvents({ db: database.db, bus: slowBus }, accountId, async (_tx, emit) => {
      await emit({ topic: 'once', data: { n: 1 } });
    });
    const [stored] = published;
    const stream = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['once'],
      lastEventId: String((stored?.id ?? 1) - 1),
    });
    const reading = take(stream, 2);
    await ready;
    await bus.publish(stored as BusMessage);
    await bus.publish({ id: (stored?.id ?? 0) + 1_000_000, accountId, topic: 'once', payload: { n: 2 } });
    expect((await reading).map((m) => m.payload)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('liveStream when the bus was away', () => {
  it('reads from the log what passed by unheard, once the bus says it may have missed some', async () => {
    const { bus, ready } = watchSubscribe(createMemoryBus());
    let missed = () => {};
    const awayBus = {
      ...bus,
      onMissed: (handler: () => void) => {
        missed = handler;
        return () => {};
      },
    };
    const stream = liveStream({ db: database.db, bus: awayBus, accountId, userId: 'u1', topics: ['away'] });
    const got: BusMessage[] = [];
    const reading = take(stream, 3, got);
    await ready;
    // Committed while Redis is down: the publication reaches nobody.
    const unheard = { ...bus, publish: async () => {} };
    for (const n of [1, 2]) {
      await withLiveEvents({ db: database.db, bus: unheard }, accountId, async (_tx, emit) => {
        await emit({ topic: 'away', data: { n } });
      });
    }
    missed();
    await until(() => got.length === 2);
    // Back to normal: the next event arrives live, after the two from the log.
    await withLiveEvents({ db: database.db, bus }, accountId, async (_tx, emit) => {
      await emit({ topic: 'away', data: { n: 3 } });
    });
    expect((await reading).map((m) => m.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});

describe.runIf(onPostgres)('LiveEvent ids on PostgreSQL', () => {
  it('commit in id order within an account: a later insert waits for the earlier commit', async () => {
    const finished: string[] = [];
    let slowInserted = false;
    /** Some session of this database waits for a lock: the later insert, held by the trigger. */
    const quickWaits = async () => {
      const [row] = await database.db.$queryRaw<{ waiting: bigint }[]>`
        SELECT count(*) AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return Number(row?.waiting ?? 0) > 0;
    };
    // A transaction that holds its event uncommitted until the later one is seen waiting for it.
    const slow = database.db.$transaction(async (tx) => {
      const [row] = await tx.liveEvent.createManyAndReturn({
        data: [{ accountId, topic: 'order', payload: { data: 'slow' } }],
        select: { id: true },
      });
      slowInserted = true;
      await until(quickWaits);
      finished.push('slow');
      return row?.id ?? 0;
    });
    await until(() => slowInserted);
    const quick = database.db.$transaction(async (tx) => {
      const [row] = await tx.liveEvent.createManyAndReturn({
        data: [{ accountId, topic: 'order', payload: { data: 'quick' } }],
        select: { id: true },
      });
      finished.push('quick');
      return row?.id ?? 0;
    });
    const [slowId, quickId] = await Promise.all([slow, quick]);
    expect(finished).toEqual(['slow', 'quick']);
    expect(quickId).toBeGreaterThan(slowId);
  });
});
