import type { TKeyValueStorage } from './drafts';

/**
 * J4 sounds. The API has no fields for these yet, so they are kept per agent in this browser's
 * localStorage (the notification *type* is on the profile and follows the agent everywhere).
 */
export const SOUND_CHOICES = ['chime', 'bell', 'pop'] as const;
export type TSoundChoice = (typeof SOUND_CHOICES)[number];

export type TSoundPreferences = {
  /** A sound with each chat request (and its "Later" reminders). */
  enabled: boolean;
  sound: TSoundChoice;
  /** 0..1 */
  volume: number;
  /** A soft sound when a new visitor arrives on a site. */
  newVisitor: boolean;
};

export const defaultSoundPreferences: TSoundPreferences = {
  enabled: true,
  sound: 'chime',
  volume: 0.7,
  newVisitor: false,
};

const key = (userId: string) => `parley.sounds.${userId}`;

/** Reads whatever was stored, keeping only valid values: an old or hand-edited entry never breaks the app. */
export function parseSoundPreferences(raw: string | null): TSoundPreferences {
  if (!raw) return defaultSoundPreferences;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return defaultSoundPreferences;
  }
  if (typeof value !== 'object' || value === null) return defaultSoundPreferences;
  const stored = value as Record<string, unknown>;
  const result = { ...defaultSoundPreferences };
  if (typeof stored.enabled === 'boolean') result.enabled = stored.enabled;
  if (typeof stored.newVisitor === 'boolean') result.newVisitor = stored.newVisitor;
  if (SOUND_CHOICES.includes(stored.sound as TSoundChoice)) result.sound = stored.sound as TSoundChoice;
  if (typeof stored.volume === 'number' && Number.isFinite(stored.volume)) {
    result.volume = Math.min(1, Math.max(0, stored.volume));
  }
  return result;
}

export function loadSoundPreferences(
  storage: TKeyValueStorage | undefined,
  userId: string,
): TSoundPreferences {
  try {
    return parseSoundPreferences(storage?.getItem(key(userId)) ?? null);
  } catch {
    return defaultSoundPreferences;
  }
}

export function saveSoundPreferences(
  storage: TKeyValueStorage | undefined,
  userId: string,
  preferences: TSoundPreferences,
): void {
  try {
    storage?.setItem(key(userId), JSON.stringify(preferences));
  } catch {
    // Storage full or disabled: the choice lasts until the page is reloaded.
  }
}
