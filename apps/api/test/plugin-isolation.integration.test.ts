import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pluginRuntimeOf } from '../src/domain/integrations/host';
import { type RunningServer, startServer } from '../src/server';
import { postWebhook } from './channels';
import { callerFor, createTestDeps, seedAccount, type TestDeps } from './harness';

// Third-party plugins run in worker threads: whatever one does (exit, spin, throw from a timer,
// leak, replace globals, block its import), the server keeps serving /healthz and other accounts'
// chats, and the plugin's health on the Integrations page names what went wrong.

const fixtures = fileURLToPath(
  new URL('../../../packages/integrations/test/fixtures/plugins/', import.meta.url),
);
const misbehaving = [
  'exit-in-webhook',
  'busy-loop',
  'timer-throw',
  'unhandled-rejection',
  'leak',
  'fetch-hijacker',
] as const;
const patiently = { timeout: 20_000, interval: 100 };

let deps: TestDeps;
let server: RunningServer;
let good: Awaited<ReturnType<typeof seedAccount>>;
let bad: Awaited<ReturnType<typeof seedAccount>>;
let goodInstall: string;
const installs: Record<string, string> = {};

beforeAll(async () => {
  deps = await createTestDeps({
    plugins: [...misbehaving, 'exit-at-import', 'blocks-import', 'well-behaved'].map((p) => fixtures + p),
    workerLimits: {
      memoryMb: 96,
      pingIntervalMs: 200,
      stallMs: 1500,
      importTimeoutMs: 8000,
      restartDelayMs: 100,
      maxRestartDelayMs: 500,
    },
  });
  server = await startServer(deps);
  good = await seedAccount(deps, 'Good neighbour');
  bad = await seedAccount(deps, 'Bad plugins');
  const addChannel = async (account: typeof good, fixture: string) =>
    (
      await callerFor(deps, account.owner.token).integrations.addChannel({
        plugin: `parley-plugin-${fixture}`,
        name: fixture,
        config: {},
      })
    ).installId;
  goodInstall = await addChannel(good, 'well-behaved');
  for (const fixture of misbehaving) installs[fixture] = await addChannel(bad, fixture);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await deps?.cleanup();
});

const webhook = (text: string) => ({ method: 'POST', headers: {}, query: {}, rawBody: Buffer.from(text) });

/** /healthz answers and a message to the other account's plugin channel lands in its inbox. */
async function stillServing(text: string) {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect((await postWebhook(server.url, goodInstall, webhook(text))).status).toBe(200);
  await vi.waitFor(async () => {
    const stored = await deps.db.message.findFirst({ where: { accountId: good.account.id, body: text } });
    expect(stored).not.toBeNull();
  }, patiently);
}

async function healthOf(fixture: string) {
  const list = await callerFor(deps, bad.owner.token).integrations.list();
  return list.find((i) => i.id === installs[fixture]);
}

describe('isolated third-party plugins', { timeout: 60_000 }, () => {
  it('starts without the plugins that exit or block while importing, and says why', async () => {
    const refused = await callerFor(deps, bad.owner.token).integrations.loadErrors();
    expect(refused).toEqual([
      { specifier: `${fixtures}exit-at-import`, problems: [expect.stringMatching(/process\.exit\(1\)/)] },
      { specifier: `${fixtures}blocks-import`, problems: [expect.stringMatching(/import did not finish/)] },
    ]);
    await stillServing('after the imports');
  });

  it('process.exit in a webhook', async () => {
    const answer = await postWebhook(server.url, installs['exit-in-webhook']!, webhook('exit'));
    expect(answer.status).toBeGreaterThanOrEqual(500);
    await stillServing('after an exit');
    expect((await healthOf('exit-in-webhook'))?.lastError).toMatch(
      /\[parley-plugin-exit-in-webhook\] worker exited \(process\.exit\(3\)/,
    );
  });

  it('for(;;){} in a handler', async () => {
    const sending = deps.plugins.send(
      installs['busy-loop']!,
      { to: { externalId: 'u-1' }, text: 'hi' },
      { attempts: 1 },
    );
    await stillServing('while a plugin spins');
    await expect(sending).rejects.toThrow(/stalled: its event loop was blocked/);
    expect((await healthOf('busy-loop'))?.lastError).toMatch(/\[parley-plugin-busy-loop\] worker stalled/);
  });

  it('a throw in a timer and an unhandled rejection', async () => {
    await vi.waitFor(async () => {
      expect((await healthOf('timer-throw'))?.lastError).toMatch(
        /\[parley-plugin-timer-throw\] worker .*crashed: uncaught Error: boom in a timer/,
      );
      expect((await healthOf('unhandled-rejection'))?.lastError).toMatch(
        /\[parley-plugin-unhandled-rejection\] worker .*crashed: .*nobody caught me/,
      );
    }, patiently);
    await stillServing('after crashes in timers');
  });

  it('50 MB leaked per webhook', async () => {
    const runtime = pluginRuntimeOf(deps.plugins)!;
    const leak = () => runtime.status().find((p) => p.plugins.includes('parley-plugin-leak'))!;
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    for (let i = 0; i < 5; i++) {
      await vi.waitFor(() => expect(leak().state).toBe('running'), patiently);
      await postWebhook(server.url, installs.leak!, webhook(`leak ${i}`));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await vi.waitFor(() => expect(leak().restarts).toBeGreaterThanOrEqual(1), patiently);
    expect(peak - rssBefore).toBeLessThan(250 * 1024 * 1024);
    expect((await healthOf('leak'))?.lastError).toMatch(/\[parley-plugin-leak\] worker .*memory/);
    await stillServing('after a leak');
  });

  it('a plugin replacing globalThis.fetch', async () => {
    const realFetch = globalThis.fetch;
    const sent = await deps.plugins.send(installs['fetch-hijacker']!, {
      to: { externalId: 'u-1' },
      text: 'hi',
    });
    expect(sent).toEqual({ externalMessageId: 'hijacked' });
    expect(globalThis.fetch).toBe(realFetch);
    await stillServing('after a fetch hijack');
  });

  it('lists the installs of a plugin unloaded while the server runs as not loaded', async () => {
    const runtime = pluginRuntimeOf(deps.plugins)!;
    expect(await runtime.unload(`${fixtures}fetch-hijacker`)).toBe(true);
    const list = await callerFor(deps, bad.owner.token).integrations.list();
    expect(list.find((i) => i.id === installs['fetch-hijacker'])).toMatchObject({
      available: false,
      config: null,
    });
    expect(await runtime.load(`${fixtures}fetch-hijacker`)).toMatchObject({ ok: true });
    const again = await callerFor(deps, bad.owner.token).integrations.list();
    expect(again.find((i) => i.id === installs['fetch-hijacker'])).toMatchObject({ available: true });
  });

  it('reloads a plugin for the dev loop: its package again in a fresh worker, the installs carry on', async () => {
    deps.config.pluginDev = true;
    const owner = callerFor(deps, good.owner.token);
    const before = pluginRuntimeOf(deps.plugins)!
      .status()
      .find((pkg) => pkg.plugins.includes('parley-plugin-well-behaved'));
    const result = await owner.integrations.reloadPlugin({ name: 'parley-plugin-well-behaved' });
    expect(result).toMatchObject({ name: 'parley-plugin-well-behaved', version: '1.0.0' });
    expect(before?.specifier).toBe(`${fixtures}well-behaved`);
    await stillServing('after a reload');
    // A built-in plugin has no package to load again.
    expect(
      await owner.integrations.reloadPlugin({ name: 'channel-telegram' }).catch((e: unknown) => e),
    ).toMatchObject({ message: expect.stringMatching(/restart|not loaded/) });
  });
});
