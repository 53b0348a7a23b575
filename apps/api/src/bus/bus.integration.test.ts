import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { BusMessage, EventBus } from './event-bus';
import { createMemoryBus } from './memory-bus';
import { createRedisBus } from './redis-bus';

/**
 * `onPublished` on both buses: the publishing process hears its own messages once, other processes
 * (other bus instances on the same Redis) never do, so work hung on it (Web Push) is done once per
 * event in a scale-out. The Redis cases run when REDIS_URL is set.
 */
const { REDIS_URL } = process.env;
const logger = createLogger('silent');
const opened: EventBus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});

const message = (accountId: string, n: number): BusMessage => ({
  id: n,
  accountId,
  topic: 'console',
  payload: { type: 'test', n },
});

describe('memory bus onPublished', () => {
  it('tells each listener once per published message, after delivery; the remover stops it', async () => {
    const bus = createMemoryBus();
    opened.push(bus);
    const order: string[] = [];
    await bus.subscribe('a1', 'console', () => order.push('delivered'));
    const off = bus.onPublished((m) => order.push(`published:${m.id}`));
    const failing = bus.onPublished(() => {
      throw new Error('a broken listener');
    });
    await bus.publish(message('a1', 1));
    expect(order).toEqual(['delivered', 'published:1']);
    off();
    failing();
    await bus.publish(message('a1', 2));
    expect(order).toEqual(['delivered', 'published:1', 'delivered']);
  });
});

describe.skipIf(!REDIS_URL)('redis bus onPublished', () => {
  it('only the publishing process hears it, also when another process subscribes to the topic', async () => {
    const a = await createRedisBus(REDIS_URL ?? '', logger);
    const b = await createRedisBus(REDIS_URL ?? '', logger);
    opened.push(a, b);
    const accountId = `bus-${crypto.randomUUID()}`;
    const heardA: number[] = [];
    const heardB: number[] = [];
    a.onPublished((m) => heardA.push(m.id));
    b.onPublished((m) => heardB.push(m.id));
    const delivered: number[] = [];
    let done = () => {};
    const got = new Promise<void>((resolve) => {
      done = resolve;
    });
    // subscribe resolves once Redis confirmed the SUBSCRIBE: what is published next reaches b.
    await b.subscribe(accountId, 'console', (m) => {
      delivered.push(m.id);
      if (delivered.length === 2) done();
    });
    await a.publish(message(accountId, 1));
    await a.publish(message(accountId, 2));
    await got;
    expect(delivered).toEqual([1, 2]);
    expect(heardA).toEqual([1, 2]);
    expect(heardB).toEqual([]);
  });

  it('still tells the publisher when Redis refused the message (the change is committed)', async () => {
    const bus = await createRedisBus('redis://127.0.0.1:1', logger);
    opened.push(bus);
    const heard: number[] = [];
    bus.onPublished((m) => heard.push(m.id));
    await bus.publish(message('a1', 7));
    expect(heard).toEqual([7]);
  });
});
