import { describe, expect, it } from 'vitest';
import { cleanPasted, formatDuration, normalizeNumber } from './phone-number';

describe('phone numbers (H2)', () => {
  it('normalises what people type and paste to E.164', () => {
    expect(normalizeNumber('+90 (532) 123-45-67')).toBe('+905321234567');
    expect(normalizeNumber('0090 532 123 45 67')).toBe('+905321234567');
    expect(normalizeNumber('+1 415.555.0100')).toBe('+14155550100');
  });

  it('refuses numbers without a country code or too long', () => {
    expect(normalizeNumber('0532 123 45 67')).toBeNull();
    expect(normalizeNumber('+0532123')).toBeNull();
    expect(normalizeNumber('+1234567890123456')).toBeNull();
    expect(normalizeNumber('call me')).toBeNull();
  });

  it('keeps digits, one leading plus, * and # of pasted text', () => {
    expect(cleanPasted('Tel: +90 (532) 123-45-67')).toBe('+905321234567');
    expect(cleanPasted('12+34')).toBe('1234');
    expect(cleanPasted('*21#')).toBe('*21#');
  });

  it('formats durations', () => {
    expect(formatDuration(73)).toBe('1:13');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('—');
  });
});
