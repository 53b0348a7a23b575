import type { WidgetAgent } from '../types';
import type { SessionStore } from './session-state';

/** An agent's typing notice ends by itself if the "stopped" event never comes (a closed console). */
const TYPING_EXPIRY_MS = 8000;

/** Which agents are typing right now, as the `typing` events and their messages say. */
export class AgentTyping {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly store: SessionStore) {}

  set(agent: WidgetAgent, typing: boolean): void {
    const current = this.store.state.typing;
    clearTimeout(this.timers.get(agent.id));
    const others = current.filter((a) => a.id !== agent.id);
    if (typing)
      this.timers.set(
        agent.id,
        setTimeout(() => this.set(agent, false), TYPING_EXPIRY_MS),
      );
    if (typing || others.length !== current.length)
      this.store.set({ typing: typing ? [...others, agent] : others });
  }
}
