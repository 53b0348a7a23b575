import { describe, expect, it } from 'vitest';
import { relativeTickMs, selectRelativeUnit, splitDuration, toDate } from './time';

const now = new Date('2025-06-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('selectRelativeUnit', () => {
  it('uses seconds, minutes, hours and days', () => {
    expect(selectRelativeUnit(at(-5_000), now)).toEqual({ value: -5, unit: 'second' });
    expect(selectRelativeUnit(at(-3 * 60_000), now)).toEqual({ value: -3, unit: 'minute' });
    expect(selectRelativeUnit(at(2 * 3_600_000), now)).toEqual({ value: 2, unit: 'hour' });
    expect(selectRelativeUnit(at(6 * 86_400_000), now)).toEqual({ value: 6, unit: 'day' });
  });

  it('uses weeks, months and years for long distances', () => {
    expect(selectRelativeUnit(at(-14 * 86_400_000), now)).toEqual({ value: -2, unit: 'week' });
    expect(selectRelativeUnit(at(90 * 86_400_000), now)).toEqual({ value: 3, unit: 'month' });
    expect(selectRelativeUnit(at(-800 * 86_400_000), now)).toEqual({ value: -2, unit: 'year' });
  });

  it('never returns negative zero', () => {
    expect(Object.is(selectRelativeUnit(at(-100), now).value, -0)).toBe(false);
  });
});

describe('toDate', () => {
  it('parses ISO strings and rejects garbage', () => {
    expect(toDate('2025-06-01T12:00:00.000Z')?.getTime()).toBe(now.getTime());
    expect(toDate('nope')).toBeNull();
    expect(toDate(null)).toBeNull();
  });
});

describe('splitDuration', () => {
  it('splits into hours, minutes and seconds', () => {
    expect(splitDuration(0)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
    expect(splitDuration(59_999)).toEqual({ hours: 0, minutes: 0, seconds: 59 });
    expect(splitDuration(3_725_000)).toEqual({ hours: 1, minutes: 2, seconds: 5 });
    expect(splitDuration(-5_000)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('relativeTickMs', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it('redraws every second while seconds show, then less often as the unit grows', () => {
    expect(relativeTickMs(ago(29_000), now)).toBe(1000);
    expect(relativeTickMs(ago(5 * 60_000), now)).toBe(15_000);
    expect(relativeTickMs(ago(3 * 3600_000), now)).toBe(300_000);
    expect(relativeTickMs(new Date(now.getTime() + 10_000), now)).toBe(1000);
  });
});
