import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'react-intl';
import { describe, expect, it } from 'vitest';
import tr from '../../../i18n/messages/tr.json';
import {
  BreakdownTable,
  HeatmapTable,
  RatingsTable,
  SeriesTable,
  StatsFigures,
  type TReport,
} from './stats-tables';

const figures = {
  chats: 4,
  answered: 2,
  missed: 2,
  offline: 1,
  transfers: 1,
  firstResponseAvgMs: 45_000,
  responseAvgMs: 52_500,
  durationAvgMs: 300_000,
  ratingAvg: 5,
  ratingCount: 1,
  proactive: 2,
  proactiveAnswered: 1,
  invited: 0,
  thumbsUp: 3,
  thumbsDown: 1,
  callsAnswered: 2,
  callsMissed: 1,
  callDurationAvgMs: 90_000,
  visits: 10,
  newVisits: 4,
  pageViews: 30,
};
const report = {
  timeZone: 'Europe/Istanbul',
  period: { from: '2026-03-08', to: '2026-03-08', days: 1, granularity: 'hour' },
  previousPeriod: { from: '2026-03-07', to: '2026-03-07' },
  figures: {
    ...figures,
    firstResponseMedianMs: 30_000,
    firstResponseP90Ms: 60_000,
    responseMedianMs: 40_000,
    responseP90Ms: 90_000,
    durationMedianMs: 200_000,
    ratings: [0, 0, 0, 0, 1],
  },
  previous: { ...figures, chats: 2 },
  byChannel: [{ id: 'c1', name: 'Website', ...figures }],
  byAgent: [
    { id: '', name: null, ...figures, chats: 2 },
    { id: 'a1', name: 'Ann', ...figures, chats: 2 },
  ],
  series: [
    {
      key: '2026-03-07T21:00:00.000Z',
      label: '00:00',
      chats: 3,
      missed: 1,
      offline: 0,
      firstResponseAvgMs: 30_000,
      responseAvgMs: null,
      visits: 2,
    },
  ],
  heatmap: Array.from({ length: 7 }, (_, d) =>
    Array.from({ length: 24 }, (_, h) => (d === 6 && h === 1 ? 5 : 0)),
  ),
} as unknown as TReport;

const render = (element: ReactElement, locale = 'en') =>
  renderToStaticMarkup(
    createElement(
      IntlProvider,
      { locale, messages: locale === 'tr' ? tr : {}, defaultLocale: 'en' },
      element,
    ),
  );

describe('Statistics tables (the charts’ table views)', () => {
  it('shows each figure with the previous period and the change', () => {
    const html = render(createElement(StatsFigures, { figures: report.figures, previous: report.previous }));
    expect(html).toContain('Missed chats');
    expect(html).toContain('Previous period: 2');
    expect(html).toContain('+100% vs previous period');
    expect(html).toContain('1 of 2 (50%)');
  });

  it('adds the team’s figure on an agent’s page', () => {
    const html = render(
      createElement(StatsFigures, {
        figures: report.figures,
        previous: report.previous,
        team: { ...figures, chats: 9 },
      }),
    );
    expect(html).toContain('Team: 9');
  });

  it('series, breakdown and heatmap are real tables with headers', () => {
    const series = render(createElement(SeriesTable, { report, caption: 'Chats over time' }));
    expect(series).toContain('<caption class="visually-hidden">Chats over time</caption>');
    expect(series).toContain('<th scope="row">00:00</th>');
    const agents = render(
      createElement(BreakdownTable, { rows: report.byAgent, kind: 'agent', caption: 'Agents' }),
    );
    expect(agents).toContain('No agent');
    expect(agents).toContain('<th scope="row">Ann</th>');
    const heat = render(createElement(HeatmapTable, { heatmap: report.heatmap, caption: 'Busiest hours' }));
    expect(heat.match(/<th scope="col">/g)).toHaveLength(25);
    expect(heat).toContain('stats-heat-4');
  });

  it('shows ratings (stars and thumbs) and calls, with a table view of the distribution', () => {
    const html = render(createElement(StatsFigures, { figures: report.figures, previous: report.previous }));
    expect(html).toContain('Thumbs ratings (good / bad)');
    expect(html).toContain('3 / 1');
    expect(html).toContain('Calls answered');
    expect(html).toContain('Calls missed');
    const table = render(createElement(RatingsTable, { figures: report.figures, caption: 'Ratings' }));
    expect(table).toContain('<th scope="row">5 stars</th><td>1</td>');
    expect(table).toContain('<th scope="row">1 star</th><td>0</td>');
    expect(table).toContain('<th scope="row">Thumbs up</th><td>3</td>');
    const tr = render(createElement(RatingsTable, { figures: report.figures, caption: 'x' }), 'tr');
    expect(tr).toContain('5 yıldız');
    expect(tr).toContain('Beğenmedi');
  });

  it('reads in Turkish', () => {
    const html = render(
      createElement(StatsFigures, { figures: report.figures, previous: report.previous }),
      'tr',
    );
    expect(html).toContain('Kaçırılan sohbetler');
    expect(html).toContain('Önceki dönem: 2');
    const heat = render(createElement(HeatmapTable, { heatmap: report.heatmap, caption: 'x' }), 'tr');
    expect(heat).toContain('Paz');
  });
});
