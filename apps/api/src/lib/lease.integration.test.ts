import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestDeps } from '../../test/harness';
import { tryAcquireLease } from './lease';
import { startScheduler } from './scheduler';

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.cleanup());

describe('leases', () => {
  it('give a lease to one holder at a time and to another after it expires', async () => {
    expect(await tryAcquireLease(deps.db, 'job:x', 'p1', 1500)).toBe(true);
    expect(await tryAcquireLease(deps.db, 'job:x', 'p2', 1500)).toBe(false);
    expect(await tryAcquireLease(deps.db, 'job:x', 'p1', 1500)).toBe(true);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await tryAcquireLease(deps.db, 'job:x', 'p2', 1500)).toBe(true);
  });

  it('run a scheduled job once per period across several schedulers', async () => {
    let runs = 0;
    const job = { name: 'count', everyMs: 60_000, run: async () => void runs++ };
    // Three "processes" sharing one database start the same job at once.
    const schedulers = [1, 2, 3].map(() => startScheduler(deps.db, deps.logger, [job]));
    await new Promise((r) => setTimeout(r, 1500));
    for (const s of schedulers) s.stop();
    expect(runs).toBe(1);
  });
});
