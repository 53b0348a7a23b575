/**
 * B4 chat request cards. "Later" hides a card but doesn't forget it: while the chat stays unassigned the
 * agent is reminded again every REMIND_AFTER_MS, until some agent joins (a `conversation` event with an
 * assignee, or the chat closes) — then the card goes away for good, on every agent's screen.
 */
export const REMIND_AFTER_MS = 30_000;

export type TRequestCard<T> = {
  conversationId: string;
  data: T;
  /** null = on screen; otherwise hidden by "Later" until this time (ms since epoch). */
  hiddenUntil: number | null;
  /** When the request (or its latest news) arrived, ms since epoch. */
  receivedAt: number;
};

/**
 * An Inbox snapshot can be older than the requests that arrived while it was fetched (a refetch that
 * overlaps a burst of new chats). A card is therefore never removed because one snapshot lacks its
 * chat: it is only not shown while the Inbox lacks it, and forgotten once it has been missing from an
 * Inbox that is surely newer than the card.
 */
export const STALE_SNAPSHOT_MS = 60_000;

/** A new request, or news about one we have (a newer message): shown (again) at the top. */
export function addRequest<T>(
  cards: readonly TRequestCard<T>[],
  conversationId: string,
  data: T,
  now: number,
): TRequestCard<T>[] {
  return [
    { conversationId, data, hiddenUntil: null, receivedAt: now },
    ...cards.filter((c) => c.conversationId !== conversationId),
  ];
}

export function snoozeRequest<T>(
  cards: readonly TRequestCard<T>[],
  conversationId: string,
  now: number,
  delayMs: number = REMIND_AFTER_MS,
): TRequestCard<T>[] {
  return cards.map((card) =>
    card.conversationId === conversationId ? { ...card, hiddenUntil: now + delayMs } : card,
  );
}

export function removeRequest<T>(
  cards: readonly TRequestCard<T>[],
  conversationId: string,
): TRequestCard<T>[] {
  return cards.filter((card) => card.conversationId !== conversationId);
}

/** Applies a `conversation` event: once someone took the chat (or it closed), nobody needs the card. */
export function settleRequest<T>(
  cards: readonly TRequestCard<T>[],
  conversation: { id: string; assignee: unknown; status: string },
): TRequestCard<T>[] {
  if (conversation.assignee === null && conversation.status === 'open') return cards as TRequestCard<T>[];
  return removeRequest(cards, conversation.id);
}

/** The cards on screen: not snoozed, and (given the Inbox) only for chats that wait there, so the two agree. */
export function visibleRequests<T>(
  cards: readonly TRequestCard<T>[],
  now: number,
  waiting?: ReadonlySet<string>,
): TRequestCard<T>[] {
  return cards.filter(
    (card) =>
      (card.hiddenUntil === null || card.hiddenUntil <= now) &&
      (!waiting || waiting.has(card.conversationId)),
  );
}

/** Forgets cards whose chat left the Inbox (taken or closed while we were not listening), see STALE_SNAPSHOT_MS. */
export function forgetLeftInbox<T>(
  cards: readonly TRequestCard<T>[],
  waiting: ReadonlySet<string>,
  now: number,
): TRequestCard<T>[] {
  const next = cards.filter(
    (card) => waiting.has(card.conversationId) || now - card.receivedAt < STALE_SNAPSHOT_MS,
  );
  return next.length === cards.length ? (cards as TRequestCard<T>[]) : next;
}

/** Brings back the snoozed cards that are due; `woken` are the ids to remind about (sound, OS notification). */
export function wakeRequests<T>(
  cards: readonly TRequestCard<T>[],
  now: number,
): { cards: TRequestCard<T>[]; woken: string[] } {
  const woken: string[] = [];
  const next = cards.map((card) => {
    if (card.hiddenUntil === null || card.hiddenUntil > now) return card;
    woken.push(card.conversationId);
    return { ...card, hiddenUntil: null };
  });
  return { cards: woken.length > 0 ? next : (cards as TRequestCard<T>[]), woken };
}

/** When the next snoozed card is due, for one timer instead of one per card. */
export function nextWakeAt<T>(cards: readonly TRequestCard<T>[]): number | null {
  let next: number | null = null;
  for (const card of cards) {
    if (card.hiddenUntil !== null && (next === null || card.hiddenUntil < next)) next = card.hiddenUntil;
  }
  return next;
}
