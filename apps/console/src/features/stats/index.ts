// The Statistics feature's public face (issue 18); app.tsx loads the page lazily from its module.
export { StatisticsPage } from './components/statistics-page';
export { readStatsQuery, statsCsvUrl, writeStatsQuery } from './stats-query';
