import type { Db } from '@parley/db';
import { AppError, notFound } from '../../errors';
import { recordHit } from '../rate-limit';
import { redactRoute, redactStack, redactText } from './redact';

/** J3: the console's recent errors and warnings, uploaded by an agent for their admins to read. */
export const CLIENT_LOG_MAX_ENTRIES = 200;
/** Uploads per user per hour: enough to send after each attempt at a fix, not a storage channel. */
export const CLIENT_LOG_UPLOADS_PER_HOUR = 10;
/** The newest logs an admin sees per page. */
const LIST_PAGE = 50;

export type TClientLogLevel = 'error' | 'warn';
export type TClientLogSource = 'window' | 'promise' | 'trpc' | 'console';

export interface ClientLogEntry {
  at: string;
  level: TClientLogLevel;
  source: TClientLogSource;
  message: string;
  /** tRPC failures: the procedure path and the error's code (never its message or input). */
  path?: string;
  code?: string;
  /** The console route where it happened, ids only. */
  route?: string;
  stack?: string;
}

export interface ClientLogUpload {
  userAgent?: string;
  appVersion?: string;
  entries: ClientLogEntry[];
}

export interface ClientLogBody {
  userAgent: string | null;
  appVersion: string | null;
  entries: ClientLogEntry[];
}

/** Redacts every field again and keeps the newest `CLIENT_LOG_MAX_ENTRIES`. */
export function sanitizeUpload(upload: ClientLogUpload): ClientLogBody {
  const entries = upload.entries.slice(-CLIENT_LOG_MAX_ENTRIES).map(
    (e): ClientLogEntry => ({
      at: new Date(e.at).toISOString(),
      level: e.level,
      source: e.source,
      message: redactText(e.message),
      ...(e.path ? { path: redactText(e.path, 100) } : {}),
      ...(e.code ? { code: redactText(e.code, 60) } : {}),
      ...(e.route ? { route: redactRoute(e.route) } : {}),
      ...(e.stack ? { stack: redactStack(e.stack) } : {}),
    }),
  );
  return {
    userAgent: upload.userAgent ? redactText(upload.userAgent, 300) : null,
    appVersion: upload.appVersion ? redactText(upload.appVersion, 40) : null,
    entries,
  };
}

export async function uploadClientLog(
  db: Db,
  actor: { accountId: string; userId: string },
  upload: ClientLogUpload,
): Promise<{ id: string; entries: number }> {
  const count = await recordHit(db, {
    key: `client-log:${actor.userId}`,
    max: CLIENT_LOG_UPLOADS_PER_HOUR,
    windowMs: 60 * 60_000,
  });
  if (count > CLIENT_LOG_UPLOADS_PER_HOUR)
    throw new AppError('rate_limited', 'client_log.rate_limited', 'Too many logs sent; try again later');
  const body = sanitizeUpload(upload);
  const row = await db.clientLog.create({
    data: { accountId: actor.accountId, userId: actor.userId, body: JSON.stringify(body) },
    select: { id: true },
  });
  return { id: row.id, entries: body.entries.length };
}

function parseBody(body: string): ClientLogBody {
  try {
    const parsed = JSON.parse(body) as Partial<ClientLogBody>;
    return {
      userAgent: parsed.userAgent ?? null,
      appVersion: parsed.appVersion ?? null,
      entries: Array.isArray(parsed.entries) ? parsed.entries : [],
    };
  } catch {
    return { userAgent: null, appVersion: null, entries: [] };
  }
}

const userSelect = { select: { id: true, name: true, email: true } } as const;

/** The account's logs, newest first (admins, Manage → Error logs). */
export async function listClientLogs(
  db: Db,
  accountId: string,
  options: { userId?: string; before?: string } = {},
) {
  const rows = await db.clientLog.findMany({
    where: {
      accountId,
      ...(options.userId ? { userId: options.userId } : {}),
      ...(options.before ? { id: { lt: options.before } } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: LIST_PAGE + 1,
    include: { user: userSelect },
  });
  const page = rows.slice(0, LIST_PAGE);
  return {
    items: page.map((row) => {
      const body = parseBody(row.body);
      return {
        id: row.id,
        createdAt: row.createdAt,
        user: row.user,
        entries: body.entries.length,
        errors: body.entries.filter((e) => e.level === 'error').length,
        warnings: body.entries.filter((e) => e.level === 'warn').length,
      };
    }),
    nextBefore: rows.length > LIST_PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function getClientLog(db: Db, accountId: string, id: string) {
  const row = await db.clientLog.findFirst({ where: { id, accountId }, include: { user: userSelect } });
  if (!row) throw notFound('Error log');
  return { id: row.id, createdAt: row.createdAt, user: row.user, ...parseBody(row.body) };
}
