import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer } from '../src/server';
import { createTestDeps, type TestDeps } from './harness';

let deps: TestDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.cleanup());

it('tells connected WebSocket clients to reconnect when it shuts down', async () => {
  const server = await startServer(deps);
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/trpc`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const notice = new Promise<unknown>((resolve) => {
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      if (msg.method === 'reconnect') resolve(msg);
    });
  });
  const closed = new Promise((resolve) => ws.once('close', resolve));
  await server.close();
  expect(await notice).toEqual({ id: null, method: 'reconnect' });
  await closed;
});
