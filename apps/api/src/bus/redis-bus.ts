import type { Logger } from '../logger';
import type { BusHandler, BusMessage, EventBus } from './event-bus';
import { addHandler, deliver, notifyPublished, streamKey } from './memory-bus';

const CHANNEL_PREFIX = 'parley:';
/** The Redis channel of one account's topic (tests ask Redis who listens on it). */
export const redisChannel = (accountId: string, topic: string) =>
  CHANNEL_PREFIX + streamKey(accountId, topic);

/**
 * Redis pub/sub: one channel per account and topic, subscribed while this process has a local subscriber.
 * What is published while Redis is down reaches nobody, but it is in the LiveEvent table: when the
 * subscriber connection is ready again (ioredis has re-subscribed every channel), `onMissed` handlers
 * run and each stream reads what it missed. A failed publish is logged, not thrown: the change it
 * announces is committed, and the request that made it succeeded. ioredis loads only here, so an
 * embedded server does not hold it.
 */
export async function createRedisBus(url: string, logger: Logger): Promise<EventBus> {
  const { Redis } = await import('ioredis');
  const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const pub = new Redis(url, options);
  const sub = new Redis(url, options);
  const handlers = new Map<string, Set<BusHandler>>();
  /** Pending or done SUBSCRIBE per key, so later subscribers wait for the same confirmation. */
  const subscribing = new Map<string, Promise<void>>();
  const missedHandlers = new Set<() => void>();
  const published = new Set<(message: BusMessage) => void>();
  let connectedBefore = false;
  sub.on('ready', () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    // 'ready' comes just before ioredis sends the SUBSCRIBEs again; a PING sent after them is answered
    // after them, so once it is, live delivery is on and the streams' catch-up read leaves no gap.
    setImmediate(() => {
      sub.ping().then(
        () => {
          logger.info(
            { streams: missedHandlers.size },
            'redis bus back: streams catch up from the event log',
          );
          for (const handler of missedHandlers) handler();
        },
        (err: Error) => logger.warn({ err: err.message }, 'redis bus: no answer after reconnect'),
      );
    });
  });
  for (const [name, client] of [
    ['publisher', pub],
    ['subscriber', sub],
  ] as const) {
    client.on('error', (err) => logger.warn({ err: err.message, client: name }, 'redis bus error'));
  }
  sub.on('message', (channel: string, raw: string) => {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    try {
      deliver(handlers, JSON.parse(raw) as BusMessage);
    } catch (err) {
      logger.error({ err }, 'bad message on redis bus');
    }
  });

  return {
    async publish(message) {
      try {
        await pub.publish(redisChannel(message.accountId, message.topic), JSON.stringify(message));
      } catch (err) {
        logger.warn(
          { err: (err as Error).message, eventId: message.id },
          'event not published; subscribers catch up when Redis is back',
        );
      }
      // Told even when Redis refused it: the change is committed, and this process is its only
      // publisher (the event's subscribers catch up from the event log; a push is not to be lost).
      notifyPublished(published, message);
    },
    async subscribe(accountId, topic, handler) {
      const key = streamKey(accountId, topic);
      const first = !handlers.has(key);
      const remove = addHandler(handlers, key, handler);
      let active = subscribing.get(key);
      if (first || !active) {
        // SUBSCRIBE is sent even while the connection is still being set up; its answer then puts the
        // connection in subscriber mode before ioredis's ready check (INFO), which fails and drops
        // the subscription. So a subscription made right at start waits for the connection first.
        const connected =
          sub.status === 'ready'
            ? Promise.resolve()
            : new Promise<void>((resolve) => sub.once('ready', resolve));
        active = connected
          .then(() => sub.subscribe(CHANNEL_PREFIX + key))
          .then(
            () => undefined,
            (err) => logger.warn({ err }, 'subscribe failed'),
          );
        subscribing.set(key, active);
      }
      await active;
      return () => {
        remove();
        if (!handlers.has(key)) {
          subscribing.delete(key);
          sub.unsubscribe(CHANNEL_PREFIX + key).catch(() => {});
        }
      };
    },
    onMissed(handler) {
      missedHandlers.add(handler);
      return () => missedHandlers.delete(handler);
    },
    onPublished(listener) {
      published.add(listener);
      return () => published.delete(listener);
    },
    async ready() {
      return pub.status === 'ready' && sub.status === 'ready';
    },
    async close() {
      handlers.clear();
      published.clear();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
