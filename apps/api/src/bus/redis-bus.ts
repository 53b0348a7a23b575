import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { BusHandler, BusMessage, EventBus } from './event-bus';
import { addHandler, deliver, streamKey } from './memory-bus';

const CHANNEL_PREFIX = 'parley:';

/**
 * Redis pub/sub: one channel per account and topic, subscribed while this process has a local subscriber.
 * Messages lost while Redis is down are not lost for clients: they catch up from the LiveEvent table
 * with lastEventId when they resubscribe.
 */
export function createRedisBus(url: string, logger: Logger): EventBus {
  const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const pub = new Redis(url, options);
  const sub = new Redis(url, options);
  const handlers = new Map<string, Set<BusHandler>>();
  /** Pending or done SUBSCRIBE per key, so later subscribers wait for the same confirmation. */
  const subscribing = new Map<string, Promise<void>>();
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
      await pub.publish(
        CHANNEL_PREFIX + streamKey(message.accountId, message.topic),
        JSON.stringify(message),
      );
    },
    async subscribe(accountId, topic, handler) {
      const key = streamKey(accountId, topic);
      const first = !handlers.has(key);
      const remove = addHandler(handlers, key, handler);
      let active = subscribing.get(key);
      if (first || !active) {
        active = sub.subscribe(CHANNEL_PREFIX + key).then(
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
    async ready() {
      return pub.status === 'ready' && sub.status === 'ready';
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
