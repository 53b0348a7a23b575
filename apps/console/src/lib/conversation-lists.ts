/**
 * Where a conversation belongs after a `conversation` event (docs/live-chat.md): the Inbox holds open
 * chats nobody took yet; My chats holds open chats I am in. Everything else leaves those lists.
 */
export type TListableConversation = {
  id: string;
  status: 'open' | 'closed';
  assignee: { id: string } | null;
  agentIds: string[];
  startedAt: string;
  lastMessageAt: string;
};

export function belongsToInbox(conversation: TListableConversation): boolean {
  return conversation.status === 'open' && conversation.assignee === null;
}

export function belongsToMine(conversation: TListableConversation, myId: string): boolean {
  return conversation.status === 'open' && conversation.agentIds.includes(myId);
}

/** Replaces or adds (when `keep`) or removes the conversation; returns the same list when nothing changes. */
export function placeConversation<T extends TListableConversation>(
  list: readonly T[] | undefined,
  conversation: T,
  keep: boolean,
): T[] | undefined {
  if (!list) return undefined;
  const index = list.findIndex((item) => item.id === conversation.id);
  if (!keep) return index >= 0 ? list.filter((item) => item.id !== conversation.id) : (list as T[]);
  if (index < 0) return [...list, conversation];
  const next = [...list];
  next[index] = conversation;
  return next;
}

/** Inbox: who waited longest comes first. */
export function sortInbox<T extends TListableConversation>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** My chats: the latest activity first. */
export function sortMine<T extends TListableConversation>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

type TPreviewMessage = {
  conversationId: string;
  author: 'visitor' | 'agent' | 'system';
  agent: { id: string; name: string } | null;
  kind: string;
  body: string;
  createdAt: string;
};
type TPreviewLast = {
  body: string;
  author: 'visitor' | 'agent' | 'system';
  agent: { id: string; name: string } | null;
  createdAt: string;
};
type TPreviewSummary = TListableConversation & { unread: number; lastMessage: TPreviewLast | null };

/**
 * Who the preview names before the words: "You:" only on my own messages; a teammate's reply carries
 * their name (a chat transferred to them and back has both); the visitor's words carry nothing.
 */
export function previewAuthor(
  last: Pick<TPreviewLast, 'author' | 'agent'>,
  myId: string,
): { you: true } | { name: string } | null {
  if (last.author !== 'agent' || !last.agent) return null;
  return last.agent.id === myId ? { you: true } : { name: last.agent.name };
}

/** What the list shows of a message: people's words, not system events or private notes. */
const PREVIEWED_KINDS = new Set(['text', 'file', 'gif']);

/**
 * A plain chat message comes without a `conversation` event (the server spares the summary on its
 * hottest path, docs/live-chat.md): the preview, the order and my unread count follow from the
 * message. A visitor's message is unread for me when the chat is mine; my own reply means I read it.
 */
export function withMessage<T extends TPreviewSummary>(
  summary: T,
  message: TPreviewMessage,
  myId: string,
): T {
  if (summary.id !== message.conversationId) return summary;
  const newer = message.createdAt > summary.lastMessageAt;
  const previewed = PREVIEWED_KINDS.has(message.kind);
  const mine = summary.assignee?.id === myId;
  let unread = summary.unread;
  // Only a newer message counts: the same message again (e.g. with its translation, C7) is an update.
  if (message.author === 'visitor' && mine && newer) unread += 1;
  if (message.author === 'agent' && message.agent?.id === myId) unread = 0;
  return {
    ...summary,
    unread,
    lastMessageAt: newer ? message.createdAt : summary.lastMessageAt,
    lastMessage:
      previewed && (newer || !summary.lastMessage)
        ? {
            body: message.body.slice(0, 300),
            author: message.author,
            agent: message.agent ? { id: message.agent.id, name: message.agent.name } : null,
            createdAt: message.createdAt,
          }
        : summary.lastMessage,
  };
}
