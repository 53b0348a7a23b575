import { createTestDatabase, type TestDatabase } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOldLiveEvents, LIVE_EVENT_RETENTION_MS } from './events';

let database: TestDatabase;
let accountId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  accountId = (await database.db.account.create({ data: { name: 'Retention' } })).id;
});
afterAll(() => database.cleanup());

describe('deleteOldLiveEvents', () => {
  it('deletes the events older than the retention, the oldest ids first, and keeps the rest', async () => {
    const now = Date.now();
    const at = (ageMs: number) => new Date(now - ageMs);
    const old = LIVE_EVENT_RETENTION_MS + 60_000;
    // Written in id order: three old, one young, one old written out of step (a skewed clock), one young.
    const ages = [old + 3_000, old + 2_000, old + 1_000, 1_000, old, 500];
    for (const [i, age] of ages.entries())
      await database.db.liveEvent.create({
        data: { accountId, topic: 't', payload: { data: i }, createdAt: at(age) },
      });
    const before = await database.db.liveEvent.findMany({ where: { accountId }, orderBy: { id: 'asc' } });
    expect(await deleteOldLiveEvents(database.db, now)).toBe(3);
    const left = await database.db.liveEvent.findMany({ where: { accountId }, orderBy: { id: 'asc' } });
    // The prefix went; the one out of step waits behind the young one, nothing young went.
    expect(left.map((e) => e.id)).toEqual(before.slice(3).map((e) => e.id));
    // A day later, everything is old: all of it goes, and a run on an empty log does nothing.
    expect(await deleteOldLiveEvents(database.db, now + LIVE_EVENT_RETENTION_MS)).toBe(3);
    expect(await deleteOldLiveEvents(database.db, now + LIVE_EVENT_RETENTION_MS)).toBe(0);
  });
});
