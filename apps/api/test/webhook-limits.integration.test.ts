import http from 'node:http';
import {
  startFakeMetaGraph,
  startFakeTelegram,
  telegramUpdate,
  telegramWebhookRequest,
} from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

/**
 * /hooks/<id> once buffered up to 10 MB before the plugin authenticated anything. Now the
 * plugin's header check runs before the body is read, and bodies are limited (1 MB by default).
 */
let deps: TestDeps;
let server: RunningServer;
let telegram: Awaited<ReturnType<typeof startFakeTelegram>>;
let installId: string;
let acme: Awaited<ReturnType<typeof seedAccount>>;
const token = '778899:limits-token';

beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  acme = await seedAccount(deps);
  telegram = await startFakeTelegram({ token });
  const created = await callerFor(deps, acme.owner.token).integrations.addChannel({
    plugin: 'channel-telegram',
    name: 'Limits bot',
    config: { botToken: token, baseUrl: telegram.url },
  });
  installId = created.installId;
});
afterAll(async () => {
  await telegram.close();
  await server.close();
  await deps.cleanup();
});

/** Sends only the headers of a large POST (no body bytes) and waits for an answer, if any comes. */
function headersOnly(
  headers: Record<string, string>,
  ms = 3000,
  id = installId,
): Promise<number | 'no answer'> {
  return new Promise((resolve) => {
    const req = http.request(`${server.url}/hooks/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(9_500_000), ...headers },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, ms);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => undefined);
    req.flushHeaders();
  });
}

it('refuses an unsigned webhook from its headers, before reading a byte of its body', async () => {
  expect(await headersOnly({})).toBe(401);
  expect(await headersOnly({ 'x-telegram-bot-api-secret-token': 'guessed' })).toBe(401);
});

it("refuses a Meta webhook post without Meta's signature header before reading it", async () => {
  const graph = await startFakeMetaGraph({ accessToken: 'page-token' });
  try {
    const created = await callerFor(deps, acme.owner.token).integrations.addChannel({
      plugin: 'channel-messenger',
      name: 'Page',
      config: {
        pageId: '1357924680',
        pageAccessToken: 'page-token',
        appSecret: 'app-secret',
        verifyToken: 'verify-token',
        baseUrl: graph.url,
      },
    });
    expect(await headersOnly({}, 3000, created.installId)).toBe(401);
  } finally {
    await graph.close();
  }
});

it('refuses a signed body over the 1 MB limit, and still takes a normal one', async () => {
  const secret = telegram.webhook.secretToken!;
  expect(await headersOnly({ 'x-telegram-bot-api-secret-token': secret })).toBe(413);
  const big = await fetch(`${server.url}/hooks/${installId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify({ update_id: 5, padding: 'x'.repeat(1024 * 1024) }),
  });
  expect(big.status).toBe(413);
  const request = telegramWebhookRequest(
    secret,
    telegramUpdate({ updateId: 6, chatId: 3131, messageId: 1, text: 'Hello' }),
  );
  const ok = await fetch(`${server.url}/hooks/${installId}`, {
    method: 'POST',
    headers: request.headers as Record<string, string>,
    body: request.rawBody,
  });
  expect(ok.status).toBe(200);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
});
