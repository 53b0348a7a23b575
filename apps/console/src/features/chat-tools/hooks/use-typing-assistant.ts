import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { browserStorage } from '../../../lib/drafts';
import {
  learn,
  loadAssistantEnabled,
  loadPhraseBook,
  saveAssistantEnabled,
  savePhraseBook,
  suggest,
} from '../typing-assistant';

const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const notify = () => {
  for (const listener of listeners) listener();
};

/** C12 on/off for this agent in this browser (Settings → General). */
export function useAssistantEnabled(userId: string) {
  const enabled = useSyncExternalStore(subscribe, () => loadAssistantEnabled(browserStorage(), userId));
  const set = useCallback(
    (on: boolean) => {
      saveAssistantEnabled(browserStorage(), userId, on);
      notify();
    },
    [userId],
  );
  return [enabled, set] as const;
}

/** C12: the ghost text for a draft, and `remember` for what I sent. Everything stays in localStorage. */
export function useTypingAssistant(userId: string, draft: string) {
  const [enabled] = useAssistantEnabled(userId);
  const suggestion = useMemo(
    () => (enabled && draft ? suggest(loadPhraseBook(browserStorage(), userId), draft, Date.now()) : null),
    [enabled, draft, userId],
  );
  const remember = useCallback(
    (body: string) => {
      if (!loadAssistantEnabled(browserStorage(), userId)) return;
      const storage = browserStorage();
      savePhraseBook(storage, userId, learn(loadPhraseBook(storage, userId), body, Date.now()));
    },
    [userId],
  );
  return { suggestion, remember };
}
