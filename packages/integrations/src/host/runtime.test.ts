import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginError } from '@parley/plugin-sdk';
import { createMemoryStorage } from '@parley/plugin-sdk/host';
import { createTestLogger } from '@parley/plugin-sdk/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPluginRuntime, type PluginRuntime, type PluginRuntimeOptions } from './runtime.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/plugins/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);
/** Workers start in about a second on a loaded machine: wait for conditions that long and more. */
const patiently = { timeout: 15_000, interval: 50 };

/** Fast limits so each misbehaviour shows within a second or two. */
const limits = {
  memoryMb: 96,
  pingIntervalMs: 100,
  stallMs: 1000,
  // Long enough for a worker to start on a busy machine; the blocking import waits it out.
  importTimeoutMs: 8000,
  restartDelayMs: 50,
  maxRestartDelayMs: 200,
  drainMs: 500,
};

let provider: Server;
let providerUrl: string;
const runtimes: PluginRuntime[] = [];

beforeAll(async () => {
  // The provider behind ctx.fetch: answers every send with a real id.
  provider = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: `real-${req.url}` }));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.host.close()));
});

async function start(packages: string[], options: Partial<PluginRuntimeOptions> = {}) {
  const logger = createTestLogger();
  const runtime = await createPluginRuntime({
    builtins: [],
    packages,
    logger,
    storage: createMemoryStorage(),
    secretKey: 'test-secret-key-0123456789',
    limits,
    defaults: { retry: { attempts: 1 }, maxFailures: 5 },
    ...options,
  });
  runtimes.push(runtime);
  return { runtime, host: runtime.host, logger };
}

async function install(runtime: PluginRuntime, name: string) {
  const result = await runtime.host.createInstall({
    accountId: 'acc-1',
    name,
    config: { baseUrl: providerUrl },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.install.id;
}

const webhook = (text: string) => ({ method: 'POST', headers: {}, query: {}, rawBody: Buffer.from(text) });
const message = { to: { externalId: 'u-1' }, text: 'hello' };

async function failureOf(promise: Promise<unknown>): Promise<PluginError> {
  try {
    await promise;
  } catch (error) {
    return error as PluginError;
  }
  throw new Error('expected the call to fail');
}

describe('plugin workers', { timeout: 30_000 }, () => {
  it('runs a third-party package in a worker behind the usual host surface', async () => {
    const { runtime, host } = await start([fixture('well-behaved')]);
    expect(host.listPlugins().map((p) => p.name)).toEqual(['parley-plugin-well-behaved']);
    const id = await install(runtime, 'parley-plugin-well-behaved');
    // ctx.fetch goes through the host's guarded fetch to the provider.
    expect(await host.send(id, message)).toEqual({ externalMessageId: 'real-/send' });
    const received = await host.handleWebhook(id, webhook('hi there'));
    expect(received.response).toEqual({ status: 200, body: 'ok' });
    expect(received.events).toMatchObject([
      { type: 'message', text: 'hi there', contact: { externalId: 'u-1' } },
    ]);
    expect((received.events[0] as { sentAt: unknown }).sentAt).toBeInstanceOf(Date);
    expect(runtime.status()).toMatchObject([
      { specifier: fixture('well-behaved'), isolated: true, state: 'running', restarts: 0 },
    ]);
  });

  it('runs a third-party phone plugin in a worker: dial, webhook events and rates through the host surface', async () => {
    const { runtime, host } = await start([fixture('phone-bridge')]);
    expect(host.getPlugin('parley-plugin-phone-bridge')?.rates).toEqual({
      perMinute: [{ prefix: '90', amount: 5 }],
      otherwise: 20,
    });
    const id = await install(runtime, 'parley-plugin-phone-bridge');
    expect(await host.dial(id, { to: '+905321234567', agentNumber: '+15550002222', callId: 'c-1' })).toEqual({
      externalCallId: 'real-/dial',
    });
    const delivered: unknown[] = [];
    const response = await host.receivePhoneWebhook(id, webhook('CA1 completed 61'), async (events) => {
      delivered.push(...events);
    });
    expect(response).toEqual({ status: 200, headers: { 'content-type': 'text/xml' }, body: '<Response/>' });
    expect(delivered).toMatchObject([
      { type: 'call.status', externalCallId: 'CA1', status: 'completed', durationSec: 61 },
    ]);
    expect((delivered[0] as { at: unknown }).at).toBeInstanceOf(Date);
    // A malformed event is the plugin's fault, named, and nothing is delivered.
    const error = await failureOf(host.receivePhoneWebhook(id, webhook('CA1 bad'), async () => {}));
    expect(error.message).toMatch(
      /phone\.handleWebhook returned invalid events: events\[0\]\.at must be a valid Date/,
    );
    expect(error.plugin).toBe('parley-plugin-phone-bridge');
  });

  it('runs a third-party billing plugin in a worker: checkout and webhook events through the host surface', async () => {
    const { runtime, host } = await start([fixture('billing-simple')]);
    const id = await install(runtime, 'parley-plugin-billing-simple');
    const input = {
      account: 'acc-1',
      priceRef: 'price_1',
      customerEmail: 'o@example.com',
      successUrl: 'https://parley.example/ok',
      cancelUrl: 'https://parley.example/no',
    };
    expect(await host.createCheckout(id, input)).toEqual({
      url: 'https://pay.example/real-%2Fcheckout',
      sessionRef: 'real-/checkout',
    });
    const delivered: unknown[] = [];
    const response = await host.receiveBillingWebhook(id, webhook('evt_1 acc-1 1500'), async (events) => {
      delivered.push(...events);
    });
    expect(response).toEqual({ status: 200, body: 'ok' });
    expect(delivered).toMatchObject([
      { type: 'topup.paid', eventRef: 'evt_1', amountMinor: 1500, ref: 'pi_evt_1' },
    ]);
    expect((delivered[0] as { at: unknown }).at).toBeInstanceOf(Date);
    const error = await failureOf(host.receiveBillingWebhook(id, webhook('evt_2 acc-1 bad'), async () => {}));
    expect(error.message).toMatch(
      /billing\.webhook returned invalid events: events\[0\]\.at must be a valid Date/,
    );
    expect(error.plugin).toBe('parley-plugin-billing-simple');
  });

  it('validates configs with the plugin’s own schema in its worker', async () => {
    const { runtime, host } = await start([fixture('well-behaved')]);
    const refused = await host.createInstall({
      accountId: 'acc-1',
      name: 'parley-plugin-well-behaved',
      config: { baseUrl: 'not a url' },
    });
    expect(refused).toEqual({ ok: false, errors: { baseUrl: 'validation.url' } });
    expect(host.validateConfig('parley-plugin-well-behaved', { baseUrl: 'nope' }).ok).toBe(false);
    expect(host.listPlugins()[0]?.urlFields).toEqual(['baseUrl']);
    expect(runtime.loadErrors()).toEqual([]);
  });

  it('survives process.exit in a webhook: the call fails naming it, the worker restarts, other plugins carry on', async () => {
    const { runtime, host } = await start([fixture('exit-in-webhook'), fixture('well-behaved')]);
    const bad = await install(runtime, 'parley-plugin-exit-in-webhook');
    const good = await install(runtime, 'parley-plugin-well-behaved');
    const error = await failureOf(host.handleWebhook(bad, webhook('exit')));
    expect(error).toBeInstanceOf(PluginError);
    expect(error.message).toMatch(/exited \(process\.exit\(3\) in the plugin\)/);
    expect((await host.health(bad)).lastError).toMatch(
      /\[parley-plugin-exit-in-webhook\] worker exited \(process\.exit\(3\)/,
    );
    expect((await host.handleWebhook(good, webhook('still here'))).events).toHaveLength(1);
    // Restarted with backoff: the install starts again in the new worker.
    await vi.waitFor(
      () => expect(runtime.status()[0]).toMatchObject({ state: 'running', restarts: 1 }),
      patiently,
    );
    expect((await host.handleWebhook(bad, webhook('fine now'))).events).toHaveLength(1);
    expect((await host.health(bad)).health).toBe('ok');
  });

  it('disables the install after repeated crashes', async () => {
    const { runtime, host } = await start([fixture('exit-in-webhook')], {
      defaults: { retry: { attempts: 1 }, maxFailures: 3 },
      limits: { ...limits, maxCrashes: 4 },
    });
    const id = await install(runtime, 'parley-plugin-exit-in-webhook');
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(runtime.status()[0]?.state).toBe('running'), patiently);
      await failureOf(host.handleWebhook(id, webhook('exit')));
    }
    expect(await host.health(id)).toMatchObject({
      health: 'disabled',
      enabled: false,
      disabledReason: expect.stringMatching(
        /too_many_failures: \[parley-plugin-exit-in-webhook\] worker exited/,
      ),
    });
  });

  it('terminates a worker whose handler never yields (for(;;){}) within seconds', async () => {
    const { runtime, host } = await start([fixture('busy-loop'), fixture('well-behaved')], {
      defaults: { retry: { attempts: 1 }, callTimeoutMs: 20_000 },
    });
    const bad = await install(runtime, 'parley-plugin-busy-loop');
    const good = await install(runtime, 'parley-plugin-well-behaved');
    const started = Date.now();
    const error = await failureOf(host.send(bad, message));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.message).toMatch(/stalled: its event loop was blocked for over 1 s/);
    expect((await host.health(bad)).lastError).toMatch(/\[parley-plugin-busy-loop\] worker stalled/);
    expect(await host.send(good, message)).toEqual({ externalMessageId: 'real-/send' });
  });

  it('attributes a throw in a timer and an unhandled rejection to the plugin, outside any call', async () => {
    const { runtime, host } = await start([fixture('timer-throw'), fixture('unhandled-rejection')]);
    const timer = await install(runtime, 'parley-plugin-timer-throw');
    const rejection = await install(runtime, 'parley-plugin-unhandled-rejection');
    await host.channel(timer);
    await host.channel(rejection);
    await vi.waitFor(async () => {
      expect((await host.health(timer)).lastError).toMatch(
        /\[parley-plugin-timer-throw\] worker crashed: uncaught Error: boom in a timer/,
      );
      expect((await host.health(rejection)).lastError).toMatch(
        /\[parley-plugin-unhandled-rejection\] worker crashed: .*nobody caught me/,
      );
    }, patiently);
    expect((await host.health(timer)).failures).toBe(1);
  });

  it('terminates a worker over its memory limit and keeps the server’s memory bounded', async () => {
    const { runtime, host } = await start([fixture('leak')]);
    const id = await install(runtime, 'parley-plugin-leak');
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    for (let i = 0; i < 6; i++) {
      await vi.waitFor(() => expect(runtime.status()[0]?.state).toBe('running'), patiently);
      await host.handleWebhook(id, webhook('leak')).catch(() => {});
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await vi.waitFor(() => expect(runtime.status()[0]?.restarts).toBeGreaterThanOrEqual(1), patiently);
    expect(runtime.status()[0]?.lastFault).toMatch(/over its 96 MB memory limit|ran out of memory/);
    // Six webhooks would have kept 300 MB; the limit keeps it near two.
    expect(peak - rssBefore).toBeLessThan(250 * 1024 * 1024);
    expect((await host.health(id)).lastError).toMatch(/\[parley-plugin-leak\] worker .*memory/);
  });

  it('keeps a plugin’s replaced globalThis.fetch to itself', async () => {
    const realFetch = globalThis.fetch;
    const { runtime, host } = await start([fixture('fetch-hijacker'), fixture('well-behaved')]);
    const hijacker = await install(runtime, 'parley-plugin-fetch-hijacker');
    const neighbour = await install(runtime, 'parley-plugin-well-behaved');
    // Its own global fetch answers its own calls...
    expect(await host.send(hijacker, message)).toEqual({ externalMessageId: 'hijacked' });
    // ...but neither the server's nor another plugin's.
    expect(globalThis.fetch).toBe(realFetch);
    expect(await host.send(neighbour, message)).toEqual({ externalMessageId: 'real-/send' });
  });

  it('reports a package that exits or blocks while importing, and loads the others', async () => {
    const { runtime, host } = await start([
      fixture('exit-at-import'),
      fixture('blocks-import'),
      fixture('well-behaved'),
    ]);
    expect(runtime.loadErrors()).toEqual([
      {
        specifier: fixture('exit-at-import'),
        problems: [expect.stringMatching(/import failed: exited \(process\.exit\(1\) in the plugin\)/)],
      },
      {
        specifier: fixture('blocks-import'),
        problems: [expect.stringMatching(/import did not finish within 8 s/)],
      },
    ]);
    expect(host.listPlugins().map((p) => p.name)).toEqual(['parley-plugin-well-behaved']);
  });
});

describe('loading while the server runs', { timeout: 30_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-plugin-reload-'));
    await cp(fixture('well-behaved'), join(dir, 'pkg'), { recursive: true });
    await cp(join(fixtures, 'channel.js'), join(dir, 'channel.js'));
    // The copy imports zod as the fixtures do: from the repository's node_modules.
    await symlink(
      fileURLToPath(new URL('../../../../node_modules', import.meta.url)),
      join(dir, 'node_modules'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function writeVersion(version: string) {
    const pkg = JSON.parse(await readFile(join(dir, 'pkg', 'package.json'), 'utf8'));
    await writeFile(join(dir, 'pkg', 'package.json'), JSON.stringify({ ...pkg, version }));
    await writeFile(
      join(dir, 'pkg', 'index.js'),
      `import { channelPlugin } from '../channel.js';\nexport default channelPlugin('parley-plugin-well-behaved', { version: '${version}', answer: 'v${version}' });\n`,
    );
  }

  it('upgrades a package in a new worker, then unloads it, without a restart', async () => {
    await writeVersion('1.0.0');
    const specifier = join(dir, 'pkg');
    const { runtime, host } = await start([specifier]);
    const id = await install(runtime, 'parley-plugin-well-behaved');
    expect((await host.handleWebhook(id, webhook('a'))).response.body).toBe('v1.0.0');

    await writeVersion('2.0.0');
    expect(await runtime.load(specifier)).toEqual({
      ok: true,
      plugins: ['parley-plugin-well-behaved'],
      version: '2.0.0',
    });
    expect(host.listPlugins()[0]?.version).toBe('2.0.0');
    expect((await host.handleWebhook(id, webhook('b'))).response.body).toBe('v2.0.0');
    expect(runtime.status()).toMatchObject([{ version: '2.0.0', state: 'running' }]);

    // A broken new version is refused and the running one stays.
    await writeFile(join(dir, 'pkg', 'index.js'), 'process.exit(2);\n');
    expect(await runtime.load(specifier)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/exited/)],
    });
    expect((await host.handleWebhook(id, webhook('c'))).response.body).toBe('v2.0.0');

    expect(await runtime.unload(specifier)).toBe(true);
    expect(host.getPlugin('parley-plugin-well-behaved')).toBeUndefined();
    expect(runtime.status()).toEqual([]);
    expect(runtime.loadErrors()).toEqual([]);
    await expect(host.handleWebhook(id, webhook('d'))).rejects.toThrow(/is not loaded/);
  });

  it('takes over from a version loaded from another folder (a package installed per version)', async () => {
    await writeVersion('1.0.0');
    const first = join(dir, 'pkg');
    const { runtime, host } = await start([first]);
    const id = await install(runtime, 'parley-plugin-well-behaved');
    expect((await host.handleWebhook(id, webhook('a'))).response.body).toBe('v1.0.0');

    const second = join(dir, 'pkg-2');
    await cp(first, second, { recursive: true });
    const pkg = JSON.parse(await readFile(join(second, 'package.json'), 'utf8'));
    await writeFile(join(second, 'package.json'), JSON.stringify({ ...pkg, version: '2.0.0' }));
    await writeFile(
      join(second, 'index.js'),
      `import { channelPlugin } from '../channel.js';\nexport default channelPlugin('parley-plugin-well-behaved', { version: '2.0.0', answer: 'v2.0.0' });\n`,
    );
    // Without `replaces` the name is taken; with it, the new folder's version takes over.
    expect(await runtime.load(second)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/already used/)],
    });
    expect(await runtime.load(second, { replaces: first })).toMatchObject({ ok: true, version: '2.0.0' });
    expect(runtime.status()).toMatchObject([{ specifier: second, version: '2.0.0', state: 'running' }]);
    expect(runtime.loadErrors()).toEqual([]);
    expect((await host.handleWebhook(id, webhook('b'))).response.body).toBe('v2.0.0');
  });
});
