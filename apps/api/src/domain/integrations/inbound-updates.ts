import { isUniqueViolation } from '@parley/db';
import type {
  DeliveryStatusEvent,
  InboundEditEvent,
  RejectedEvent,
  WatermarkEvent,
} from '@parley/integrations';
import { type Emit, withLiveEvents } from '../../live/events';
import { CONSOLE_TOPIC } from '../live-chat/constants';
import { messageAudience } from '../live-chat/routing';
import { getMessage, toChatMessage } from '../live-chat/views';
import type { InboundChannel, InboundDeps } from './inbound';

type Receipt = 'sent' | 'delivered' | 'read' | 'failed';
type Tx = Parameters<Parameters<typeof withLiveEvents>[2]>[0];

/** Tells the agents in the chat that a stored message changed (an edit, a file fetched later). */
export async function emitUpdated(
  tx: Tx,
  emit: Emit,
  accountId: string,
  messageId: string,
  conversation: { id: string; channelId: string | null },
) {
  const message = toChatMessage(await getMessage(tx, accountId, messageId));
  const audience = await messageAudience(tx, conversation);
  await emit({
    topic: CONSOLE_TOPIC,
    data: { type: 'message.updated', message },
    ...(audience ? { audience } : {}),
  });
}

/** How far a message got; a late or repeated receipt never moves it back (read stays read). */
const RANK: Record<string, number> = { pending: 0, retrying: 0, failed: 1, sent: 1, delivered: 2, read: 3 };

function advances(current: string, next: Receipt): boolean {
  // A failure report counts unless the person already read the message.
  if (next === 'failed') return current !== 'failed' && current !== 'read';
  return (RANK[next] ?? 0) > (RANK[current] ?? 0);
}

async function setReceipt(
  tx: Tx,
  emit: Emit,
  row: { id: string; conversationId: string },
  status: Receipt,
  error: string | null,
) {
  await tx.message.update({
    where: { id: row.id },
    data: { deliveryStatus: status, deliveryError: status === 'failed' ? error : null },
  });
  await emit({
    topic: CONSOLE_TOPIC,
    data: {
      type: 'message.status',
      messageId: row.id,
      conversationId: row.conversationId,
      status,
      error: status === 'failed' ? error : null,
    },
  });
}

/** WhatsApp statuses, Messenger deliveries by mid: sent → delivered → read (or failed) on our message. */
export async function applyReceipt(deps: InboundDeps, channel: InboundChannel, event: DeliveryStatusEvent) {
  await withLiveEvents(deps, channel.accountId, async (tx, emit) => {
    const rows = await tx.message.findMany({
      where: {
        accountId: channel.accountId,
        externalId: event.externalMessageId,
        authorType: 'agent',
        conversation: { channelId: channel.id },
      },
      select: { id: true, conversationId: true, deliveryStatus: true },
    });
    for (const row of rows) {
      if (!advances(row.deliveryStatus, event.status)) continue;
      await setReceipt(tx, emit, row, event.status, event.error?.slice(0, 500) ?? null);
    }
  });
}

/**
 * Messenger's watermarks: everything we sent the contact at or before it was delivered / read. Only
 * messages the provider accepted count (they carry its id).
 */
export async function applyWatermark(deps: InboundDeps, channel: InboundChannel, event: WatermarkEvent) {
  const identity = await deps.db.visitorIdentity.findUnique({
    where: { channelId_externalId: { channelId: channel.id, externalId: event.contactExternalId } },
    select: { visitorId: true },
  });
  if (!identity) return;
  await withLiveEvents(deps, channel.accountId, async (tx, emit) => {
    const rows = await tx.message.findMany({
      where: {
        accountId: channel.accountId,
        authorType: 'agent',
        externalId: { not: null },
        createdAt: { lte: event.watermark },
        deliveryStatus: { in: event.status === 'read' ? ['sent', 'delivered'] : ['sent'] },
        conversation: { channelId: channel.id, visitorId: identity.visitorId },
      },
      select: { id: true, conversationId: true, deliveryStatus: true },
      take: 500,
    });
    for (const row of rows) await setReceipt(tx, emit, row, event.status, null);
  });
}

/**
 * The contact edited a message: the text changes, the first version stays in `meta.original` for
 * the agent to see. Each edit is recorded by its id, so a redelivered edit is applied once.
 */
export async function applyEdit(deps: InboundDeps, channel: InboundChannel, event: InboundEditEvent) {
  try {
    await withLiveEvents(deps, channel.accountId, async (tx, emit) => {
      const row = await tx.message.findFirst({
        where: {
          accountId: channel.accountId,
          externalId: event.externalMessageId,
          authorType: 'visitor',
          conversation: { channelId: channel.id },
        },
        select: { id: true, body: true, meta: true, editedAt: true, conversation: true },
      });
      // An edit of a message we never stored (sent before the channel was added) changes nothing.
      if (!row) return;
      await tx.channelReceipt.create({
        data: { accountId: channel.accountId, channelId: channel.id, externalId: `edit:${event.editId}` },
      });
      // An edit older than the one shown (redelivered out of order) is recorded but not shown.
      if (row.editedAt && row.editedAt >= event.editedAt) return;
      const meta = (row.meta ?? {}) as Record<string, unknown>;
      await tx.message.update({
        where: { id: row.id },
        data: {
          body: event.text.trim().slice(0, 20_000) || row.body,
          editedAt: event.editedAt,
          meta: { ...meta, original: typeof meta.original === 'string' ? meta.original : row.body },
        },
      });
      await emitUpdated(tx, emit, channel.accountId, row.id, row.conversation);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

/** Something the plugin kept aside at the provider (a mail it cannot read): counted on the channel's health. */
export async function recordRejected(deps: InboundDeps, installId: string, event: RejectedEvent) {
  deps.logger?.warn(
    { installId, reference: event.reference, reason: event.reason },
    'inbound item kept aside',
  );
  await deps.db.pluginInstall.update({
    where: { id: installId },
    data: {
      rejectedCount: { increment: 1 },
      rejectedReason: event.reason.slice(0, 500),
      rejectedAt: new Date(),
    },
  });
}
