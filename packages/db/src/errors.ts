import { Prisma } from './generated/sqlite/client';

/**
 * True for a unique-constraint violation (P2002), e.g. to turn a duplicate email into a friendly error.
 * Both clients share Prisma's runtime, so this works for SQLite and PostgreSQL alike.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
