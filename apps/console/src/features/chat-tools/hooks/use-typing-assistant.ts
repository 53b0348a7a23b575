import { useCallback, useMemo } from 'react';
import { browserStorage } from '../../../lib/drafts';
import { createStoredPreference, useStoredPreference } from '../../../lib/stored-preference';
import {
  learn,
  loadAssistantEnabled,
  loadPhraseBook,
  saveAssistantEnabled,
  savePhraseBook,
  suggest,
} from '../typing-assistant';

const assistantSwitch = createStoredPreference({
  keyPrefix: 'parley.assistant.',
  load: loadAssistantEnabled,
  save: saveAssistantEnabled,
});

/** C12 on/off for this agent in this browser (Settings → General). */
export function useAssistantEnabled(userId: string) {
  return useStoredPreference(assistantSwitch, userId);
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
