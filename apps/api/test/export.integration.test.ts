import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { createTestClient } from './client';
import { createTestDeps, PASSWORD, seedAccount, type TestDeps } from './harness';

const COUNT = 100_000;
let deps: TestDeps;
let server: RunningServer;
let seeded: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  deps = await createTestDeps();
  seeded = await seedAccount(deps);
  for (let start = 0; start < COUNT; start += 5000) {
    await deps.db.visitor.createMany({
      data: Array.from({ length: 5000 }, (_, i) => ({
        accountId: seeded.account.id,
        number: start + i + 1,
        name: i % 3 === 0 ? `Visitor ${start + i}` : null,
        email: i % 2 === 0 ? `v${start + i}@example.com` : null,
        city: 'İzmir',
      })),
    });
  }
  // A formula-looking name must not run in a spreadsheet.
  await deps.db.visitor.create({
    data: { accountId: seeded.account.id, number: COUNT + 1, name: '=HYPERLINK("x")' },
  });
  server = await startServer(deps);
}, 120_000);
afterAll(async () => {
  await server.close();
  await deps.cleanup();
});

it(`streams a CSV of ${COUNT.toLocaleString('en')} visitors in bounded memory`, async () => {
  const client = createTestClient(server.url);
  await client.http.auth.login.mutate({ email: seeded.agent.email, password: PASSWORD });
  // Live heap (after a forced collection), sampled while the file streams.
  const live = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed;
  };
  expect(typeof globalThis.gc).toBe('function');
  const baseline = live();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, live());
  }, 100);
  const res = await client.fetch(`${server.url}/exports/visitors.csv`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let lines = 0;
  let bytes = 0;
  let head = '';
  let tail = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    const text = decoder.decode(value, { stream: true });
    if (head.length < 500) head += text;
    tail = (tail + text).slice(-500);
    lines += text.split('\n').length - 1;
  }
  clearInterval(sampler);
  expect(lines).toBe(COUNT + 2); // header + rows
  expect(head.split('\n')[0]).toBe('number,name,email,phone,city,country,status,tags,firstSeenAt,lastSeenAt');
  expect(tail).toContain(`'=HYPERLINK`);
  const grewMb = (peak - baseline) / 1e6;
  console.info(`CSV export: ${(bytes / 1e6).toFixed(1)} MB, heap grew by at most ${grewMb.toFixed(1)} MB`);
  // The whole file is ~9 MB of text and several times that as row objects; streaming keeps the heap well below.
  expect(grewMb).toBeLessThan((bytes / 1e6) * 3);
}, 120_000);

it('refuses the export without a session and with a bad filter', async () => {
  expect((await fetch(`${server.url}/exports/visitors.csv`)).status).toBe(401);
  const client = createTestClient(server.url);
  await client.http.auth.login.mutate({ email: seeded.agent.email, password: PASSWORD });
  expect((await client.fetch(`${server.url}/exports/visitors.csv?filter=%7Bnope`)).status).toBe(400);
});
