/**
 * Merging the transcript from three sources without losing or doubling anything: the `chats.get` answer,
 * live `message` events, and the answers to our own `chats.send` calls. A message is the same message when
 * its id matches, or when its clientId (the uuid the sender made up) matches: that is how the acknowledged
 * copy replaces our pending one, and how the live event of the same message finds it already there.
 */
export type TMergeableMessage = { id: string; clientId: string | null; createdAt: string };

function sameMessage(a: TMergeableMessage, b: TMergeableMessage): boolean {
  return a.id === b.id || (a.clientId !== null && a.clientId === b.clientId);
}

function byTime(a: TMergeableMessage, b: TMergeableMessage): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

/** Adds or replaces one message, keeping the list in time order. Returns the same array when unchanged. */
export function upsertMessage<T extends TMergeableMessage>(list: readonly T[], message: T): T[] {
  const index = list.findIndex((item) => sameMessage(item, message));
  if (index >= 0) {
    const existing = list[index] as T;
    if (existing.id === message.id && JSON.stringify(existing) === JSON.stringify(message))
      return list as T[];
    const next = [...list];
    next[index] = message;
    return next;
  }
  // Usually the newest: walk back from the end to find its place.
  let at = list.length;
  while (at > 0 && byTime(list[at - 1] as T, message) > 0) at -= 1;
  return [...list.slice(0, at), message, ...list.slice(at)];
}

/**
 * Our own `send` call's answer: a snapshot taken at commit, so a copy already in the list (from the live
 * stream, which delivers the message event at commit, or a refetch) is at least as new. Keeping that copy
 * matters: the answer travels over HTTP and the stream over the WebSocket, so the answer can arrive after
 * a `message.status` event (Sent, Delivered) and must not set the message back to pending.
 */
export function addAcknowledged<T extends TMergeableMessage>(list: readonly T[], message: T): T[] {
  if (list.some((item) => item.id === message.id)) return list as T[];
  return upsertMessage(list, message);
}

export function mergeMessages<T extends TMergeableMessage>(list: readonly T[], incoming: readonly T[]): T[] {
  let result = list as T[];
  for (const message of incoming) result = upsertMessage(result, message);
  return result;
}

export type TPendingStatus = 'sending' | 'failed';
export type TPendingMessage = {
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  status: TPendingStatus;
};

export type TTranscriptItem<T> =
  | { kind: 'message'; message: T }
  | { kind: 'pending'; pending: TPendingMessage };

/**
 * What the transcript shows: the server's messages, then our messages not acknowledged yet (in the order we
 * wrote them). A pending message whose clientId already came back (by event or by answer) is not shown twice.
 */
export function transcriptItems<T extends TMergeableMessage>(
  messages: readonly T[],
  pending: readonly TPendingMessage[],
): TTranscriptItem<T>[] {
  const known = new Set(messages.map((message) => message.clientId).filter((id) => id !== null));
  return [
    ...messages.map((message) => ({ kind: 'message' as const, message })),
    ...pending
      .filter((item) => !known.has(item.clientId))
      .map((item) => ({ kind: 'pending' as const, pending: item })),
  ];
}

/** The visitor has seen an agent message when their read mark is at or after it (B6 read receipts). */
export function isSeenByVisitor(message: { createdAt: string }, visitorReadAt: string | null): boolean {
  return visitorReadAt !== null && new Date(visitorReadAt).getTime() >= new Date(message.createdAt).getTime();
}

/**
 * Whether a message has text to show besides its media: a GIF never does, a file message only when
 * its body is more than its files' names (a caption, or a placeholder for a file that could not be
 * fetched from the contact's channel).
 */
export function hasTextBesidesMedia(message: {
  kind: string;
  body: string;
  attachments?: { name: string }[];
}): boolean {
  if (message.kind === 'gif') return false;
  if (message.kind !== 'file') return true;
  return message.body !== (message.attachments ?? []).map((file) => file.name).join(', ');
}

/** A cached conversation with an earlier page of its transcript merged in (and whether more remain). */
export function withEarlierPage<
  TMessage extends TMergeableMessage,
  TData extends { messages: TMessage[]; hasMore: boolean },
>(data: TData | undefined, page: { messages: TMessage[]; hasMore: boolean }): TData | undefined {
  return data
    ? { ...data, messages: mergeMessages(data.messages, page.messages), hasMore: page.hasMore }
    : data;
}
