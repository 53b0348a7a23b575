import type { WidgetAgent } from '../types';
import type { SessionStore } from './session-state';

/** An agent's typing notice ends by itself if the "stopped" event never comes (a closed console). */
const TYPING_EXPIRY_MS = 8000;

/** Which agents are typing right now, as the `typing` events and their messages say. */
export function createAgentTyping(store: SessionStore) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const setTyping = (agent: WidgetAgent, typing: boolean): void => {
    const current = store.state.typing;
    clearTimeout(timers.get(agent.id));
    const others = current.filter((a) => a.id !== agent.id);
    if (typing)
      timers.set(
        agent.id,
        setTimeout(() => setTyping(agent, false), TYPING_EXPIRY_MS),
      );
    if (typing || others.length !== current.length)
      store.set({ typing: typing ? [...others, agent] : others });
  };
  return setTyping;
}
