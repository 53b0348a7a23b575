import type { TPendingMessage } from '../../lib/chat-messages';
import type { TChatMessage } from '../../lib/chat-types';
import { readErrorShape } from '../../lib/errors';

const EMPTY: TPendingMessage[] = [];
const retryDelay = (attempt: number) => Math.min(1_000 * 2 ** attempt, 10_000);

type TOutboxOptions = {
  send: (pending: TPendingMessage) => Promise<TChatMessage>;
  /** The acknowledged message, to merge into the transcript cache before the pending copy goes. */
  onDelivered: (message: TChatMessage) => void;
};

/**
 * Messages the agent wrote that the server has not acknowledged yet (G2 on the agent's side). Each keeps
 * its clientId for life, so resending after a network failure can never create a second copy: the API is
 * idempotent on clientId. Network failures retry on their own (backoff, and at once when the browser or
 * the live connection comes back); a refusal (too long, not allowed) stays "not sent" with a retry button.
 */
export class Outbox {
  private state = new Map<string, TPendingMessage[]>();
  private listeners = new Set<() => void>();
  private inFlight = new Set<string>();
  private attempts = new Map<string, number>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: TOutboxOptions) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  list(conversationId: string): TPendingMessage[] {
    return this.state.get(conversationId) ?? EMPTY;
  }

  add(conversationId: string, body: string, clientId: string = crypto.randomUUID()): TPendingMessage {
    const pending: TPendingMessage = {
      clientId,
      conversationId,
      body,
      createdAt: new Date().toISOString(),
      status: 'sending',
    };
    this.update(conversationId, (list) => [...list, pending]);
    void this.attempt(pending.clientId);
    return pending;
  }

  /** Sends everything still waiting now (network back, socket reconnected, "retry" clicked). */
  flush(): void {
    for (const list of this.state.values()) {
      for (const pending of list) void this.attempt(pending.clientId);
    }
  }

  retry(clientId: string): void {
    void this.attempt(clientId);
  }

  discard(clientId: string): void {
    const pending = this.find(clientId);
    if (pending) this.remove(pending);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private find(clientId: string): TPendingMessage | undefined {
    for (const list of this.state.values()) {
      const found = list.find((item) => item.clientId === clientId);
      if (found) return found;
    }
    return undefined;
  }

  private async attempt(clientId: string): Promise<void> {
    const pending = this.find(clientId);
    if (!pending || this.inFlight.has(clientId)) return;
    clearTimeout(this.timers.get(clientId));
    this.timers.delete(clientId);
    this.inFlight.add(clientId);
    if (pending.status !== 'sending') this.setStatus(pending, 'sending');
    try {
      const message = await this.options.send(pending);
      this.options.onDelivered(message);
      this.remove(pending);
    } catch (error) {
      const shape = readErrorShape(error);
      const transient =
        shape.network || shape.code === 'INTERNAL_SERVER_ERROR' || shape.code === 'TOO_MANY_REQUESTS';
      if (transient && this.find(clientId)) {
        const attempt = this.attempts.get(clientId) ?? 0;
        this.attempts.set(clientId, attempt + 1);
        this.timers.set(
          clientId,
          setTimeout(() => void this.attempt(clientId), retryDelay(attempt)),
        );
      } else {
        const current = this.find(clientId);
        if (current) this.setStatus(current, 'failed');
      }
    } finally {
      this.inFlight.delete(clientId);
    }
  }

  private setStatus(pending: TPendingMessage, status: TPendingMessage['status']): void {
    this.update(pending.conversationId, (list) =>
      list.map((item) => (item.clientId === pending.clientId ? { ...item, status } : item)),
    );
  }

  private remove(pending: TPendingMessage): void {
    clearTimeout(this.timers.get(pending.clientId));
    this.timers.delete(pending.clientId);
    this.attempts.delete(pending.clientId);
    this.update(pending.conversationId, (list) => list.filter((item) => item.clientId !== pending.clientId));
  }

  private update(conversationId: string, change: (list: TPendingMessage[]) => TPendingMessage[]): void {
    const next = change(this.list(conversationId));
    if (next.length === 0) this.state.delete(conversationId);
    else this.state.set(conversationId, next);
    for (const listener of this.listeners) listener();
  }
}
