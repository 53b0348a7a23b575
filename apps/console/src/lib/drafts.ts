/**
 * B6: unsent text stays with its conversation when the agent switches chats, and survives a reload.
 * Kept in localStorage per agent (one browser may serve several agents in turn), never on the server.
 */
export type TKeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'parley.draft';
export const MAX_DRAFT_LENGTH = 5000;

export function draftKey(userId: string, conversationId: string): string {
  return `${PREFIX}.${userId}.${conversationId}`;
}

function safely<T>(fallback: T, work: () => T): T {
  try {
    return work();
  } catch {
    // Private mode, a full quota or a disabled storage: drafts are a convenience, not worth an error.
    return fallback;
  }
}

export function loadDraft(
  storage: TKeyValueStorage | undefined,
  userId: string,
  conversationId: string,
): string {
  if (!storage) return '';
  return safely('', () => storage.getItem(draftKey(userId, conversationId)) ?? '');
}

/** Saves the draft; an empty (or blank) draft removes the entry so storage doesn't fill with old chats. */
export function saveDraft(
  storage: TKeyValueStorage | undefined,
  userId: string,
  conversationId: string,
  text: string,
): void {
  if (!storage) return;
  const key = draftKey(userId, conversationId);
  safely(undefined, () => {
    if (text.trim() === '') storage.removeItem(key);
    else storage.setItem(key, text.slice(0, MAX_DRAFT_LENGTH));
  });
}

export function clearDraft(
  storage: TKeyValueStorage | undefined,
  userId: string,
  conversationId: string,
): void {
  saveDraft(storage, userId, conversationId, '');
}

export function browserStorage(): TKeyValueStorage | undefined {
  return safely(undefined, () => (typeof window === 'undefined' ? undefined : window.localStorage));
}
