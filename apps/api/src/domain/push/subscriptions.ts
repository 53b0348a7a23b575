import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError } from '../../errors';
import { isAllowedEndpoint } from './destination';
import { announcePushSubscriptions } from './subscription-cache';

/** A7: one agent's devices; more than this and the oldest is replaced. */
export const MAX_DEVICES_PER_USER = 10;

export interface PushActor {
  accountId: string;
  userId: string;
  sessionId: string;
}

export interface SubscribeInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** Show a short preview of the message in the notification (per device). */
  preview: boolean;
  userAgent?: string | undefined;
}

/**
 * Saves this device's subscription for the caller (the same endpoint moves to whoever subscribes
 * with it last: a shared browser belongs to the agent logged in there now).
 */
export async function subscribePush(
  deps: { db: Db; bus: EventBus },
  actor: PushActor,
  input: SubscribeInput,
  allowPrivate: boolean,
): Promise<{ id: string }> {
  if (!(await isAllowedEndpoint(input.endpoint, allowPrivate)))
    throw new AppError('bad_request', 'push.bad_endpoint', 'This push endpoint is not allowed', {
      endpoint: 'push.bad_endpoint',
    });
  const { db } = deps;
  const data = {
    accountId: actor.accountId,
    userId: actor.userId,
    sessionId: actor.sessionId,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    preview: input.preview,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  };
  // The same browser may hold another agent's row of this account (they logged out without turning
  // push off, or their session lives on): the device now belongs to the caller.
  const existing = await db.pushSubscription.findFirst({
    where: { endpoint: input.endpoint, userId: actor.userId },
    select: { id: true },
  });
  if (existing) {
    await db.pushSubscription.update({ where: { id: existing.id }, data });
    return existing;
  }
  // From here a row is added: every process must stop believing the account has none.
  await db.pushSubscription.deleteMany({ where: { endpoint: input.endpoint } });
  const devices = await db.pushSubscription.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  const surplus = devices.slice(MAX_DEVICES_PER_USER - 1).map((d) => d.id);
  if (surplus.length > 0) await db.pushSubscription.deleteMany({ where: { id: { in: surplus } } });
  const created = await db.pushSubscription.create({
    data: { ...data, endpoint: input.endpoint },
    select: { id: true },
  });
  await announcePushSubscriptions(deps.bus, actor.accountId);
  return created;
}

export async function unsubscribePush(
  deps: { db: Db; bus: EventBus },
  actor: PushActor,
  endpoint: string,
): Promise<void> {
  const { count } = await deps.db.pushSubscription.deleteMany({ where: { endpoint, userId: actor.userId } });
  if (count > 0) await announcePushSubscriptions(deps.bus, actor.accountId);
}

/** The caller's devices with push on (no keys: they are the browser's secrets). */
export async function listPushDevices(db: Db, actor: PushActor) {
  return db.pushSubscription.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, endpoint: true, userAgent: true, preview: true, createdAt: true, lastUsedAt: true },
  });
}
