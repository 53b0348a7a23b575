import type { Db } from '@parley/db';
import type { InboundMessageEvent } from '@parley/integrations';

export interface ResolvedThread {
  threadId: string | null;
  /** The open conversation the message answers, whoever sends it (a colleague in Cc replying). */
  conversationId?: string;
  /** That conversation's contact, to tell when someone else of the thread wrote. */
  contactVisitorId?: string | null;
}

/**
 * The conversation an inbound message belongs to, as a mail client threads: the message it answers
 * (In-Reply-To) or any earlier one it names (References, newest first), among every message of the
 * channel — the contact's and our own replies. Only when none is known does the plugin's guess
 * (its thread id, then the sender) decide.
 */
export async function resolveThread(
  db: Db,
  channelId: string,
  event: InboundMessageEvent,
): Promise<ResolvedThread> {
  const named = [event.replyToExternalId, ...[...(event.references ?? [])].reverse()].filter(
    (id): id is string => Boolean(id),
  );
  const fallback = { threadId: event.threadId ?? null };
  if (!named.length) return fallback;
  const answered = await db.message.findMany({
    where: { externalId: { in: named.slice(0, 100) }, conversation: { channelId } },
    select: {
      externalId: true,
      conversation: { select: { id: true, status: true, externalThreadId: true, visitorId: true } },
    },
  });
  // The nearest named message wins: In-Reply-To, then References from the newest.
  const best = named.map((id) => answered.find((m) => m.externalId === id)).find(Boolean);
  if (!best) return fallback;
  const { conversation } = best;
  return {
    threadId: conversation.externalThreadId ?? fallback.threadId,
    ...(conversation.status === 'open'
      ? { conversationId: conversation.id, contactVisitorId: conversation.visitorId }
      : {}),
  };
}
