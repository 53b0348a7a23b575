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

export type MessageSender = ReturnType<typeof createMessageSender>;

/**
 * What the visitor writes: the draft (and the typing preview agents see), and the offline queue.
 * Every message goes to the outbox first and is sent in order once the socket is up; the server is
 * idempotent on `clientId`, so a retry never doubles a message.
 */
export function createMessageSender({ store, storage, keys }: SessionContext, hooks: SenderHooks) {
  const outbox = createOutbox(storage, keys.outbox);
  let lastTypingSent = '';
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const sendTyping = (text: string) => {
    if (text === lastTypingSent || !store.state.connected) return;
    lastTypingSent = text;
    hooks
      .socket()
      ?.typing(text)
      .catch(() => {});
  };
  const typingThrottle = createThrottle(sendTyping, 350);

  const sendPending = async (p: PendingMessage): Promise<SendOutcome> => {
    const socket = hooks.socket();
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
      hooks.delivered(message);
      return 'sent';
    } catch (e) {
      const { status, appCode } = e as RpcError;
      if (appCode === 'widget.banned') {
        hooks.banned();
        return 'failed';
      }
      // J6: the account's plan has no new conversations left this month. The message stays in the
      // queue (marked failed, nothing lost) and the widget turns to its offline form, whose messages
      // the server still takes; a channel without one says plainly that chat is unavailable.
      if (appCode === 'plan.limit_reached') {
        const offlineForm = store.state.config?.offlineForm.enabled ?? false;
        store.set({ agentsOnline: false, notice: offlineForm ? 'genericError' : 'chatUnavailable' });
        return 'failed';
      }
      if (status === 429) {
        store.set({ notice: 'rateLimited' });
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => void flushQueue(), 5000);
        return 'retry';
      }
      if (status && status >= 400 && status < 500 && status !== 401 && status !== 408) {
        store.set({ notice: 'genericError' });
        return 'failed';
      }
      return 'retry';
    }
  };
  const flush = createFlusher(outbox, sendPending);

  const flushQueue = async (): Promise<void> => {
    await flush();
    store.set({ pending: outbox.list() });
  };

  const setDraft = (text: string): void => {
    store.set({ draft: text, notice: store.state.notice === 'tooLong' ? null : store.state.notice });
    writeJson(storage, keys.draft, text || null);
    if (text.trim()) typingThrottle.push(text.slice(0, LIMITS.typing));
    else if (lastTypingSent) typingThrottle.flush('');
  };

  return {
    /** The queue as the outbox holds it now (another tab may have changed it). */
    pending: (): PendingMessage[] => outbox.list(),
    /** Drops the queued messages these server messages answer; returns what is left. */
    settle: (messages: WidgetMessage[]): PendingMessage[] => outbox.settle(messages),
    setDraft,
    flushQueue,
    send(body: string): boolean {
      const text = body.trim();
      if (!text) return false;
      if (text.length > LIMITS.body) {
        store.set({ notice: 'tooLong' });
        return false;
      }
      outbox.enqueue({
        clientId: uuid(),
        body: text,
        createdAt: new Date().toISOString(),
        invitationText: store.state.conversation ? null : store.state.invitation,
      });
      store.set({ pending: outbox.list(), notice: null });
      setDraft('');
      typingThrottle.flush('');
      void flushQueue();
      return true;
    },
    retry(clientId: string): void {
      outbox.markFailed(clientId, false);
      store.set({ pending: outbox.list() });
      void flushQueue();
    },
    discard(clientId: string): void {
      outbox.remove(clientId);
      store.set({ pending: outbox.list() });
    },
    /** No more sending (the visitor was banned): a rate-limit retry waiting to run is dropped. */
    stop(): void {
      clearTimeout(retryTimer);
    },
  };
}
