import type { SessionContext } from './session-state';

export type ReadTracker = ReturnType<typeof createReadTracker>;

/**
 * The unread count (agent messages newer than the last one seen, shared by every tab of the site)
 * and read receipts: `read` goes to the server once the visitor has the chat open and in view.
 */
export function createReadTracker(
  { store, storage, keys, post }: SessionContext,
  isVisible: () => boolean,
  sendRead: () => Promise<unknown> | undefined,
) {
  let lastReadSent = '';

  const lastAgentMessageAt = () => {
    const { messages } = store.state;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m?.author === 'agent') return m.createdAt;
    }
    return '';
  };

  const updateUnread = () => {
    const seen = storage.getItem(keys.seen) ?? '';
    const unread = store.state.messages.filter((m) => m.author === 'agent' && m.createdAt > seen).length;
    if (unread !== store.state.unread) {
      store.set({ unread });
      post({ parley: 'unread', count: unread });
    }
  };

  const markRead = () => {
    if (!store.state.open || !isVisible()) return;
    const last = lastAgentMessageAt();
    if (!last) return;
    const seen = storage.getItem(keys.seen) ?? '';
    if (last > seen) storage.setItem(keys.seen, last);
    updateUnread();
    if (last > lastReadSent && store.state.conversation) {
      lastReadSent = last;
      sendRead()?.catch(() => {
        lastReadSent = '';
      });
    }
  };

  return { updateUnread, markRead };
}
