import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  type FakeServer,
  startServer as startFakeServer,
  startFakeTelegram,
  telegramUpdate,
  telegramWebhookRequest,
} from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestClient } from './client';
import { PASSWORD, waitFor } from './harness';

/**
 * An agent's reply to a plugin channel is delivered in the background; when its message
 * disappeared meanwhile (visitor erased) the status updates threw, nobody caught the rejection and
 * the process exited for every account. This runs the real server entry (src/main.ts, as
 * `npm start` does) in its own process and erases the visitor while the provider is still answering.
 * It talks to the server over HTTP only, like the console.
 */
const apiDir = path.resolve(import.meta.dirname, '..');
let dataDir: string;
let child: ChildProcess;
let output = '';
let url: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-crash-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.SMTP_URL;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      LOG_LEVEL: 'info',
      // The fake provider listens on 127.0.0.1.
      ALLOW_PRIVATE_NETWORK_DESTINATIONS: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was ready:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await rm(dataDir, { recursive: true, force: true });
});

/** Forwards to the fake Telegram, but holds sendMessage until `release()`. */
async function startGate(target: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let held = false;
  const gate: FakeServer = await startFakeServer(async (req, res) => {
    if (req.path.endsWith('/sendMessage')) {
      held = true;
      await released;
    }
    const answer = await fetch(`${target}${req.path}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
      ...(req.method === 'GET' ? {} : { body: new Uint8Array(req.body) }),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  return Object.assign(gate, { release, isHolding: () => held });
}

it('keeps serving when the visitor is erased while their reply is being delivered', async () => {
  const owner = createTestClient(url).http;
  await owner.setup.create.mutate({
    accountName: 'Acme',
    name: 'Olga Owner',
    email: 'owner@acme.test',
    password: PASSWORD,
  });
  const token = '112233:crash-token';
  const telegram = await startFakeTelegram({ token });
  const gate = await startGate(telegram.url);
  try {
    await owner.presence.set.mutate({ presence: 'online' });
    const created = await owner.integrations.addChannel.mutate({
      plugin: 'channel-telegram',
      name: 'Support bot',
      config: { botToken: token, baseUrl: gate.url },
    });
    const request = telegramWebhookRequest(
      telegram.webhook.secretToken,
      telegramUpdate({ updateId: 1, chatId: 9090, messageId: 1, text: 'Hello?' }),
    );
    const inbound = await fetch(`${url}/hooks/${created.installId}`, {
      method: 'POST',
      headers: request.headers as Record<string, string>,
      body: request.rawBody,
    });
    expect(inbound.status).toBe(200);
    const chat = (await owner.chats.inbox.query()).find((c) => c.channel.id === created.channelId);
    expect(chat).toBeDefined();

    const reply = await owner.chats.quickReply.mutate({
      conversationId: chat!.id,
      clientId: randomUUID(),
      body: 'One moment',
    });
    await waitFor(gate.isHolding, 10_000);
    await owner.crm.erase.mutate({ visitorId: chat!.visitor.id });
    gate.release();
    await waitFor(() => telegram.sent.length === 1, 10_000);
    // Give the delivery time to write its (now impossible) status.
    await new Promise((r) => setTimeout(r, 500));

    expect(child.exitCode, output).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await owner.chats.inbox.query()).some((c) => c.id === chat!.id)).toBe(false);
    // While we are here: the data directory the server created is its user's alone.
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    for (const file of ['parley.db', 'parley.db-wal', 'secret.key'])
      expect((await stat(path.join(dataDir, file))).mode & 0o777, file).toBe(0o600);
    // The server logged the delivery's outcome instead of dying of it.
    expect(output).not.toContain('unhandled');
    expect(reply.id).toBeTruthy();
  } finally {
    await gate.close();
    await telegram.close();
  }
}, 60_000);
