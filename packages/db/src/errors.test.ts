import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from './errors';
import { Prisma } from './generated/sqlite/client';

const known = (code: string) =>
  new Prisma.PrismaClientKnownRequestError(`error ${code}`, { code, clientVersion: 'test' });

describe('database errors', () => {
  it('tells "cannot reach the database now" from other failures', () => {
    for (const code of ['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
      expect(isDatabaseUnavailable(known(code))).toBe(true);
    expect(isDatabaseUnavailable(new Prisma.PrismaClientInitializationError('down', 'test'))).toBe(true);
    expect(isDatabaseUnavailable(known('P2002'))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Can't reach database server"))).toBe(false);
  });

  it('knows a unique-constraint violation', () => {
    expect(isUniqueViolation(known('P2002'))).toBe(true);
    expect(isUniqueViolation(known('P1001'))).toBe(false);
  });
});
