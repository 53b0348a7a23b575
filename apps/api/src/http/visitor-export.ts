import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context';
import { ZVisitorFilter } from '../contract/visitor-filter';
import { iterateVisitors } from '../domain/crm/visitors';
import { AppError } from '../errors';
import { answeringErrors, sendJson } from './respond';

const COLUMNS = [
  'number',
  'name',
  'email',
  'phone',
  'city',
  'country',
  'status',
  'tags',
  'firstSeenAt',
  'lastSeenAt',
];

/**
 * GET /exports/visitors.csv?filter=<JSON of the CRM filter>: the filtered list as CSV, streamed page by
 * page from the database with backpressure, so 100,000 rows never sit in memory at once.
 */
export const handleVisitorExport = answeringErrors(exportVisitors);

async function exportVisitors(req: IncomingMessage, res: ServerResponse, ctx: Context) {
  const auth = await ctx.authenticate();
  if (!auth) throw new AppError('unauthorized', 'auth.required', 'Log in first');
  const raw = new URL(req.url ?? '/', 'http://x').searchParams.get('filter');
  let filter: unknown = {};
  try {
    filter = raw ? JSON.parse(raw) : {};
  } catch {
    filter = null;
  }
  const parsed = ZVisitorFilter.safeParse(filter);
  if (!parsed.success)
    return sendJson(res, 400, { error: { appCode: 'validation', message: 'Invalid filter' } });
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="visitors-${new Date().toISOString().slice(0, 10)}.csv"`,
    'cache-control': 'no-store',
  });
  const rows = Readable.from(
    (async function* () {
      for await (const v of iterateVisitors(ctx.deps.db, auth.user.accountId, parsed.data)) {
        yield [
          v.number,
          v.name ?? '',
          v.email ?? '',
          v.phone ?? '',
          v.city ?? '',
          v.country ?? '',
          v.processStatus?.name ?? '',
          v.tags.map((t) => t.tag.name).join(', '),
          v.firstSeenAt.toISOString(),
          v.lastSeenAt.toISOString(),
        ];
      }
    })(),
  );
  // A leading apostrophe keeps spreadsheet apps from running cells that start with = + - @ as formulas.
  const safe = (value: string) => (/^[=+\-@]/.test(value) ? `'${value}` : value);
  const { stringify } = await import('csv-stringify');
  await pipeline(rows, stringify({ header: true, columns: COLUMNS, cast: { string: safe } }), res);
}
