import type { Db } from '@parley/db';
import type { BusMessage, EventBus } from '../../bus/event-bus';

/**
 * A7: whether an account has any Web Push subscription, kept per process, so a chat request,
 * mention or reminder in an account where nobody turned push on costs no database read (most
 * accounts: push is opt-in per device).
 *
 * Every change of an account's subscriptions is announced on the bus (`announcePushSubscriptions`):
 * the announcing process forgets its answer at once (through `onPublished`, before the request that
 * made the change returns), every other process when the message reaches it (a few milliseconds on
 * Redis). After Redis was unreachable the whole cache is forgotten (`onMissed`), as announcements
 * may have passed by unheard. A read that an announcement overtakes is not kept.
 */

/** The bus topic of the announcements; one stream for all accounts (`accountId` is in the payload). */
export const PUSH_SUBSCRIPTIONS_TOPIC = 'push.subscriptions';
/** Not an account: the bus key of messages about every account, so each process subscribes once. */
const ALL_ACCOUNTS = '*';

/** Tells every process that the account's subscriptions changed (after the change is committed). */
export async function announcePushSubscriptions(bus: EventBus, accountId: string): Promise<void> {
  await bus.publish({
    id: 0,
    accountId: ALL_ACCOUNTS,
    topic: PUSH_SUBSCRIPTIONS_TOPIC,
    payload: { accountId },
    ephemeral: true,
  });
}

export interface PushSubscriptionCache {
  /** Whether the account has a subscription; read from the database only when not known. */
  has(accountId: string): Promise<boolean>;
  /** How many database reads it made (tests and measurements). */
  readonly reads: number;
  close(): void;
}

const accountOf = (message: BusMessage): string | null => {
  if (message.accountId !== ALL_ACCOUNTS || message.topic !== PUSH_SUBSCRIPTIONS_TOPIC) return null;
  const accountId = (message.payload as { accountId?: unknown } | null)?.accountId;
  return typeof accountId === 'string' ? accountId : null;
};

export async function createPushSubscriptionCache(deps: {
  bus: EventBus;
  dbFor: (accountId: string) => Db;
}): Promise<PushSubscriptionCache> {
  const known = new Map<string, boolean>();
  const reading = new Map<string, Promise<boolean>>();
  /** Bumped by every forgetting: a read that started before one is answered but not kept. */
  let epoch = 0;
  let reads = 0;

  const forget = (accountId: string | null) => {
    epoch++;
    if (accountId === null) {
      known.clear();
      reading.clear();
    } else {
      known.delete(accountId);
      reading.delete(accountId);
    }
  };
  const heard = (message: BusMessage) => {
    const accountId = accountOf(message);
    if (accountId) forget(accountId);
  };
  const stops = [
    // Our own announcements at once (on Redis our subscription hears them too, a moment later).
    deps.bus.onPublished(heard),
    deps.bus.onMissed(() => forget(null)),
    await deps.bus.subscribe(ALL_ACCOUNTS, PUSH_SUBSCRIPTIONS_TOPIC, heard),
  ];

  return {
    get reads() {
      return reads;
    },
    has(accountId) {
      const cached = known.get(accountId);
      if (cached !== undefined) return Promise.resolve(cached);
      const pending = reading.get(accountId);
      if (pending) return pending;
      const startedAt = epoch;
      reads++;
      const read = deps
        .dbFor(accountId)
        .pushSubscription.findFirst({ where: { accountId }, select: { id: true } })
        .then((row) => {
          const value = row !== null;
          if (epoch === startedAt) known.set(accountId, value);
          return value;
        })
        .finally(() => {
          if (reading.get(accountId) === read) reading.delete(accountId);
        });
      reading.set(accountId, read);
      return read;
    },
    close() {
      for (const stop of stops) stop();
      known.clear();
      reading.clear();
    },
  };
}
