import { useCallback } from 'react';
import type { TKeyValueStorage } from '../../lib/drafts';
import { SOUND_CHOICES, type TSoundChoice } from '../../lib/sound-preferences';
import { createStoredPreference, useStoredPreference } from '../../lib/stored-preference';

/**
 * H3: an agent's call devices and ringing, kept in this browser's localStorage under the agent's user
 * id (`parley.calls.<userId>`). Per agent AND per device on purpose: device ids (`deviceId` of
 * `enumerateDevices`) are only meaningful in the browser that produced them, so they cannot follow
 * the agent to another computer. An empty id means the system default.
 */
export const RINGTONES = ['chat', ...SOUND_CHOICES] as const;
/** `chat`: the chat request sound and volume (Settings → Sounds), as calls rang before H3. */
export type TRingtone = (typeof RINGTONES)[number];

export type TCallSettings = {
  microphoneId: string;
  speakerId: string;
  ringtone: TRingtone;
  /** 0..1, for a ringtone other than `chat`. */
  ringVolume: number;
};

export const defaultCallSettings: TCallSettings = {
  microphoneId: '',
  speakerId: '',
  ringtone: 'chat',
  ringVolume: 0.7,
};

const key = (userId: string) => `parley.calls.${userId}`;
/** A deviceId is an opaque string from the browser; keep only something that looks like one. */
const DEVICE_ID = /^[\w+/=.:-]{0,200}$/;

/** Whatever was stored, keeping only valid values (an old or hand-edited entry never breaks calls). */
export function parseCallSettings(raw: string | null): TCallSettings {
  if (!raw) return defaultCallSettings;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return defaultCallSettings;
  }
  if (typeof value !== 'object' || value === null) return defaultCallSettings;
  const stored = value as Record<string, unknown>;
  const result = { ...defaultCallSettings };
  for (const field of ['microphoneId', 'speakerId'] as const) {
    const id = stored[field];
    if (typeof id === 'string' && DEVICE_ID.test(id)) result[field] = id;
  }
  if (RINGTONES.includes(stored.ringtone as TRingtone)) result.ringtone = stored.ringtone as TRingtone;
  if (typeof stored.ringVolume === 'number' && Number.isFinite(stored.ringVolume))
    result.ringVolume = Math.min(1, Math.max(0, stored.ringVolume));
  return result;
}

export function loadCallSettings(storage: TKeyValueStorage | undefined, userId: string): TCallSettings {
  try {
    return parseCallSettings(storage?.getItem(key(userId)) ?? null);
  } catch {
    return defaultCallSettings;
  }
}

export function saveCallSettings(
  storage: TKeyValueStorage | undefined,
  userId: string,
  value: TCallSettings,
) {
  try {
    storage?.setItem(key(userId), JSON.stringify(value));
  } catch {
    // Storage full or disabled: the choice lasts until the page is reloaded.
  }
}

const callSettings = createStoredPreference({
  keyPrefix: 'parley.calls.',
  load: loadCallSettings,
  save: saveCallSettings,
});

export function useCallSettings(userId: string) {
  const [settings, set] = useStoredPreference(callSettings, userId);
  const update = useCallback(
    (patch: Partial<TCallSettings>) => set((current) => ({ ...current, ...patch })),
    [set],
  );
  return [settings, update] as const;
}

/** What ringing plays: the call ringtone, or the chat request sound when it is `chat`. */
export function ringSound(
  settings: TCallSettings,
  chat: { enabled: boolean; sound: TSoundChoice; volume: number },
): { sound: TSoundChoice; volume: number } | null {
  if (settings.ringtone === 'chat') return chat.enabled ? { sound: chat.sound, volume: chat.volume } : null;
  return settings.ringVolume > 0 ? { sound: settings.ringtone, volume: settings.ringVolume } : null;
}

export type TMicrophoneProblem = 'denied' | 'none' | 'busy' | 'unsupported';

/** Why the microphone could not be opened, from getUserMedia's DOMException name. */
export function microphoneProblem(err: unknown): TMicrophoneProblem {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'none';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  if (name === 'TypeError') return 'unsupported';
  return 'none';
}

/**
 * Opens the chosen microphone; when it is gone (unplugged, another browser profile's id) the
 * system default is used instead rather than failing the call.
 */
export async function openChosenMicrophone(microphoneId: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new TypeError('getUserMedia is not available');
  if (microphoneId) {
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: { deviceId: { exact: microphoneId } },
        video: false,
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name !== 'OverconstrainedError' && name !== 'NotFoundError') throw err;
    }
  }
  return navigator.mediaDevices.getUserMedia({ audio: true, video: false });
}

type TSinkElement = HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };

/** Whether this browser can send audio to a chosen speaker (HTMLMediaElement.setSinkId). */
export const canChooseSpeaker = () =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Routes an audio element to the chosen speaker where supported; the default otherwise. */
export async function applySpeaker(element: HTMLMediaElement | null, speakerId: string): Promise<void> {
  const el = element as TSinkElement | null;
  if (!el?.setSinkId) return;
  try {
    await el.setSinkId(speakerId);
  } catch {
    // The device is gone: fall back to the default output.
    await el.setSinkId('').catch(() => {});
  }
}
