import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Target } from '../lib/server';
import type { SentRecord } from './driver';

/** How many rows each acknowledged clientId has in the database (must be exactly 1). */
export async function storedCounts(target: Target, sent: SentRecord[]) {
  const ids = sent.map((s) => s.clientId);
  const counts = new Map<string, number>();
  if (target.mode === 'sqlite') {
    const db = new Database(path.join(target.dataDir, 'parley.db'), { readonly: true });
    const stmt = db.prepare(
      'SELECT clientId, count(*) AS n FROM "Message" WHERE clientId = ? GROUP BY clientId',
    );
    for (const id of ids) counts.set(id, (stmt.get(id) as { n: number } | undefined)?.n ?? 0);
    db.close();
  } else {
    const c = new pg.Client({ connectionString: target.databaseUrl });
    await c.connect();
    const r = await c.query<{ clientId: string; n: string }>(
      'SELECT "clientId", count(*) AS n FROM "Message" WHERE "clientId" = ANY($1) GROUP BY "clientId"',
      [ids],
    );
    for (const row of r.rows) counts.set(row.clientId, Number(row.n));
    await c.end();
  }
  const acked = sent.filter((s) => s.acked);
  return {
    ackedMissingInDb: acked.filter((s) => (counts.get(s.clientId) ?? 0) === 0).length,
    storedTwice: [...counts.values()].filter((n) => n > 1).length,
    unackedButStored: sent.filter((s) => !s.acked && (counts.get(s.clientId) ?? 0) > 0).length,
  };
}
