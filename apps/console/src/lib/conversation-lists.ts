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
