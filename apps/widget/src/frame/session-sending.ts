import { createFlusher, createOutbox, type PendingMessage, type SendOutcome } from '../lib/outbox';
import { writeJson } from '../lib/storage';
import { createThrottle } from '../lib/throttle';
import { uuid } from '../lib/uuid';
import { LIMITS, type WidgetMessage } from '../types';
import type { RpcError, WidgetSocket } from './rpc';
import type { SessionContext } from './session-state';

export interface SenderHooks {
  /** The open socket, or null before it connects (and once banned). */
  socket(): WidgetSocket | null;
  /** The server stored a message: shown like one arriving live. */
  delivered(message: WidgetMessage): void;
  /** The server refused a message because the visitor is banned. */
  banned(): void;
}

/**
 * What the visitor writes: the draft (and the typing preview agents see), and the offline queue.
 * Every message goes to the outbox first and is sent in order once the socket is up; the server is
 * idempotent on `clientId`, so a retry never doubles a message.
 */
export class MessageSender {
  private readonly outbox;
  private readonly flush;
  private readonly typingThrottle;
  private lastTypingSent = '';
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ctx: SessionContext,
    private readonly hooks: SenderHooks,
  ) {
    this.outbox = createOutbox(ctx.storage, ctx.keys.outbox);
    this.flush = createFlusher(this.outbox, (p) => this.sendPending(p));
    this.typingThrottle = createThrottle((text: string) => this.sendTyping(text), 350);
  }

  /** The queue as the outbox holds it now (another tab may have changed it). */
  pending(): PendingMessage[] {
    return this.outbox.list();
  }

  /** Drops the queued messages these server messages are the answer to; returns what is left. */
  settle(messages: WidgetMessage[]): PendingMessage[] {
    return this.outbox.settle(messages);
  }

  setDraft(text: string): void {
    const { store, storage, keys } = this.ctx;
    store.set({ draft: text, notice: store.state.notice === 'tooLong' ? null : store.state.notice });
    writeJson(storage, keys.draft, text || null);
    if (text.trim()) this.typingThrottle.push(text.slice(0, LIMITS.typing));
    else if (this.lastTypingSent) this.typingThrottle.flush('');
  }

  send(body: string): boolean {
    const { store } = this.ctx;
    const text = body.trim();
    if (!text) return false;
    if (text.length > LIMITS.body) {
      store.set({ notice: 'tooLong' });
      return false;
    }
    this.outbox.enqueue({
      clientId: uuid(),
      body: text,
      createdAt: new Date().toISOString(),
      invitationText: store.state.conversation ? null : store.state.invitation,
    });
    store.set({ pending: this.outbox.list(), notice: null });
    this.setDraft('');
    this.typingThrottle.flush('');
    void this.flushQueue();
    return true;
  }

  retry(clientId: string): void {
    this.outbox.markFailed(clientId, false);
    this.ctx.store.set({ pending: this.outbox.list() });
    void this.flushQueue();
  }

  discard(clientId: string): void {
    this.outbox.remove(clientId);
    this.ctx.store.set({ pending: this.outbox.list() });
  }

  async flushQueue(): Promise<void> {
    await this.flush();
    this.ctx.store.set({ pending: this.outbox.list() });
  }

  /** No more sending (the visitor was banned): a rate-limit retry waiting to run is dropped. */
  stop(): void {
    clearTimeout(this.retryTimer);
  }

  private sendTyping(text: string) {
    if (text === this.lastTypingSent || !this.ctx.store.state.connected) return;
    this.lastTypingSent = text;
    this.hooks
      .socket()
      ?.typing(text)
      .catch(() => {});
  }

  private async sendPending(p: PendingMessage): Promise<SendOutcome> {
    const { store, storage, keys } = this.ctx;
    const socket = this.hooks.socket();
    if (!socket || !store.state.connected) return 'retry';
    try {
      const message = await socket.send({
        clientId: p.clientId,
        body: p.body,
        invitationText: p.invitationText,
      });
      // The invitation the visitor answered stays at the top of that conversation, on every page.
      if (p.invitationText)
        writeJson(storage, keys.invconv, { id: message.conversationId, text: p.invitationText });
      this.hooks.delivered(message);
      return 'sent';
    } catch (e) {
      const { status, appCode } = e as RpcError;
      if (appCode === 'widget.banned') {
        this.hooks.banned();
        return 'failed';
      }
      if (status === 429) {
        store.set({ notice: 'rateLimited' });
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void this.flushQueue(), 5000);
        return 'retry';
      }
      if (status && status >= 400 && status < 500 && status !== 401 && status !== 408) {
        store.set({ notice: 'genericError' });
        return 'failed';
      }
      return 'retry';
    }
  }
}
