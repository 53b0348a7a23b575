import type { SessionContext } from './session-state';

/**
 * The unread count (agent messages newer than the last one seen, shared by every tab of the site)
 * and read receipts: `read` goes to the server once the visitor has the chat open and in view.
 */
export class ReadTracker {
  private lastReadSent = '';

  constructor(
    private readonly ctx: SessionContext,
    private readonly isVisible: () => boolean,
    private readonly sendRead: () => Promise<unknown> | undefined,
  ) {}

  updateUnread(): void {
    const { store, storage, keys } = this.ctx;
    const seen = storage.getItem(keys.seen) ?? '';
    const unread = store.state.messages.filter((m) => m.author === 'agent' && m.createdAt > seen).length;
    if (unread !== store.state.unread) {
      store.set({ unread });
      this.ctx.post({ parley: 'unread', count: unread });
    }
  }

  markRead(): void {
    const { store, storage, keys } = this.ctx;
    if (!store.state.open || !this.isVisible()) return;
    const last = this.lastAgentMessageAt();
    if (!last) return;
    const seen = storage.getItem(keys.seen) ?? '';
    if (last > seen) storage.setItem(keys.seen, last);
    this.updateUnread();
    if (last > this.lastReadSent && store.state.conversation) {
      this.lastReadSent = last;
      this.sendRead()?.catch(() => {
        this.lastReadSent = '';
      });
    }
  }

  private lastAgentMessageAt(): string {
    const { messages } = this.ctx.store.state;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m?.author === 'agent') return m.createdAt;
    }
    return '';
  }
}
