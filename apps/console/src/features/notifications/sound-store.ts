import { useCallback } from 'react';
import {
  loadSoundPreferences,
  saveSoundPreferences,
  type TSoundPreferences,
} from '../../lib/sound-preferences';
import { createStoredPreference, useStoredPreference } from '../../lib/stored-preference';

const soundPreferences = createStoredPreference({
  keyPrefix: 'parley.sounds.',
  load: loadSoundPreferences,
  save: saveSoundPreferences,
});

/** J4 preferences of one agent in this browser, shared by the settings page and the notifier. */
export function useSoundPreferences(userId: string) {
  const [preferences, set] = useStoredPreference(soundPreferences, userId);
  const update = useCallback(
    (patch: Partial<TSoundPreferences>) => set((current) => ({ ...current, ...patch })),
    [set],
  );
  return [preferences, update] as const;
}
