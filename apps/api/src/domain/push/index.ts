import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { createPushNotifier, type PushNotifier, type PushSender } from './notifier';
import {
  announcePushSubscriptions,
  createPushSubscriptionCache,
  type PushSubscriptionCache,
} from './subscription-cache';
import { loadVapidKeys, type VapidKeys } from './vapid';

export { type PushJob, type PushPayload, payloadFor, pushJobOf } from './notifier';
export { announcePushSubscriptions, type PushSubscriptionCache } from './subscription-cache';
export { listPushDevices, subscribePush, unsubscribePush } from './subscriptions';

const keysByDir = new Map<string, Promise<VapidKeys>>();

/** The VAPID keys of this configuration, read or generated once per process. */
export function vapidKeysFor(config: Config): Promise<VapidKeys> {
  const key = `${config.dataDir}\u0000${config.vapid.publicKey ?? ''}`;
  let keys = keysByDir.get(key);
  if (!keys) {
    keys = loadVapidKeys({ dataDir: config.dataDir, ...config.vapid, publicUrl: config.publicUrl });
    keys.catch(() => keysByDir.delete(key));
    keysByDir.set(key, keys);
  }
  return keys;
}

/**
 * Starts Web Push for this process: the notifier sees what the process publishes. `dbFor` gives an
 * account's scoped client (the caller owns the unscoped one). Returns the notifier and its stop.
 */
export async function startPushNotifications(deps: {
  config: Config;
  bus: EventBus;
  logger: Logger;
  dbFor: (accountId: string) => Db;
  send?: PushSender;
}): Promise<{ notifier: PushNotifier; subscriptions: PushSubscriptionCache; stop: () => Promise<void> }> {
  const vapid = await vapidKeysFor(deps.config);
  const subscriptions = await createPushSubscriptionCache({ bus: deps.bus, dbFor: deps.dbFor });
  const notifier = createPushNotifier({
    dbFor: deps.dbFor,
    vapid,
    logger: deps.logger,
    allowPrivate: deps.config.allowPrivateNetworkDestinations,
    ...(deps.send ? { send: deps.send } : {}),
    hasSubscriptions: (accountId) => subscriptions.has(accountId),
    removed: (accountId) => {
      announcePushSubscriptions(deps.bus, accountId).catch((err) =>
        deps.logger.warn({ err, accountId }, 'push: subscription change not announced'),
      );
    },
  });
  // Only what this process publishes: each event has one publisher, so a scale-out pushes it once.
  const untap = deps.bus.onPublished((m) => notifier.observe(m));
  return {
    notifier,
    subscriptions,
    stop: async () => {
      untap();
      subscriptions.close();
      await notifier.close();
    },
  };
}
