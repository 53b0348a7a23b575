/**
 * The one error type domain code throws. `code` is a stable, dotted id (e.g. `auth.invalid_credentials`)
 * that clients translate with their own message catalogues; `message` is English for logs and API users.
 * `ERROR_TRANSPORT` below maps `kind` to a transport status, for tRPC (trpc.ts) and the raw HTTP
 * routes (http/respond.ts) alike.
 */
import { isDatabaseUnavailable } from '@parley/db';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

export type AppErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  /** A dependency (the database) cannot be reached now; trying again later may work. */
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    readonly code: string,
    message: string = code,
    /** Field-level problems (`{ field: 'validation.required' }`), like zod's input errors. */
    readonly fieldErrors?: Record<string, string>,
    /** Facts a client may show or act on (a plan limit's name, the limit and the usage). */
    readonly details?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', 'not_found', `${what} not found`);
export const forbidden = () => new AppError('forbidden', 'forbidden', 'You are not allowed to do this');

/** The one map from an error's kind to what each transport answers. */
export const ERROR_TRANSPORT: Record<AppErrorKind, { trpc: TRPC_ERROR_CODE_KEY; http: number }> = {
  bad_request: { trpc: 'BAD_REQUEST', http: 400 },
  unauthorized: { trpc: 'UNAUTHORIZED', http: 401 },
  forbidden: { trpc: 'FORBIDDEN', http: 403 },
  not_found: { trpc: 'NOT_FOUND', http: 404 },
  conflict: { trpc: 'CONFLICT', http: 409 },
  rate_limited: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  unavailable: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
};

export const serviceUnavailable = () =>
  new AppError(
    'unavailable',
    'service.unavailable',
    'The database cannot be reached right now; try again in a moment',
  );

/**
 * The AppError a failure stands for, or undefined for a bug (which transports answer as an internal
 * error). An unreachable database (a PostgreSQL restart) is `service.unavailable`, not a bug.
 */
export function appErrorOf(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) return serviceUnavailable();
  return undefined;
}
