import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@parley/db/testing';
import type { AnyPlugin, WorkerLimits } from '@parley/integrations';
import { hashPassword } from '../src/auth/password';
import type { BusMessage, EventBus } from '../src/bus/event-bus';
import { createMemoryBus } from '../src/bus/memory-bus';
import { createRedisBus } from '../src/bus/redis-bus';
import { loadConfig } from '../src/config';
import type { Context } from '../src/context';
import type { Deps } from '../src/deps';
import { createIntegrationHost } from '../src/domain/integrations/host';
import {
  CONSOLE_TOPIC,
  channelTopic,
  userControlTopic,
  visitorTopic,
} from '../src/domain/live-chat/constants';
import { ensureSearchIndex } from '../src/domain/live-chat/search';
import { authenticateVisitor } from '../src/domain/live-chat/visitor-auth';
import { createSession, validateSessionToken } from '../src/domain/sessions';
import { PRESENCE_TOPIC } from '../src/domain/team';
import { createDiskFileStore } from '../src/lib/file-store';
import { createLogger } from '../src/logger';
import type { Mailer } from '../src/mail/mailer';
import { appRouter } from '../src/routers';
import { createCallerFactory } from '../src/trpc';

export type TestDeps = Deps & {
  /** Waits until a live stream listens on the bus (see `watchSubscriptions`). */
  subscriptions: TSubscriptionWatch;
  cleanup(): Promise<void>;
};

export type TSubscriptionWatch = {
  /**
   * Resolves once, for every topic given, a bus subscription made after this call is active (the bus
   * confirmed it). Call it before opening the subscription, await it after: from then on every event
   * published on those topics reaches the stream. tRPC's `onStarted` is not enough: it fires when the
   * server accepted the subscription, before the stream has read its starting point and subscribed.
   */
  next(accountId: string, topics: string[], timeoutMs?: number): Promise<void>;
};

/** The topics each live subscription listens on, for `subscriptions.next`. */
export const streamTopics = {
  /** `live.console` of one agent. */
  console: (userId: string) => [CONSOLE_TOPIC, userControlTopic(userId)],
  /** `team.onPresence` of one agent. */
  presence: (userId: string) => [PRESENCE_TOPIC, userControlTopic(userId)],
  /** `widget.events` of one visitor. */
  widget: (visitorId: string, channelId: string) => [visitorTopic(visitorId), channelTopic(channelId)],
};

/**
 * The bus, counting the subscriptions it has confirmed per account and topic, so a test waits for a
 * stream to listen instead of sleeping.
 */
export function watchSubscriptions(bus: EventBus): { bus: EventBus; watch: TSubscriptionWatch } {
  const confirmed = new Map<string, number>();
  const waiters = new Set<() => void>();
  const keyOf = (accountId: string, topic: string) => `${accountId}\u0000${topic}`;
  const watched: EventBus = {
    ...bus,
    async subscribe(accountId, topic, handler) {
      const unsubscribe = await bus.subscribe(accountId, topic, handler);
      const key = keyOf(accountId, topic);
      confirmed.set(key, (confirmed.get(key) ?? 0) + 1);
      for (const wake of waiters) wake();
      return unsubscribe;
    },
  };
  const watch: TSubscriptionWatch = {
    next(accountId, topics, timeoutMs = 5000) {
      const keys = topics.map((topic) => keyOf(accountId, topic));
      const before = keys.map((key) => confirmed.get(key) ?? 0);
      const done = () => keys.every((key, i) => (confirmed.get(key) ?? 0) > (before[i] ?? 0));
      return new Promise<void>((resolve, reject) => {
        const wake = () => {
          if (!done()) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no new subscription on ${topics.join(', ')} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
  };
  return { bus: watched, watch };
}

/**
 * Real dependencies for a test file: a fresh database (SQLite, or PostgreSQL when DATABASE_URL is
 * set), the Redis bus when REDIS_URL is set, files in a temp folder.
 */
export async function createTestDeps(
  opts: {
    mailer?: Mailer;
    env?: Record<string, string>;
    plugins?: string[];
    extraPlugins?: AnyPlugin[];
    /** Plugin workers' limits (the isolation tests shorten them). */
    workerLimits?: Partial<WorkerLimits>;
  } = {},
): Promise<TestDeps> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-api-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: 'http://localhost:3000',
    PORT: '0',
    // The fake providers listen on 127.0.0.1.
    ALLOW_PRIVATE_NETWORK_DESTINATIONS: 'true',
    ...opts.env,
  });
  const database = await createTestDatabase();
  await ensureSearchIndex(database.db, database.provider);
  const logger = createLogger('silent');
  const { bus, watch: subscriptions } = watchSubscriptions(
    process.env.REDIS_URL ? await createRedisBus(process.env.REDIS_URL, logger) : createMemoryBus(),
  );
  const plugins = await createIntegrationHost({
    db: database.db,
    logger,
    secretKey: 'test-secret-key-0123456789',
    publicUrl: config.publicUrl ?? 'http://localhost:3000',
    thirdParty: opts.plugins ?? [],
    extraPlugins: opts.extraPlugins ?? [],
    ...(opts.workerLimits ? { workerLimits: opts.workerLimits } : {}),
    allowPrivateNetwork: config.allowPrivateNetworkDestinations,
  });
  return {
    plugins,
    config,
    database,
    db: database.db,
    systemDb: database.db,
    bus,
    subscriptions,
    logger,
    mailer: opts.mailer ?? null,
    files: createDiskFileStore(config.filesDir),
    async cleanup() {
      await plugins.close();
      await bus.close();
      await database.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestContext = Context & { cookies: string[] };

export function testContext(
  deps: Deps,
  token?: string,
  ip = '127.0.0.1',
  visitorToken?: string,
  deviceToken?: string,
): TestContext {
  const cookies: string[] = [];
  const ctx: TestContext = {
    deps,
    transport: 'http',
    client: { ip, userAgent: 'vitest' },
    sessionToken: token,
    deviceToken,
    secureCookies: false,
    authenticate: () =>
      ctx.sessionToken ? validateSessionToken(deps.db, ctx.sessionToken) : Promise.resolve(null),
    authenticateVisitor: () => authenticateVisitor(deps.db, visitorToken),
    setCookie: (c) => cookies.push(c),
    cookies,
  };
  return ctx;
}

const createCaller = createCallerFactory(appRouter);
export const callerFor = (deps: Deps, token?: string, ip?: string) =>
  createCaller(testContext(deps, token, ip));
export const visitorCaller = (deps: Deps, visitorToken: string, ip = '198.51.100.7') =>
  createCaller(testContext(deps, undefined, ip, visitorToken));

export const PASSWORD = 'correct horse battery';

export interface SeededUser {
  id: string;
  email: string;
  role: 'owner' | 'admin' | 'agent';
  token: string;
  accountId: string;
}

/** An account with an owner, an admin and an agent, each logged in once. */
export async function seedAccount(deps: Deps, name = 'Acme') {
  const account = await deps.db.account.create({ data: { name } });
  const passwordHash = await hashPassword(PASSWORD);
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  const make = async (role: SeededUser['role']): Promise<SeededUser> => {
    const email = `${role}@${slug}.test`;
    const user = await deps.db.user.create({
      data: { accountId: account.id, email, name: `${name} ${role}`, passwordHash, role },
    });
    const { token } = await createSession(deps.db, user, { ip: '127.0.0.1', userAgent: 'vitest' });
    return { id: user.id, email, role, token, accountId: account.id };
  };
  return { account, owner: await make('owner'), admin: await make('admin'), agent: await make('agent') };
}

/** The tRPC error fields our formatter adds, for assertions. */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; appCode?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: string; message: string; cause?: { code?: string } };
    const appCode = (e.cause as { code?: string } | undefined)?.code;
    return { code: e.code ?? 'UNKNOWN', message: e.message, ...(appCode ? { appCode } : {}) };
  }
  throw new Error('expected the call to fail');
}

/** POST /uploads/file as the console (session cookie) or the widget (visitor token) does. */
export function uploadFile(
  baseUrl: string,
  data: Buffer,
  opts: {
    name: string;
    session?: string;
    visitor?: string;
    conversationId?: string;
    origin?: string;
    clientId?: string;
  },
) {
  const q = new URLSearchParams({ clientId: opts.clientId ?? randomUUID(), name: opts.name });
  if (opts.conversationId) q.set('conversationId', opts.conversationId);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (opts.session) headers.cookie = `parley_session=${opts.session}`;
  if (opts.visitor) headers['x-parley-visitor'] = opts.visitor;
  if (opts.origin) headers.origin = opts.origin;
  return fetch(`${baseUrl}/uploads/file?${q}`, { method: 'POST', headers, body: new Uint8Array(data) });
}

/** The app code of a failed HTTP (non-tRPC) answer. */
export const appCodeOf = async (res: Response) =>
  ((await res.json()) as { error: { appCode: string } }).error.appCode;

/** Waits until `check` returns true (events cross Redis asynchronously), or fails after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Records what the bus carries on one topic, to assert on events and their audiences. */
export async function recordBus(deps: Deps, accountId: string, topic: string) {
  const seen: BusMessage[] = [];
  const stop = await deps.bus.subscribe(accountId, topic, (m) => seen.push(m));
  return {
    seen,
    stop,
    ofType: (type: string) => seen.filter((m) => (m.payload as { type: string }).type === type),
  };
}
