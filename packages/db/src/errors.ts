import { Prisma } from './generated/sqlite/client';

/**
 * True for a unique-constraint violation (P2002), e.g. to turn a duplicate email into a friendly error.
 * Both clients share Prisma's runtime, so this works for SQLite and PostgreSQL alike.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Prisma's codes for "the database cannot be reached now": not reachable (P1001), connect timeout
 * (P1002), operation timeout (P1008), connection closed by the server (P1017), no free connection in
 * the pool (P2024). Seen when PostgreSQL restarts; the request may succeed if tried again.
 */
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    (error instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(error.code)) ||
    error instanceof Prisma.PrismaClientInitializationError
  );
}
