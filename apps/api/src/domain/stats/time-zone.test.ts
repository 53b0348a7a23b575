import { describe, expect, it } from 'vitest';
import {
  fastLocalParts,
  localDate,
  localHourStart,
  localMidnight,
  localParts,
  resolvePeriod,
} from './time-zone';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('local days and hours (docs/statistics.md)', () => {
  it('a spring-forward day in New York has 23 hours; Istanbul keeps 24', () => {
    const ny = resolvePeriod(
      'America/New_York',
      { preset: 'custom', from: '2026-03-08', to: '2026-03-08' },
      0,
    );
    expect(ny.current.start).toBe(at('2026-03-08T05:00:00Z'));
    expect((ny.current.end - ny.current.start) / H).toBe(23);
    const ist = resolvePeriod(
      'Europe/Istanbul',
      { preset: 'custom', from: '2026-03-08', to: '2026-03-08' },
      0,
    );
    expect(ist.current.start).toBe(at('2026-03-07T21:00:00Z'));
    expect((ist.current.end - ist.current.start) / H).toBe(24);
  });

  it('a fall-back day in New York has 25 hours, and hour 01 twice as two buckets', () => {
    const start = localMidnight('America/New_York', '2026-11-01');
    const end = localMidnight('America/New_York', '2026-11-02');
    expect((end - start) / H).toBe(25);
    const first = localHourStart('America/New_York', at('2026-11-01T05:30:00Z')); // 01:30 EDT
    const second = localHourStart('America/New_York', at('2026-11-01T06:30:00Z')); // 01:30 EST
    expect(first).toBe(at('2026-11-01T05:00:00Z'));
    expect(second).toBe(at('2026-11-01T06:00:00Z'));
    expect(localParts('America/New_York', first).hour).toBe(1);
    expect(localParts('America/New_York', second).hour).toBe(1);
  });

  it('half-hour zones start their hours at :30 UTC', () => {
    expect(localHourStart('Asia/Kolkata', at('2026-06-01T10:10:00Z'))).toBe(at('2026-06-01T09:30:00Z'));
    expect(localDate('Asia/Kolkata', at('2026-06-01T18:29:00Z'))).toBe('2026-06-01');
    expect(localDate('Asia/Kolkata', at('2026-06-01T18:30:00Z'))).toBe('2026-06-02');
  });

  it('resolves presets in the zone, with the previous period just before', () => {
    // 02:00 UTC on 1 Dec is still 30 Nov in New York and already 1 Dec in Istanbul.
    const now = at('2026-12-01T02:00:00Z');
    expect(resolvePeriod('America/New_York', { preset: 'today' }, now).current.from).toBe('2026-11-30');
    expect(resolvePeriod('Europe/Istanbul', { preset: 'today' }, now).current.from).toBe('2026-12-01');
    const last7 = resolvePeriod('Europe/Istanbul', { preset: 'last7' }, now);
    expect([last7.current.from, last7.current.to]).toEqual(['2026-11-25', '2026-12-01']);
    expect([last7.previous.from, last7.previous.to]).toEqual(['2026-11-18', '2026-11-24']);
    const lastMonth = resolvePeriod('Europe/Istanbul', { preset: 'lastMonth' }, now);
    expect([lastMonth.current.from, lastMonth.current.to]).toEqual(['2026-11-01', '2026-11-30']);
    expect([lastMonth.previous.from, lastMonth.previous.to]).toEqual(['2026-10-01', '2026-10-31']);
    const thisMonth = resolvePeriod('Europe/Istanbul', { preset: 'thisMonth' }, at('2026-03-31T12:00:00Z'));
    expect([thisMonth.previous.from, thisMonth.previous.to]).toEqual(['2026-02-01', '2026-02-28']);
    const yesterday = resolvePeriod('UTC', { preset: 'yesterday' }, now);
    expect([yesterday.current.from, yesterday.previous.from]).toEqual(['2026-11-30', '2026-11-29']);
    expect(resolvePeriod('UTC', { preset: 'last30' }, now).current.days).toBe(30);
  });

  it('reads local parts from the cached offset exactly as Intl does, across both DST changes', () => {
    for (const zone of ['America/New_York', 'Europe/Istanbul', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      for (let t = at('2026-03-07T00:00:00Z'); t < at('2026-03-10T00:00:00Z'); t += 17 * 60_000)
        expect(fastLocalParts(zone, t), `${zone} ${new Date(t).toISOString()}`).toEqual(localParts(zone, t));
      for (let t = at('2026-10-31T00:00:00Z'); t < at('2026-11-03T00:00:00Z'); t += 17 * 60_000)
        expect(fastLocalParts(zone, t), `${zone} ${new Date(t).toISOString()}`).toEqual(localParts(zone, t));
    }
  });
});
