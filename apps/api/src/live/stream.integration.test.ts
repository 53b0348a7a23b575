import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusMessage, EventBus } from '../bus/event-bus';
import { createMemoryBus } from '../bus/memory-bus';
import { withLiveEvents } from './events';
import { AccessRevokedError, liveStream, SlowConsumerError } from './stream';

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

describe('liveStream resuming', () => {
  it('from lastEventId: the log after it in id order, other topics and audiences left out, then live ones', async () => {
    const quiet = { ...createMemoryBus(), publish: async () => {} };
    const ids: number[] = [];
    const store = (topic: string, n: number, audience?: string[]) =>
      withLiveEvents(
        { db: database.db, bus: { ...quiet, publish: async (m: BusMessage) => void ids.push(m.id) } },
        accountId,
        async (_tx, emit) => {
          await emit({ topic, data: { n }, ...(audience ? { audience } : {}) });
        },
      );
    await store('resume', 0);
    await store('resume', 1);
    await store('elsewhere', 99);
    await store('resume', 2, ['someone-else']);
    await store('resume', 3, ['u1']);
    const { bus, ready } = watchSubscribe(createMemoryBus());
    const stream = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['resume'],
      lastEventId: String(ids[0]),
    });
    const reading = take(stream, 3);
    await ready;
    await bus.publish({ id: (ids[4] ?? 0) + 1, accountId, topic: 'resume', payload: { n: 4 } });
    const got = await reading;
    expect(got.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }]);
    expect(got.map((m) => m.id)).toEqual([ids[1], ids[4], (ids[4] ?? 0) + 1]);
  });

  it('ended while it subscribes: nothing stays subscribed', async () => {
    const memory = createMemoryBus();
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slowSubscribe: EventBus = {
      ...memory,
      subscribe: async (...args) => {
        await gate;
        return memory.subscribe(...args);
      },
    };
    const stream = liveStream({
      db: database.db,
      bus: slowSubscribe,
      accountId,
      userId: 'u1',
      topics: ['t'],
      controlTopic: 'ctl',
    });
    const pending = stream.next();
    await new Promise((r) => setTimeout(r, 20));
    const returned = stream.return(undefined);
    release();
    expect(await returned).toEqual({ done: true, value: undefined });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(memory.handlers.size).toBe(0);
  });

  it('with revokedError: a control message ends it with that error instead', async () => {
    const memory = createMemoryBus();
    const { bus, ready } = watchSubscribe(memory);
    const stream = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['t'],
      controlTopic: 'ctl',
      revokedError: () => new Error('suspended'),
    });
    const reading = stream.next();
    await ready;
    await bus.publish({ id: 0, accountId, topic: 'ctl', payload: {}, ephemeral: true });
    await expect(reading).rejects.toThrow('suspended');
    expect(memory.handlers.size).toBe(0);
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

describe('liveStream ends', () => {
  const event = (id: number, topic = 't') => ({ id, accountId, topic, payload: { n: id } });

  it('with AccessRevokedError on any message of its control topic, and lets go of the bus', async () => {
    const memory = createMemoryBus();
    const { bus, ready } = watchSubscribe(memory);
    const stream = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['t'],
      controlTopic: 'ctl',
    });
    const reading = take(stream, 5);
    await ready;
    await bus.publish(event(2_000_001));
    await bus.publish({ ...event(0, 'ctl'), ephemeral: true });
    await expect(reading).rejects.toBeInstanceOf(AccessRevokedError);
    expect(memory.handlers.size).toBe(0);
  });

  it('with SlowConsumerError when its reader falls more than 500 events behind', async () => {
    const memory = createMemoryBus();
    const { bus, ready } = watchSubscribe(memory);
    const stream = liveStream({ db: database.db, bus, accountId, userId: 'u1', topics: ['t'] });
    const first = stream.next();
    await ready;
    await bus.publish(event(3_000_001));
    expect((await first).value).toMatchObject({ id: 3_000_001 });
    // 501 more arrive while the reader is not reading: one too many.
    for (let i = 2; i <= 502; i++) await bus.publish(event(3_000_000 + i));
    await expect(take(stream, 1000)).rejects.toBeInstanceOf(SlowConsumerError);
    expect(memory.handlers.size).toBe(0);
  });

  it('when its signal aborts or it is returned while waiting, and lets go of the bus', async () => {
    const memory = createMemoryBus();
    const { bus, ready } = watchSubscribe(memory);
    const abort = new AbortController();
    const aborted = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['t'],
      signal: abort.signal,
    });
    const waiting = aborted.next();
    await ready;
    abort.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(memory.handlers.size).toBe(0);

    const second = watchSubscribe(memory);
    const returned = liveStream({ db: database.db, bus: second.bus, accountId, userId: 'u1', topics: ['t'] });
    const pending = returned.next();
    await second.ready;
    expect(await returned.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await returned.next()).toEqual({ done: true, value: undefined });
    expect(memory.handlers.size).toBe(0);
  });

  it('hands each event through `map`, ephemeral ones included', async () => {
    const { bus, ready } = watchSubscribe(createMemoryBus());
    const stream = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['t'],
      map: async (m) => `${m.ephemeral ? 'e' : m.id}:${(m.payload as { n: number }).n}`,
    });
    const got: string[] = [];
    const reading = (async () => {
      for await (const s of stream) {
        got.push(s);
        if (got.length === 2) break;
      }
    })();
    await ready;
    await bus.publish(event(4_000_001));
    await bus.publish({ ...event(0), ephemeral: true, payload: { n: 7 } });
    await reading;
    expect(got).toEqual(['4000001:4000001', 'e:7']);
  });

  it('when `map` throws: the error reaches the reader and the stream lets go of the bus', async () => {
    const memory = createMemoryBus();
    const { bus, ready } = watchSubscribe(memory);
    const stream = liveStream({
      db: database.db,
      bus,
      accountId,
      userId: 'u1',
      topics: ['t'],
      map: async () => {
        throw new Error('naming failed');
      },
    });
    const reading = stream.next();
    await ready;
    await bus.publish(event(5_000_001));
    await expect(reading).rejects.toThrow('naming failed');
    expect(memory.handlers.size).toBe(0);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
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
