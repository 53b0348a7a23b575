import { Prisma } from './generated/sqlite/client';

/**
 * True for a unique-constraint violation (P2002), e.g. to turn a duplicate email into a friendly error.
 * Both clients share Prisma's runtime, so this works for SQLite and PostgreSQL alike.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') ||
    // The hot path's own SQL (hot-path/) reports the drivers' codes: better-sqlite3's and PostgreSQL's.
    driverCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverCode(error) === '23505'
  );
}

const driverCode = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;

/**
 * Prisma's codes for "the database cannot be reached now": not reachable (P1001), connect timeout
 * (P1002), operation timeout (P1008), connection closed by the server (P1017), no free connection in
 * the pool (P2024). Seen when PostgreSQL restarts; the request may succeed if tried again.
 */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * The same seen through node-postgres (the hot path): refused or reset connections, and PostgreSQL's
 * own "shutting down / starting up / cannot connect now" (class 57P) and connection failures (08).
 */
const DRIVER_UNAVAILABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P0\d|08\d\d\d)$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = driverCode(error);
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(error.code)) ||
    error instanceof Prisma.PrismaClientInitializationError ||
    (code !== undefined && DRIVER_UNAVAILABLE.test(code)) ||
    (error instanceof Error && /Connection terminated|connect ECONNREFUSED/.test(error.message))
  );
}
