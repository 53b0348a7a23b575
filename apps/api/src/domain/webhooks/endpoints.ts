import { randomUUID } from 'node:crypto';
import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../account';
import { audit } from '../audit';
import { assertFeature } from '../plans';
import { checkDestination, type DestinationRule, parseEndpointUrl } from './destination';
import { TEST_EVENT_TYPE, type TWebhookEventType, WEBHOOK_EVENT_TYPES } from './events';
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret } from './secrets';

/**
 * J7: an account's webhook endpoints, for admins (tRPC today, the REST API later: these functions
 * take the account-scoped client and the actor, nothing of the transport). Every query names the
 * actor's account as well.
 */
export interface EndpointDeps {
  db: Db;
  bus: EventBus;
  destinations: DestinationRule;
}

/** Endpoints per account: enough for every integration a team runs, few enough to fan out cheaply. */
export const MAX_ENDPOINTS_PER_ACCOUNT = 20;

export interface TWebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: TWebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

type EndpointRow = NonNullable<Awaited<ReturnType<Db['webhookEndpoint']['findFirst']>>>;

export const readEvents = (value: unknown): TWebhookEventType[] =>
  Array.isArray(value)
    ? value.filter((e): e is TWebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e))
    : [];

const toView = (row: EndpointRow): TWebhookEndpointView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: readEvents(row.events),
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  failingSince: row.failingSince?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

async function findEndpoint(db: Db, accountId: string, id: string): Promise<EndpointRow> {
  const row = await db.webhookEndpoint.findFirst({ where: { id, accountId } });
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

const uniqueEvents = (events: readonly TWebhookEventType[]) => {
  const list = [...new Set(events)];
  if (list.length === 0)
    throw new AppError('bad_request', 'webhooks.events_required', 'Choose at least one event', {
      events: 'webhooks.events_required',
    });
  return list;
};

export async function listEndpoints(db: Db, accountId: string): Promise<TWebhookEndpointView[]> {
  const rows = await db.webhookEndpoint.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });
  return rows.map(toView);
}

export interface TEndpointInput {
  url: string;
  description?: string | undefined;
  events: TWebhookEventType[];
}

/** Adds an endpoint; the answer carries its signing secret (also shown later on request). */
export async function createEndpoint(deps: EndpointDeps, actor: Actor, input: TEndpointInput) {
  await assertFeature(deps, actor.accountId, 'webhooks');
  const url = parseEndpointUrl(input.url);
  await checkDestination(url, deps.destinations);
  const events = uniqueEvents(input.events);
  const count = await deps.db.webhookEndpoint.count({ where: { accountId: actor.accountId } });
  if (count >= MAX_ENDPOINTS_PER_ACCOUNT)
    throw new AppError('bad_request', 'webhooks.too_many', `At most ${MAX_ENDPOINTS_PER_ACCOUNT} endpoints`);
  const id = randomUUID();
  const secret = newWebhookSecret();
  const row = await deps.db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        id,
        accountId: actor.accountId,
        url: url.href,
        description: input.description?.trim() ?? '',
        events,
        secret: sealWebhookSecret(id, secret),
      },
    });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: id,
      data: { url: url.href, events },
      ip: actor.ip,
    });
    return created;
  });
  return { endpoint: toView(row), secret };
}

export interface TEndpointUpdate {
  id: string;
  url?: string | undefined;
  description?: string | undefined;
  events?: TWebhookEventType[] | undefined;
  enabled?: boolean | undefined;
}

/**
 * Changes an endpoint. A new URL gets a new secret (answered once, like at creation): the secret the
 * old receiver holds never signs for an address an admin just typed, and deliveries still queued go
 * to the new address under the new secret only. Enabling clears the failure state.
 */
export async function updateEndpoint(deps: EndpointDeps, actor: Actor, input: TEndpointUpdate) {
  const row = await findEndpoint(deps.db, actor.accountId, input.id);
  let url: URL | null = null;
  if (input.url !== undefined) {
    url = parseEndpointUrl(input.url);
    await checkDestination(url, deps.destinations);
  }
  const urlChanged = url !== null && url.href !== row.url;
  const secret = urlChanged ? newWebhookSecret() : null;
  const updated = await deps.db.$transaction(async (tx) => {
    const result = await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: {
        ...(urlChanged && url && secret ? { url: url.href, secret: sealWebhookSecret(row.id, secret) } : {}),
        ...(input.description !== undefined ? { description: input.description.trim() } : {}),
        ...(input.events !== undefined ? { events: uniqueEvents(input.events) } : {}),
        ...(input.enabled !== undefined
          ? { enabled: input.enabled, ...(input.enabled ? { disabledReason: null, failingSince: null } : {}) }
          : {}),
      },
    });
    // Back on: what waited through the failures goes out now, not at its next backoff step.
    if (input.enabled && !row.enabled)
      await tx.webhookDelivery.updateMany({
        where: { endpointId: row.id, accountId: actor.accountId, status: 'pending' },
        data: { nextAttemptAt: new Date() },
      });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'webhook.updated',
      targetType: 'webhook',
      targetId: row.id,
      data: {
        ...(urlChanged ? { url: result.url, previousUrl: row.url, secretRotated: true } : {}),
        ...(input.events ? { events: readEvents(result.events) } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      },
      ip: actor.ip,
    });
    return result;
  });
  return { endpoint: toView(updated), secret };
}

/** A new signing secret at once (the old one stops working for new attempts). */
export async function rotateSecret(db: Db, actor: Actor, id: string) {
  const row = await findEndpoint(db, actor.accountId, id);
  const secret = newWebhookSecret();
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: row.id },
      data: { secret: sealWebhookSecret(row.id, secret) },
    });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'webhook.secret_rotated',
      targetType: 'webhook',
      targetId: row.id,
      ip: actor.ip,
    });
  });
  return { secret };
}

/** The current secret, for an admin setting up the receiver (audited). */
export async function revealSecret(db: Db, actor: Actor, id: string) {
  const row = await findEndpoint(db, actor.accountId, id);
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'webhook.secret_revealed',
    targetType: 'webhook',
    targetId: row.id,
    ip: actor.ip,
  });
  return { secret: openWebhookSecret(row.id, row.secret) };
}

export async function deleteEndpoint(db: Db, actor: Actor, id: string) {
  const row = await findEndpoint(db, actor.accountId, id);
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'webhook.deleted',
      targetType: 'webhook',
      targetId: row.id,
      data: { url: row.url },
      ip: actor.ip,
    });
  });
  return { ok: true as const };
}

export interface TWebhookDeliveryView {
  id: string;
  endpointId: string;
  type: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The delivery log of one endpoint, newest first, paged by `before` (a delivery id). */
export async function listDeliveries(
  db: Db,
  accountId: string,
  input: { endpointId: string; before?: string | undefined; limit?: number | undefined },
): Promise<{ deliveries: TWebhookDeliveryView[]; next: string | null }> {
  await findEndpoint(db, accountId, input.endpointId);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 100);
  const rows = await db.webhookDelivery.findMany({
    where: { accountId, endpointId: input.endpointId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(input.before ? { cursor: { id: input.before }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  return {
    deliveries: page.map((d) => ({
      id: d.id,
      endpointId: d.endpointId,
      type: d.type,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * Sends a delivery again, with the same `webhook-id` (receivers that already have it may drop it):
 * it goes back to the queue as due now. Its order among the conversation's other deliveries is
 * not held back: a replay is an admin's explicit request.
 */
export async function replayDelivery(db: Db, actor: Actor, id: string) {
  const row = await db.webhookDelivery.findFirst({ where: { id, accountId: actor.accountId } });
  if (!row) throw notFound('Webhook delivery');
  if (row.status === 'pending')
    throw new AppError('conflict', 'webhooks.already_queued', 'This delivery is already waiting to be sent');
  await db.webhookDelivery.updateMany({
    where: { id: row.id, accountId: actor.accountId },
    data: { status: 'pending', nextAttemptAt: new Date(), leaseUntil: null, leaseHolder: null },
  });
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'webhook.replayed',
    targetType: 'webhook_delivery',
    targetId: row.id,
    ip: actor.ip,
  });
  return { ok: true as const };
}

export const newDeliveryId = () => `msg_${randomUUID().replaceAll('-', '')}`;

/** Queues a `webhook.test` event for the endpoint (sent even when it subscribed to nothing of the kind). */
export async function sendTestEvent(db: Db, actor: Actor, endpointId: string) {
  const endpoint = await findEndpoint(db, actor.accountId, endpointId);
  const id = newDeliveryId();
  const now = new Date();
  await db.webhookDelivery.create({
    data: {
      id,
      accountId: actor.accountId,
      endpointId: endpoint.id,
      eventId: 0,
      dedupeKey: `test:${id}`,
      type: TEST_EVENT_TYPE,
      orderKey: `test:${id}`,
      payload: {
        type: TEST_EVENT_TYPE,
        timestamp: now.toISOString(),
        data: { endpointId: endpoint.id, message: 'A test event from Parley' },
      },
      nextAttemptAt: now,
    },
  });
  return { deliveryId: id };
}
