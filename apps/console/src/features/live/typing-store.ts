/**
 * What visitors are typing right now, per conversation (untracked `typing` events: the live preview of
 * B6). An entry expires on its own when the widget stops telling us (closed tab, lost network).
 */
export const TYPING_EXPIRES_MS = 8_000;

export type TTypingState = { text: string; at: number };

export class TypingStore {
  private state = new Map<string, TTypingState>();
  private listeners = new Set<() => void>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(conversationId: string): TTypingState | undefined {
    return this.state.get(conversationId);
  }

  set(conversationId: string, text: string): void {
    clearTimeout(this.timers.get(conversationId));
    this.timers.delete(conversationId);
    if (text === '') {
      if (!this.state.delete(conversationId)) return;
    } else {
      this.state.set(conversationId, { text, at: Date.now() });
      this.timers.set(
        conversationId,
        setTimeout(() => this.set(conversationId, ''), TYPING_EXPIRES_MS),
      );
    }
    // A new Map per change so useSyncExternalStore sees a new snapshot only for real changes.
    this.state = new Map(this.state);
    for (const listener of this.listeners) listener();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
