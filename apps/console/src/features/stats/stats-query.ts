import type { TRouterInputs } from '../../lib/trpc';

/** The Statistics report's period and filters, as `stats.report` takes them and the URL keeps them. */
export type TStatsQuery = TRouterInputs['stats']['report'];

export const PRESETS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth', 'custom'] as const;
export type TPresetName = (typeof PRESETS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FILTERS = ['channelId', 'agentId', 'tagId', 'statusId'] as const;

/** Reads the report query from the page URL; anything unknown falls back to the last 7 days. */
export function readStatsQuery(params: URLSearchParams): TStatsQuery {
  const preset = params.get('period');
  const query: TStatsQuery = {
    preset: (PRESETS as readonly string[]).includes(preset ?? '') ? (preset as TPresetName) : 'last7',
  };
  if (query.preset === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (from && DATE.test(from)) query.from = from;
    if (to && DATE.test(to)) query.to = to;
    if (!query.from || !query.to) return { preset: 'last7' };
  }
  for (const key of FILTERS) {
    const value = params.get(key.replace(/Id$/, ''));
    if (value) query[key] = value;
  }
  return query;
}

/** The URL parameters of a report query (short names: `?period=last30&channel=…`). */
export function writeStatsQuery(query: TStatsQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('period', query.preset ?? 'last7');
  if (query.preset === 'custom') {
    if (query.from) params.set('from', query.from);
    if (query.to) params.set('to', query.to);
  }
  for (const key of FILTERS) {
    const value = query[key];
    if (value) params.set(key.replace(/Id$/, ''), value);
  }
  return params;
}

export type TStatsTable = 'summary' | 'series' | 'channels' | 'agents' | 'heatmap' | 'ratings';

/** The CSV export of one table of the report (GET /exports/stats.csv, same session). */
export function statsCsvUrl(query: TStatsQuery, table: TStatsTable): string {
  const params = new URLSearchParams({ table, query: JSON.stringify(query) });
  return `/exports/stats.csv?${params}`;
}

/** The change against the previous period, in percent (null when there is nothing to compare). */
export function changePercent(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 100);
}
