import { describe, expect, it } from 'vitest';
import { providers } from '../schema/paths';
import { diff, quoteSqliteJsonDefaults } from './migrations';

describe.each(providers)('%s migrations', (provider) => {
  it('match the schema (else run `npm run db:migrate:new -- <name>`)', async () => {
    expect(await diff(provider)).toBeNull();
  });

  it('are needed to reach the schema from an empty database', async () => {
    expect(await diff(provider, { from: 'empty' })).toContain('CREATE TABLE "Account"');
  });
});

describe('quoteSqliteJsonDefaults', () => {
  it('quotes JSON defaults and leaves other defaults alone', () => {
    const sql = [
      `    "config" JSONB NOT NULL DEFAULT {"a":"it's"},`,
      `    "tags" JSONB DEFAULT []`,
      `    "name" TEXT NOT NULL DEFAULT 'x',`,
    ].join('\n');
    expect(quoteSqliteJsonDefaults(sql)).toBe(
      [
        `    "config" JSONB NOT NULL DEFAULT '{"a":"it''s"}',`,
        `    "tags" JSONB DEFAULT '[]'`,
        `    "name" TEXT NOT NULL DEFAULT 'x',`,
      ].join('\n'),
    );
  });
});
