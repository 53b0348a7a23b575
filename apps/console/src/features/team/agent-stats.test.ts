import { describe, expect, it } from 'vitest';
import { parseMaxChats, readStatsPeriod, statsRange } from './agent-stats';

describe('statsRange', () => {
  it('covers the last N days up to now', () => {
    const now = new Date('2026-04-30T12:00:00.000Z');
    expect(statsRange(7, now)).toEqual({ from: '2026-04-23T12:00:00.000Z', to: '2026-04-30T12:00:00.000Z' });
  });

  it('reads a period from the URL, defaulting to 30 days', () => {
    expect(readStatsPeriod('90')).toBe(90);
    expect(readStatsPeriod('12')).toBe(30);
    expect(readStatsPeriod(null)).toBe(30);
  });
});

describe('parseMaxChats', () => {
  it('treats an empty field as unlimited', () => {
    expect(parseMaxChats('  ')).toEqual({ value: null });
  });

  it('accepts whole numbers from 1 to 100', () => {
    expect(parseMaxChats('5')).toEqual({ value: 5 });
    expect(parseMaxChats('100')).toEqual({ value: 100 });
  });

  it('refuses anything else', () => {
    for (const text of ['0', '101', '2.5', '-1', 'five']) {
      expect(parseMaxChats(text)).toEqual({ error: 'validation.invalid' });
    }
  });
});
