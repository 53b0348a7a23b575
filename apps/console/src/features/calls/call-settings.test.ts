import { describe, expect, it } from 'vitest';
import { defaultCallSettings, microphoneProblem, parseCallSettings, ringSound } from './call-settings';

describe('call settings (H3)', () => {
  it('keeps only valid stored values', () => {
    expect(parseCallSettings(null)).toEqual(defaultCallSettings);
    expect(parseCallSettings('not json')).toEqual(defaultCallSettings);
    expect(
      parseCallSettings(
        JSON.stringify({ microphoneId: 'abc123==', speakerId: '<script>', ringtone: 'bell', ringVolume: 7 }),
      ),
    ).toEqual({ microphoneId: 'abc123==', speakerId: '', ringtone: 'bell', ringVolume: 1 });
    expect(parseCallSettings(JSON.stringify({ ringtone: 'siren', ringVolume: 'loud' }))).toEqual(
      defaultCallSettings,
    );
  });

  it('rings with the chat sound by default, else the chosen ringtone', () => {
    const chat = { enabled: true, sound: 'pop' as const, volume: 0.3 };
    expect(ringSound(defaultCallSettings, chat)).toEqual({ sound: 'pop', volume: 0.3 });
    expect(ringSound(defaultCallSettings, { ...chat, enabled: false })).toBeNull();
    expect(ringSound({ ...defaultCallSettings, ringtone: 'bell', ringVolume: 0.5 }, chat)).toEqual({
      sound: 'bell',
      volume: 0.5,
    });
    expect(ringSound({ ...defaultCallSettings, ringtone: 'bell', ringVolume: 0 }, chat)).toBeNull();
  });

  it('names what went wrong with the microphone', () => {
    expect(microphoneProblem({ name: 'NotAllowedError' })).toBe('denied');
    expect(microphoneProblem({ name: 'NotFoundError' })).toBe('none');
    expect(microphoneProblem({ name: 'NotReadableError' })).toBe('busy');
    expect(microphoneProblem(new TypeError('x'))).toBe('unsupported');
  });
});
