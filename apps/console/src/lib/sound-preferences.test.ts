import { describe, expect, it } from 'vitest';
import { defaultSoundPreferences, parseSoundPreferences } from './sound-preferences';

describe('parseSoundPreferences', () => {
  it('falls back to the defaults for nothing or garbage', () => {
    expect(parseSoundPreferences(null)).toEqual(defaultSoundPreferences);
    expect(parseSoundPreferences('{oops')).toEqual(defaultSoundPreferences);
    expect(parseSoundPreferences('42')).toEqual(defaultSoundPreferences);
  });

  it('keeps valid values, drops invalid ones and clamps the volume', () => {
    expect(parseSoundPreferences('{"enabled":false,"sound":"bell","volume":3,"newVisitor":true}')).toEqual({
      enabled: false,
      sound: 'bell',
      volume: 1,
      newVisitor: true,
    });
    expect(parseSoundPreferences('{"sound":"siren","volume":-1}')).toEqual({
      ...defaultSoundPreferences,
      volume: 0,
    });
  });
});
