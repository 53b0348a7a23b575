import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Context } from '../context';
import { ZReportQuery } from '../contract/stats-query';
import { scopedDeps } from '../deps';
import { getReport, type TFigures, type TReport } from '../domain/stats/report';
import { AppError } from '../errors';
import { answeringErrors, sendJson } from './respond';

const ZTable = z.enum(['summary', 'series', 'channels', 'agents', 'heatmap', 'ratings']);

const FIGURE_COLUMNS = [
  'chats',
  'answered',
  'missed',
  'offline',
  'transfers',
  'firstResponseAvgMs',
  'responseAvgMs',
  'durationAvgMs',
  'ratingAvg',
  'ratingCount',
  'proactive',
  'proactiveAnswered',
  'invited',
  'thumbsUp',
  'thumbsDown',
  'callsAnswered',
  'callsMissed',
  'callDurationAvgMs',
  'visits',
  'newVisits',
  'pageViews',
] as const;

function tableOf(report: TReport, table: z.infer<typeof ZTable>): { columns: string[]; rows: unknown[][] } {
  const figureRow = (f: TFigures) => FIGURE_COLUMNS.map((c) => f[c] ?? '');
  switch (table) {
    case 'summary':
      return {
        columns: ['period', 'from', 'to', ...FIGURE_COLUMNS],
        rows: [
          ['current', report.period.from, report.period.to, ...figureRow(report.figures)],
          ['previous', report.previousPeriod.from, report.previousPeriod.to, ...figureRow(report.previous)],
        ],
      };
    case 'series':
      return {
        columns: [
          'at',
          'label',
          'chats',
          'missed',
          'offline',
          'firstResponseAvgMs',
          'responseAvgMs',
          'visits',
        ],
        rows: report.series.map((s) => [
          s.key,
          s.label,
          s.chats,
          s.missed,
          s.offline,
          s.firstResponseAvgMs ?? '',
          s.responseAvgMs ?? '',
          s.visits ?? '',
        ]),
      };
    case 'channels':
    case 'agents':
      return {
        columns: ['id', 'name', ...FIGURE_COLUMNS],
        rows: (table === 'channels' ? report.byChannel : report.byAgent).map((r) => [
          r.id,
          r.name ?? '',
          ...figureRow(r),
        ]),
      };
    case 'ratings':
      // The rating distribution: stars 1–5, then the thumbs scale.
      return {
        columns: ['rating', 'count'],
        rows: [
          ...report.figures.ratings.map((n, i) => [`${i + 1} stars`, n]),
          ['thumbs up', report.figures.thumbsUp],
          ['thumbs down', report.figures.thumbsDown],
        ],
      };
    default:
      return {
        columns: ['weekday', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))],
        rows: report.heatmap.map((row, day) => [
          ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][day],
          ...row,
        ]),
      };
  }
}

/**
 * GET /exports/stats.csv?table=series&query=<JSON of stats.report's input>: one table of the report
 * as CSV, streamed. Same session, role rule (agents get their own figures) and account scope as the
 * `stats.report` procedure.
 */
export const handleStatsExport = answeringErrors(exportStats);

async function exportStats(req: IncomingMessage, res: ServerResponse, ctx: Context) {
  const auth = await ctx.authenticate();
  if (!auth) throw new AppError('unauthorized', 'auth.required', 'Log in first');
  const params = new URL(req.url ?? '/', 'http://x').searchParams;
  let raw: unknown = null;
  try {
    raw = JSON.parse(params.get('query') ?? '{}');
  } catch {
    raw = null;
  }
  const query = ZReportQuery.safeParse(raw);
  const table = ZTable.safeParse(params.get('table') ?? 'summary');
  if (!query.success || !table.success)
    return sendJson(res, 400, { error: { appCode: 'validation', message: 'Invalid report query' } });
  const { db, database } = scopedDeps(ctx.deps, auth.user.accountId);
  const report = await getReport(
    { db, provider: database.provider },
    { accountId: auth.user.accountId, userId: auth.user.id, role: auth.user.role },
    query.data,
  );
  const { columns, rows } = tableOf(report, table.data);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="statistics-${table.data}-${report.period.from}-${report.period.to}.csv"`,
    'cache-control': 'no-store',
  });
  const safe = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);
  const { stringify } = await import('csv-stringify');
  await pipeline(Readable.from(rows), stringify({ header: true, columns, cast: { string: safe } }), res);
}
