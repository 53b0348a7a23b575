/**
 * The one error type domain code throws. `code` is a stable, dotted id (e.g. `auth.invalid_credentials`)
 * that clients translate with their own message catalogues; `message` is English for logs and API users.
 * The tRPC layer maps `kind` to a transport status in one place (trpc.ts).
 */
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
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', 'not_found', `${what} not found`);
export const forbidden = () => new AppError('forbidden', 'forbidden', 'You are not allowed to do this');
