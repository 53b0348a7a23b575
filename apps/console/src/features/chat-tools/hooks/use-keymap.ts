import { createStoredPreference, useStoredPreference } from '../../../lib/stored-preference';
import { loadKeymap, saveKeymap } from '../shortcuts';

const keymaps = createStoredPreference({
  keyPrefix: 'parley.shortcuts.',
  load: loadKeymap,
  save: saveKeymap,
});

/** J5: this agent's keymap in this browser, shared by the settings page, the overlay and the listener. */
export function useKeymap(userId: string) {
  return useStoredPreference(keymaps, userId);
}
