import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { createPushNotifier, type PushNotifier, type PushSender, tapPublishedEvents } from './notifier';
import { loadVapidKeys, type VapidKeys } from './vapid';

export { type PushJob, type PushPayload, payloadFor, pushJobOf } from './notifier';
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
}): Promise<{ notifier: PushNotifier; stop: () => Promise<void> }> {
  const vapid = await vapidKeysFor(deps.config);
  const notifier = createPushNotifier({
    dbFor: deps.dbFor,
    vapid,
    logger: deps.logger,
    allowPrivate: deps.config.allowPrivateNetworkDestinations,
    ...(deps.send ? { send: deps.send } : {}),
  });
  const untap = tapPublishedEvents(deps.bus, (m) => notifier.observe(m));
  return {
    notifier,
    stop: async () => {
      untap();
      await notifier.close();
    },
  };
}
