import { describe, expect, it } from 'vitest';
import { changePercent, readStatsQuery, statsCsvUrl, writeStatsQuery } from './stats-query';

describe('the Statistics URL', () => {
  it('round-trips the period and filters', () => {
    const query = {
      preset: 'custom' as const,
      from: '2026-03-01',
      to: '2026-03-08',
      channelId: 'c1',
      tagId: 't1',
    };
    const params = writeStatsQuery(query);
    expect(params.toString()).toBe('period=custom&from=2026-03-01&to=2026-03-08&channel=c1&tag=t1');
    expect(readStatsQuery(params)).toEqual(query);
  });

  it('falls back to the last 7 days on anything unknown', () => {
    expect(readStatsQuery(new URLSearchParams('period=forever'))).toEqual({ preset: 'last7' });
    expect(readStatsQuery(new URLSearchParams('period=custom&from=2026-03-01'))).toEqual({ preset: 'last7' });
    expect(readStatsQuery(new URLSearchParams('period=thisMonth&agent=a1'))).toEqual({
      preset: 'thisMonth',
      agentId: 'a1',
    });
  });

  it('links the CSV export with the same query', () => {
    const url = new URL(statsCsvUrl({ preset: 'last30', agentId: 'a1' }, 'series'), 'http://x');
    expect(url.pathname).toBe('/exports/stats.csv');
    expect(url.searchParams.get('table')).toBe('series');
    expect(JSON.parse(url.searchParams.get('query') ?? '')).toEqual({ preset: 'last30', agentId: 'a1' });
  });

  it('compares with the previous period', () => {
    expect(changePercent(15, 10)).toBe(50);
    expect(changePercent(5, 0)).toBeNull();
    expect(changePercent(null, 3)).toBeNull();
  });
});
