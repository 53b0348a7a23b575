import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import { createTestLogger } from '../testing/logger.js';
import type { PluginContext } from '../types.js';
import { createPluginHost } from './host.js';
import { createMemoryStorage } from './storage.js';

const SECRET = 'test-secret-key-0123456789';

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (req.url === '/redirect-out') {
      res.writeHead(302, { location: 'http://localhost.invalid/x' });
      return void res.end();
    }
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

let lastCtx: PluginContext<unknown> | undefined;
let disposed = 0;
const behaviour = { fail: false, hang: false, failWith: undefined as PluginError | undefined };

const echo = definePlugin({
  name: 'channel-echo',
  version: '1.2.3',
  apiVersion: 1,
  configSchema: z.object({
    baseUrl: z.url(),
    token: z.string().min(1).meta({ secret: true }),
    label: z.string().default('echo'),
  }),
  urlFields: ['baseUrl'],
  capabilities: ['channel'],
  setup(ctx) {
    lastCtx = ctx as PluginContext<unknown>;
    let n = 0;
    return {
      channel: {
        features: { attachments: false, maxTextLength: 100 },
        async send(message) {
          if (behaviour.hang) await new Promise((r) => setTimeout(r, 1000));
          if (behaviour.failWith) throw behaviour.failWith;
          if (behaviour.fail) throw new Error('provider down');
          n += 1;
          return { externalMessageId: `${message.to.externalId}:${n}` };
        },
        async handleWebhook(req) {
          if (req.headers['x-token'] !== ctx.config.token) return { response: { status: 401 }, events: [] };
          return {
            response: { status: 200, body: 'ok' },
            events: [
              {
                type: 'message',
                externalMessageId: 'm1',
                contact: { externalId: 'c1' },
                text: req.rawBody.toString(),
                attachments: [],
                sentAt: new Date(0),
              },
            ],
          };
        },
      },
      dispose: () => {
        disposed += 1;
      },
    };
  },
});

function makeHost(maxFailures = 3) {
  const storage = createMemoryStorage();
  const logger = createTestLogger();
  const host = createPluginHost({
    plugins: [echo],
    logger,
    storage,
    secretKey: SECRET,
    defaults: { callTimeoutMs: 200, maxFailures, retry: { baseDelayMs: 1, jitter: false } },
    webhookUrl: (r) => `https://parley.example/hooks/${r.id}`,
  });
  return { host, storage, logger };
}

async function install(host: ReturnType<typeof makeHost>['host']) {
  const result = await host.createInstall({
    accountId: 'acc1',
    name: 'channel-echo',
    config: { baseUrl, token: 'sekrit' },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.install;
}

describe('plugin host', () => {
  it('validates config with field-level message ids', async () => {
    const { host } = makeHost();
    const result = await host.createInstall({
      accountId: 'a',
      name: 'channel-echo',
      config: { baseUrl: 'nope' },
    });
    expect(result).toEqual({
      ok: false,
      errors: { baseUrl: 'validation.url', token: 'validation.required' },
    });
  });

  it('stores secrets encrypted and shows them to admins as set/unset', async () => {
    const { host, storage } = makeHost();
    const rec = await install(host);
    const stored = storage.installs.get(rec.id)!.config;
    expect(stored).not.toContain('sekrit');
    expect(JSON.parse(stored).token).toMatch(/^enc:v1:/);
    expect(JSON.parse(stored).baseUrl).toBe(baseUrl);
    expect(await host.readConfig(rec.id)).toEqual({
      values: { baseUrl, label: 'echo' },
      secrets: { token: 'set' },
    });
    // A form submitted without the secret keeps it.
    const updated = await host.updateConfig(rec.id, { baseUrl, label: 'renamed', token: '' });
    expect(updated.ok).toBe(true);
    expect(host.openConfig('channel-echo', storage.installs.get(rec.id)!.config)).toMatchObject({
      token: 'sekrit',
      label: 'renamed',
    });
    // A host with another key cannot read it.
    const other = createPluginHost({
      plugins: [echo],
      logger: createTestLogger(),
      storage,
      secretKey: 'another-secret-key-99999',
    });
    expect(() => other.openConfig('channel-echo', storage.installs.get(rec.id)!.config)).toThrow();
  });

  it('gives the plugin a narrow context: tagged logger, kv, fetch limited to its hosts', async () => {
    const { host, logger } = makeHost();
    const rec = await install(host);
    await host.channel(rec.id);
    const ctx = lastCtx!;
    expect(ctx.config).toMatchObject({ token: 'sekrit', label: 'echo' });
    expect(ctx.webhookUrl).toBe(`https://parley.example/hooks/${rec.id}`);
    expect(ctx.installSecret).toHaveLength(43);
    ctx.logger.info('hello');
    expect(logger.entries.at(-1)?.bindings).toMatchObject({ plugin: 'channel-echo', installId: rec.id });
    await ctx.kv.set('k', 'v', { ttlSeconds: 60 });
    expect(await ctx.kv.get('k')).toBe('v');
    await ctx.kv.delete('k');
    expect(await ctx.kv.get('k')).toBeNull();
    expect(await (await ctx.fetch(`${baseUrl}/ok`)).json()).toEqual({ path: '/ok' });
    await expect(ctx.fetch('http://example.com/')).rejects.toThrow(/not allowed/);
    await expect(ctx.fetch(`${baseUrl}/redirect-out`)).rejects.toThrow(/not allowed/);
    await expect(ctx.fetch('file:///etc/passwd')).rejects.toThrow(/protocol/);
  });

  it('limits a plugin with a package manifest to the hosts it declared there, and lists them', async () => {
    let ctx: PluginContext | undefined;
    const declared = definePlugin({
      name: 'parley-plugin-declared',
      version: '1.0.0',
      apiVersion: 1,
      displayName: 'Declared (code)',
      configSchema: z.object({}),
      // Asks at run time for a host its manifest does not list: refused, the admin never saw it.
      allowedHosts: () => ['127.0.0.1'],
      capabilities: ['gif'],
      setup(c) {
        ctx = c;
        return { gif: { search: async () => ({ items: [] }) } };
      },
    });
    const logger = createTestLogger();
    const host = createPluginHost({
      plugins: [declared],
      manifests: new Map([
        [
          'parley-plugin-declared',
          {
            apiVersion: '^1.0.0',
            displayName: 'Declared',
            capabilities: ['gif'],
            networkHosts: ['localhost'],
            configSchemaVersion: 1,
          },
        ],
      ]),
      logger,
      storage: createMemoryStorage(),
      secretKey: SECRET,
    });
    expect(host.listPlugins()[0]).toMatchObject({ displayName: 'Declared', networkHosts: ['localhost'] });
    const created = await host.createInstall({ accountId: 'a', name: 'parley-plugin-declared', config: {} });
    if (!created.ok) throw new Error('install failed');
    await host.gif(created.install.id);
    const port = new URL(baseUrl).port;
    expect(await (await ctx!.fetch(`http://localhost:${port}/ok`)).json()).toEqual({ path: '/ok' });
    await expect(ctx!.fetch(`${baseUrl}/ok`)).rejects.toThrow(/not allowed/);
    expect(
      logger.entries.some(
        (e) => e.level === 'warn' && /missing from the package manifest/.test(String(e.msg)),
      ),
    ).toBe(true);
  });

  it('times out a slow fetch', async () => {
    const storage = createMemoryStorage();
    const host = createPluginHost({
      plugins: [echo],
      logger: createTestLogger(),
      storage,
      secretKey: SECRET,
      defaults: { fetchTimeoutMs: 100 },
    });
    const rec = await install(host);
    await host.channel(rec.id);
    await expect(lastCtx!.fetch(`${baseUrl}/slow`)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('stamps errors with the plugin name, tracks health and disables after repeated failures', async () => {
    const { host } = makeHost(3);
    const rec = await install(host);
    const channel = await host.channel(rec.id);
    expect((await channel.send({ to: { externalId: 'x' }, text: 'hi' })).externalMessageId).toBe('x:1');
    behaviour.fail = true;
    const error = await channel.send({ to: { externalId: 'x' }, text: 'hi' }).catch((e) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect(error).toMatchObject({ plugin: 'channel-echo', installId: rec.id, message: 'provider down' });
    expect(await host.health(rec.id)).toMatchObject({ health: 'failing', failures: 1 });
    // Input errors are the caller's, not the plugin's health.
    behaviour.failWith = new PluginError('too long', { kind: 'input' });
    await expect(channel.send({ to: { externalId: 'x' }, text: 'hi' })).rejects.toMatchObject({
      kind: 'input',
    });
    expect((await host.health(rec.id)).failures).toBe(1);
    behaviour.failWith = undefined;
    behaviour.hang = true;
    await expect(channel.send({ to: { externalId: 'x' }, text: 'hi' })).rejects.toMatchObject({
      kind: 'timeout',
    });
    behaviour.hang = false;
    const before = disposed;
    await expect(channel.send({ to: { externalId: 'x' }, text: 'hi' })).rejects.toThrow();
    const health = await host.health(rec.id);
    expect(health).toMatchObject({ health: 'disabled', enabled: false, failures: 3 });
    // Admins see a fixed reason; the plugin's own message stays in the server's log.
    expect(health.disabledReason).toBe('too_many_failures: [channel-echo] internal: the plugin failed');
    expect(disposed).toBe(before + 1);
    expect(lastCtx!.signal.aborted).toBe(true);
    await expect(host.channel(rec.id)).rejects.toMatchObject({ kind: 'disabled' });
    behaviour.fail = false;
    await host.enable(rec.id);
    expect(
      (await (await host.channel(rec.id)).send({ to: { externalId: 'y' }, text: 'ok' })).externalMessageId,
    ).toBe('y:1');
    expect(await host.health(rec.id)).toMatchObject({ health: 'ok', failures: 0 });
  });

  it('counts one failure per message, not one per retry attempt', async () => {
    const { host } = makeHost(3);
    const rec = await install(host);
    behaviour.fail = true;
    try {
      const statuses: string[] = [];
      for (const text of ['one', 'two']) {
        await expect(
          host.send(
            rec.id,
            { to: { externalId: 'q' }, text },
            { attempts: 4, onAttempt: (a) => void statuses.push(a.status) },
          ),
        ).rejects.toMatchObject({ plugin: 'channel-echo' });
      }
      // Eight attempts, two messages: two failures, below the limit of three, still enabled.
      expect(statuses.filter((s) => s === 'failed')).toHaveLength(2);
      expect(await host.health(rec.id)).toMatchObject({ health: 'failing', failures: 2, enabled: true });
    } finally {
      behaviour.fail = false;
    }
    await host.send(rec.id, { to: { externalId: 'q' }, text: 'three' });
    expect(await host.health(rec.id)).toMatchObject({ health: 'ok', failures: 0 });
  });

  it('refuses malformed events from a plugin as its fault, naming it, instead of failing later', async () => {
    const bad = definePlugin({
      name: 'parley-plugin-sloppy',
      version: '1.0.0',
      apiVersion: 1,
      configSchema: z.object({}),
      capabilities: ['channel'],
      setup: () => ({
        channel: {
          features: { attachments: false },
          send: async () => ({ externalMessageId: 'x' }),
          // No contact, a string date: what a TypeError deep in storage used to report.
          handleWebhook: async () => ({
            response: { status: 200 },
            events: [{ type: 'message', externalMessageId: 'm1', text: 'hi', sentAt: '2026-01-01' } as never],
          }),
          poll: async () => [{ type: 'typing' } as never],
        },
      }),
    });
    const host = createPluginHost({
      plugins: [bad],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: SECRET,
    });
    const created = await host.createInstall({ accountId: 'a', name: bad.name, config: {} });
    if (!created.ok) throw new Error('install failed');
    const id = created.install.id;
    let stored = 0;
    const error = await host
      .receiveWebhook(
        id,
        { method: 'POST', headers: {}, query: {}, rawBody: Buffer.from('{}') },
        async () => {
          stored += 1;
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginError);
    expect(error).toMatchObject({ kind: 'invalid_plugin', plugin: 'parley-plugin-sloppy' });
    expect((error as PluginError).message).toBe(
      'handleWebhook returned invalid events: events[0].contact.externalId must be a non-empty string; events[0].attachments must be an array; events[0].sentAt must be a valid Date',
    );
    expect(stored).toBe(0);
    expect(await host.health(id)).toMatchObject({ health: 'disabled', enabled: false });
    expect((await host.health(id)).lastError).toMatch(/^\[parley-plugin-sloppy\] invalid_plugin/);

    await host.enable(id);
    await expect(host.poll(id, async () => {})).rejects.toThrow(
      /poll returned invalid events: events\[0\]\.type must be one of/,
    );
  });

  it('retries sends with backoff and reports each attempt', async () => {
    const { host } = makeHost(10);
    const rec = await install(host);
    const attempts: string[] = [];
    behaviour.fail = true;
    setTimeout(() => {
      behaviour.fail = false;
    }, 5);
    let calls = 0;
    const realFail = behaviour;
    const result = await host.send(
      rec.id,
      { to: { externalId: 'z' }, text: 'hi' },
      {
        attempts: 5,
        onAttempt: (a) => {
          calls += 1;
          attempts.push(a.status);
          if (calls === 2) realFail.fail = false;
        },
      },
    );
    expect(result.externalMessageId).toMatch(/^z:/);
    expect(attempts.at(-1)).toBe('sent');
    expect(attempts.slice(0, -1).every((s) => s === 'retrying')).toBe(true);

    behaviour.failWith = new PluginError('reply window closed', { kind: 'input', code: '131047' });
    const statuses: string[] = [];
    await expect(
      host.send(
        rec.id,
        { to: { externalId: 'z' }, text: 'hi' },
        { onAttempt: (a) => void statuses.push(a.status) },
      ),
    ).rejects.toMatchObject({ code: '131047' });
    expect(statuses).toEqual(['failed']);
    behaviour.failWith = undefined;
  });

  it('routes webhooks to the channel and refuses bad tokens', async () => {
    const { host } = makeHost();
    const rec = await install(host);
    const bad = await host.handleWebhook(rec.id, {
      method: 'POST',
      headers: {},
      query: {},
      rawBody: Buffer.from('x'),
    });
    expect(bad).toEqual({ response: { status: 401 }, events: [] });
    const good = await host.handleWebhook(rec.id, {
      method: 'POST',
      headers: { 'x-token': 'sekrit' },
      query: {},
      rawBody: Buffer.from('hello'),
    });
    expect(good.events[0]).toMatchObject({ externalMessageId: 'm1', text: 'hello' });
  });

  it("receiveWebhook answers the plugin's 2xx only after the events were stored, 500 when storing failed", async () => {
    const { host } = makeHost();
    const rec = await install(host);
    const request = {
      method: 'POST',
      headers: { 'x-token': 'sekrit' },
      query: {},
      rawBody: Buffer.from('hello'),
    };
    const order: string[] = [];
    const failed = await host.receiveWebhook(rec.id, request, async () => {
      order.push('store');
      throw new Error('database unavailable');
    });
    expect(failed.status).toBe(500);
    const stored = await host.receiveWebhook(rec.id, request, async (events) => {
      order.push(`store ${events.length}`);
    });
    expect(stored.status).toBeLessThan(300);
    expect(order).toEqual(['store', 'store 1']);
    // Refused requests store nothing.
    let calls = 0;
    const refused = await host.receiveWebhook(rec.id, { ...request, headers: {} }, async () => {
      calls++;
    });
    expect([refused.status, calls]).toEqual([401, 0]);
  });

  it('disables a plugin whose setup breaks the contract', async () => {
    const liar = definePlugin({
      name: 'liar',
      version: '1.0.0',
      apiVersion: 1,
      configSchema: z.object({}),
      capabilities: ['gif'],
      setup: () => ({}) as never,
    });
    const host = createPluginHost({
      plugins: [liar],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: SECRET,
    });
    const r = await host.createInstall({ accountId: 'a', name: 'liar', config: {} });
    if (!r.ok) throw new Error('install');
    await expect(host.gif(r.install.id)).rejects.toMatchObject({ kind: 'invalid_plugin', plugin: 'liar' });
    expect(await host.health(r.install.id)).toMatchObject({ health: 'disabled' });
  });

  it('refuses invalid plugin definitions without crashing and lists valid ones with their schema', () => {
    const logger = createTestLogger();
    const host = createPluginHost({
      plugins: [echo, { ...echo, name: 'Bad Name', apiVersion: 99 } as never, echo],
      logger,
      storage: createMemoryStorage(),
      secretKey: SECRET,
    });
    const list = host.listPlugins();
    expect(list.map((p) => p.name)).toEqual(['channel-echo']);
    expect(list[0]!.secretFields).toEqual(['token']);
    expect(list[0]!.configSchema).toMatchObject({ properties: { token: { secret: true } } });
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });

  it('polls installs on an interval and hands events over', async () => {
    let polled = 0;
    const poller = definePlugin({
      name: 'poller',
      version: '1.0.0',
      apiVersion: 1,
      configSchema: z.object({}),
      capabilities: ['channel'],
      setup: () => ({
        channel: {
          features: { attachments: false },
          send: async () => ({ externalMessageId: '1' }),
          poll: async () => {
            polled += 1;
            return [
              {
                type: 'message' as const,
                externalMessageId: `p${polled}`,
                contact: { externalId: 'c' },
                text: 't',
                attachments: [],
                sentAt: new Date(),
              },
            ];
          },
        },
      }),
    });
    const host = createPluginHost({
      plugins: [poller],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: SECRET,
    });
    const r = await host.createInstall({ accountId: 'a', name: 'poller', config: {} });
    if (!r.ok) throw new Error('install');
    const got: string[] = [];
    const stop = host.startPolling({
      intervalMs: 5,
      installIds: async () => [r.install.id],
      onEvents: async (_id, events) => {
        for (const e of events) if (e.type === 'message') got.push(e.externalMessageId);
      },
    });
    await new Promise((res) => setTimeout(res, 60));
    await stop();
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(got[0]).toBe('p1');
    await host.close();
  });
});
