/**
 * E1/E2: my direct chats and groups, kept live from `team.conversation` events. Each event carries the
 * whole chat as its receiver sees it (members, last message, my unread count); a member who was removed
 * (or left) receives one last update without themselves in `members`, which takes the chat off their list.
 */
export type TTeamChatLike = {
  id: string;
  kind: 'direct' | 'group';
  title: string | null;
  members: { id: string; name: string }[];
  unread: number;
  lastMessageAt: string;
};

export function isTeamChatMember(chat: Pick<TTeamChatLike, 'members'>, userId: string): boolean {
  return chat.members.some((member) => member.id === userId);
}

/** Adds, replaces or (when I am no longer in it) removes one chat; the same list when nothing changes. */
export function placeTeamChat<T extends TTeamChatLike>(
  list: readonly T[] | undefined,
  chat: T,
  myId: string,
): T[] | undefined {
  if (!list) return undefined;
  const index = list.findIndex((item) => item.id === chat.id);
  if (!isTeamChatMember(chat, myId)) {
    return index >= 0 ? list.filter((item) => item.id !== chat.id) : (list as T[]);
  }
  if (index < 0) return [...list, chat];
  const next = [...list];
  next[index] = chat;
  return next;
}

/** The latest activity first, as the server lists them. */
export function sortTeamChats<T extends TTeamChatLike>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

export function markTeamChatRead<T extends TTeamChatLike>(
  list: readonly T[] | undefined,
  chatId: string,
): T[] | undefined {
  if (!list) return undefined;
  if (!list.some((item) => item.id === chatId && item.unread > 0)) return list as T[];
  return list.map((item) => (item.id === chatId ? { ...item, unread: 0 } : item));
}

/** Unread messages over all my team chats: the Team chats badge in the navigation. */
export function totalTeamUnread(list: readonly Pick<TTeamChatLike, 'unread'>[] | undefined): number {
  return list?.reduce((sum, chat) => sum + chat.unread, 0) ?? 0;
}

/**
 * What a chat is called for me: a group by its title, a direct chat by the other person. A direct chat
 * whose other member is gone (disabled, deleted) falls back to `fallback`.
 */
export function teamChatName(
  chat: Pick<TTeamChatLike, 'kind' | 'title' | 'members'>,
  myId: string,
  fallback: string,
) {
  if (chat.kind === 'group') return chat.title?.trim() || fallback;
  return chat.members.find((member) => member.id !== myId)?.name ?? fallback;
}

/** Teammates who could still be added to a group: not members already, not disabled. */
export function addableMembers<T extends { id: string; disabled: boolean }>(
  team: readonly T[],
  chat: Pick<TTeamChatLike, 'members'>,
): T[] {
  const inside = new Set(chat.members.map((member) => member.id));
  return team.filter((member) => !member.disabled && !inside.has(member.id));
}
