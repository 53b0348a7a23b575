import { createTRPCClient, createWSClient, httpBatchLink, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SESSION_COOKIE } from '../src/auth/cookies';
import { hashToken } from '../src/auth/tokens';
import { createRedisBus } from '../src/bus/redis-bus';
import { sessionCacheFor } from '../src/domain/sessions';
import type { AppRouter } from '../src/routers';
import { type RunningServer, startServer } from '../src/server';
import { createTestDeps, PASSWORD, seedAccount, type TestDeps, watchSubscriptions } from './harness';

/**
 * The session cache (domain/sessions.ts): an agent's WebSocket calls are checked from memory, and
 * whatever ends a session or changes its user reaches every process's cache at once, so the next call
 * on an open socket is refused. The second server shares the database but has its own bus connection
 * and its own cache, as a second API process has (it needs Redis: REDIS_URL, and PostgreSQL to be a
 * real deployment's shape).
 */
let deps: TestDeps;
let server: RunningServer;
let second: { deps: TestDeps; server: RunningServer } | null = null;
const { REDIS_URL } = process.env;

beforeAll(async () => {
  deps = await createTestDeps();
  server = await startServer(deps);
  if (REDIS_URL) {
    const { bus } = watchSubscriptions(await createRedisBus(REDIS_URL, deps.logger));
    const otherDeps: TestDeps = { ...deps, bus, cleanup: async () => bus.close() };
    second = { deps: otherDeps, server: await startServer(otherDeps) };
  }
});
afterAll(async () => {
  await second?.server.close();
  await second?.deps.cleanup();
  await server.close();
  await deps.cleanup();
});

/** An agent's console over one WebSocket only (every call, not just subscriptions), with its cookie. */
function consoleSocket(baseUrl: string, token: string) {
  const CookieWebSocket = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    }
  };
  const wsClient = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 100,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  /** The code of the refusal of one call on this socket, or 'ok'. */
  const call = () =>
    client.sessions.list.query().then(
      () => 'ok',
      (err: { data?: { code?: string } }) => err.data?.code ?? 'error',
    );
  return { client, call, close: () => wsClient.close() };
}

function httpAs(baseUrl: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        headers: { cookie: `${SESSION_COOKIE}=${token}` },
      }),
    ],
  });
}

/** Polls until a call on the socket is refused; a cached session would keep answering 'ok' for the TTL. */
async function refusedSoon(socket: ReturnType<typeof consoleSocket>, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const code = await socket.call();
    if (code !== 'ok' || Date.now() > until) return code;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the session cache on one process', () => {
  it('checks a session once and answers the next calls from memory', async () => {
    const { agent } = await seedAccount(deps, 'Cached');
    const socket = consoleSocket(server.url, agent.token);
    expect(await socket.call()).toBe('ok');
    // sessions.list itself is one query; the session check adds nothing (SQLite counts statements).
    // The count is the whole process's, and the scheduler's jobs tick every second or two (their
    // lease statements land in any window now and then): the least of a few windows is the calls'.
    const windows: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = deps.database.statementsRun();
      expect(await socket.call()).toBe('ok');
      expect(await socket.call()).toBe('ok');
      if (before !== null) windows.push((deps.database.statementsRun() ?? 0) - before);
    }
    if (windows.length) expect(Math.min(...windows)).toBe(2);
    socket.close();
  });

  it('a revoked session is refused at once on its open WebSocket', async () => {
    const { agent } = await seedAccount(deps, 'Revoked');
    const socket = consoleSocket(server.url, agent.token);
    expect(await socket.call()).toBe('ok');
    expect(sessionCacheFor(deps).size).toBeGreaterThan(0);
    // Another session of the same agent ends: this one stays.
    const otherToken = await loginToken(agent.email);
    await httpAs(server.url, agent.token).sessions.revoke.mutate({ id: hashToken(otherToken) });
    expect(await socket.call()).toBe('ok');
    // The agent ends this very session from another browser.
    const third = await loginToken(agent.email);
    await httpAs(server.url, third).sessions.revoke.mutate({ id: hashToken(agent.token) });
    expect(await socket.call()).toBe('UNAUTHORIZED');
    socket.close();
  });

  it('a logout, a disabled agent, a new role and a new password reach open sockets at once', async () => {
    const seeded = await seedAccount(deps, 'Changes');
    const admin = httpAs(server.url, seeded.admin.token);

    // Logout over HTTP ends the session the socket uses.
    const loggedOut = consoleSocket(server.url, seeded.owner.token);
    expect(await loggedOut.call()).toBe('ok');
    await httpAs(server.url, seeded.owner.token).auth.logout.mutate();
    expect(await loggedOut.call()).toBe('UNAUTHORIZED');
    loggedOut.close();

    // A new role: the cached check carried the old one.
    const agentSocket = consoleSocket(server.url, seeded.agent.token);
    expect(await agentSocket.client.agents.get.query({ userId: seeded.agent.id }).catch(() => 'no')).toBe(
      'no',
    );
    await admin.agents.update.mutate({ userId: seeded.agent.id, role: 'admin' });
    const settings = await agentSocket.client.agents.get.query({ userId: seeded.agent.id });
    expect(settings.role).toBe('admin');

    // Disabled by an admin: refused on the next call.
    expect(await agentSocket.call()).toBe('ok');
    await admin.agents.update.mutate({ userId: seeded.agent.id, disabled: true });
    expect(await agentSocket.call()).toBe('UNAUTHORIZED');
    agentSocket.close();

    // A new password ends the other sessions (the one that changed it stays).
    const adminSocket = consoleSocket(server.url, seeded.admin.token);
    expect(await adminSocket.call()).toBe('ok');
    const changer = await loginToken(seeded.admin.email);
    await httpAs(server.url, changer).account.changePassword.mutate({
      currentPassword: PASSWORD,
      newPassword: 'another password 1',
    });
    expect(await adminSocket.call()).toBe('UNAUTHORIZED');
    expect(await httpAs(server.url, changer).sessions.list.query()).toHaveLength(1);
    adminSocket.close();
  });
});

/** Logs in over HTTP like a browser and returns the new session's token (from its cookie). */
async function loginToken(email: string): Promise<string> {
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!.slice(SESSION_COOKIE.length + 1);
}

describe.runIf(REDIS_URL)('the session cache across processes (Redis)', () => {
  it("a revoked session and a disabled agent are refused on another process's open socket", async () => {
    const seeded = await seedAccount(deps, 'Across');
    const other = second!;
    const agentSocket = consoleSocket(other.server.url, seeded.agent.token);
    const ownerSocket = consoleSocket(other.server.url, seeded.owner.token);
    expect(await agentSocket.call()).toBe('ok');
    expect(await ownerSocket.call()).toBe('ok');
    expect(sessionCacheFor(other.deps).size).toBeGreaterThan(0);

    // Revoked through the first process.
    await httpAs(server.url, seeded.owner.token).sessions.revoke.mutate({
      id: hashToken(seeded.owner.token),
    });
    expect(await refusedSoon(ownerSocket)).toBe('UNAUTHORIZED');

    await httpAs(server.url, seeded.admin.token).agents.update.mutate({
      userId: seeded.agent.id,
      disabled: true,
    });
    expect(await refusedSoon(agentSocket)).toBe('UNAUTHORIZED');
    agentSocket.close();
    ownerSocket.close();
  });
});
