import { validateConfig } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import { createPluginHost, type PluginHost } from '../host/host.js';
import { createMemoryStorage } from '../host/storage.js';
import { validatePlugin } from '../host/validate.js';
import type { Outbound, PluginContext, WebhookRequest } from '../types.js';
import { createTestLogger } from './logger.js';

export interface ProviderHandle {
  url: string;
  close(): void | Promise<void>;
}

export interface ContractEnv {
  /** The URL of the provider started by `options.provider`, if any. */
  providerUrl?: string;
}

export interface ContractOptions {
  /** A config that works (against the provider when one is given). */
  validConfig: Record<string, unknown> | ((env: ContractEnv) => Record<string, unknown>);
  /** A config the schema must refuse (with field errors). */
  invalidConfig?: unknown;
  /** Start a local fake of the provider; its URL is passed to `validConfig`. */
  provider?: () => Promise<ProviderHandle>;
  /** Deadline of one plugin call in the kit's host (default 2000 ms). */
  timeoutMs?: number;
  channel?: {
    /** Where `send` sends in the test (default `{ externalId: 'contract-test' }`). */
    to?: Outbound['to'];
    /** A correctly signed webhook request carrying at least one message. */
    signedWebhook?: (
      env: ContractEnv & { config: Record<string, unknown>; ctx: PluginContext },
    ) => WebhookRequest | Promise<WebhookRequest>;
  };
  translator?: { text?: string; to?: string };
  gif?: { query?: string };
}

export interface ContractCheck {
  name: string;
  run(env: ContractEnv): Promise<void>;
}

export interface ContractSuite {
  checks: ContractCheck[];
  start(): Promise<ContractEnv>;
  stop(): Promise<void>;
}

export interface ContractReport {
  plugin: string;
  passed: number;
  failed: number;
  results: { name: string; ok: boolean; error?: string }[];
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const SECRET = 'contract-kit-secret-key-000000';

interface Harness {
  host: PluginHost;
  installId: string;
  config: Record<string, unknown>;
  fetchCalls: () => number;
  ctx: () => PluginContext | undefined;
}

type FetchMode = 'real' | 'fail' | 'hang';

/**
 * A host with in-memory storage and one install of `plugin`. `fetchMode` makes the network fail or
 * hang to check that the plugin surfaces it.
 */
async function harness(
  plugin: AnyPlugin,
  options: ContractOptions,
  env: ContractEnv,
  fetchMode: FetchMode = 'real',
): Promise<Harness> {
  let calls = 0;
  let captured: PluginContext | undefined;
  const fetchImpl: typeof fetch = async (input, init) => {
    calls += 1;
    if (fetchMode === 'fail') throw new TypeError('fetch failed');
    if (fetchMode === 'hang') {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }),
      );
    }
    return fetch(input, init);
  };
  // Capture the context the host builds, without changing the plugin's behaviour.
  const spy: AnyPlugin = {
    ...plugin,
    setup: (ctx) => {
      captured = ctx;
      return plugin.setup(ctx);
    },
  };
  const timeoutMs = options.timeoutMs ?? 2000;
  const host = createPluginHost({
    plugins: [spy],
    logger: createTestLogger(),
    storage: createMemoryStorage(),
    secretKey: SECRET,
    fetchImpl,
    defaults: {
      callTimeoutMs: timeoutMs,
      setupTimeoutMs: timeoutMs,
      pollTimeoutMs: timeoutMs,
      fetchTimeoutMs: timeoutMs * 2,
      maxFailures: 1000,
    },
    webhookUrl: (r) => `https://parley.test/hooks/${r.id}`,
  });
  const config = typeof options.validConfig === 'function' ? options.validConfig(env) : options.validConfig;
  const result = await host.createInstall({ accountId: 'contract', name: plugin.name, config });
  if (!result.ok) throw new Error(`validConfig refused: ${JSON.stringify(result.errors)}`);
  return {
    host,
    installId: result.install.id,
    config: host.openConfig(plugin.name, result.install.config),
    fetchCalls: () => calls,
    ctx: () => captured,
  };
}

/** One call per declared capability, for the failure checks. */
async function exercise(plugin: AnyPlugin, h: Harness, options: ContractOptions): Promise<void> {
  const install = await h.host.use(h.installId);
  if (install.channel) {
    await install.channel.send({
      to: options.channel?.to ?? { externalId: 'contract-test' },
      text: 'contract',
    });
  }
  if (install.translator) {
    await install.translator.translate({
      text: options.translator?.text ?? 'Hello',
      to: options.translator?.to ?? 'de',
    });
  }
  if (install.gif) await install.gif.search({ query: options.gif?.query ?? 'cat', limit: 2 });
  void plugin;
}

/** The contract checks of a plugin, framework-agnostic. */
export function pluginContract(plugin: AnyPlugin, options: ContractOptions): ContractSuite {
  let provider: ProviderHandle | undefined;
  const env: ContractEnv = {};
  const checks: ContractCheck[] = [];
  const check = (name: string, run: ContractCheck['run']) => checks.push({ name, run });
  const declares = (c: string) => (plugin.capabilities as readonly string[]).includes(c);

  check('has valid metadata (name, semver version, supported apiVersion, capabilities)', async () => {
    const result = validatePlugin(plugin);
    assert(result.ok, `invalid plugin: ${result.ok ? '' : result.problems.join('; ')}`);
  });

  check('config schema accepts validConfig', async (e) => {
    const config = typeof options.validConfig === 'function' ? options.validConfig(e) : options.validConfig;
    const result = validateConfig(plugin, config);
    assert(result.ok, `validConfig refused: ${result.ok ? '' : JSON.stringify(result.errors)}`);
  });

  if (options.invalidConfig !== undefined) {
    check('config schema refuses invalidConfig with field errors', async () => {
      const result = validateConfig(plugin, options.invalidConfig);
      assert(!result.ok, 'invalidConfig was accepted');
      assert(Object.keys(result.errors).length > 0, 'no field errors');
    });
  }

  check('setup returns exactly the declared capabilities', async (e) => {
    const h = await harness(plugin, options, e);
    try {
      await h.host.use(h.installId);
    } finally {
      await h.host.close();
    }
  });

  if (declares('channel')) {
    check('channel: declares features and send returns an externalMessageId', async (e) => {
      const h = await harness(plugin, options, e);
      try {
        const channel = await h.host.channel(h.installId);
        assert(typeof channel.features.attachments === 'boolean', 'features.attachments must be boolean');
        const to = options.channel?.to ?? { externalId: 'contract-test' };
        const sent = await channel.send({ to, text: 'Hello from the contract kit' });
        assert(typeof sent?.externalMessageId === 'string' && sent.externalMessageId, 'no externalMessageId');
      } finally {
        await h.host.close();
      }
    });

    check('channel: refuses an unsigned webhook request', async (e) => {
      const h = await harness(plugin, options, e);
      try {
        const channel = await h.host.channel(h.installId);
        if (!channel.handleWebhook) return;
        const result = await channel.handleWebhook({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          query: {},
          rawBody: Buffer.from(JSON.stringify({ text: 'forged' })),
        });
        assert(result.response.status >= 400, `unsigned request answered ${result.response.status}`);
        assert(result.events.length === 0, 'unsigned request produced events');
      } finally {
        await h.host.close();
      }
    });

    const signed = options.channel?.signedWebhook;
    if (signed) {
      check(
        'channel: a signed webhook yields messages; a redelivery yields the same ones, nothing new',
        async (e) => {
          const h = await harness(plugin, options, e);
          try {
            const channel = await h.host.channel(h.installId);
            assert(channel.handleWebhook, 'signedWebhook given but the channel has no handleWebhook');
            const ctx = h.ctx();
            assert(ctx, 'setup was not called');
            const request = await signed({ ...e, config: h.config, ctx });
            const first = await channel.handleWebhook(request);
            assert(first.response.status < 300, `signed request answered ${first.response.status}`);
            const messages = first.events.filter((ev) => ev.type === 'message');
            assert(messages.length > 0, 'signed request produced no message');
            for (const m of messages) {
              assert(
                m.externalMessageId && m.contact?.externalId,
                'message without externalMessageId/contact',
              );
              assert(
                typeof m.text === 'string' && Array.isArray(m.attachments),
                'message without text/attachments',
              );
              assert(m.sentAt instanceof Date && !Number.isNaN(m.sentAt.getTime()), 'sentAt must be a Date');
            }
            // Providers redeliver what they think failed. Parley stores each id once, in the same
            // transaction as the message; a plugin that marks ids as seen itself loses the message
            // whenever storing the first delivery failed.
            const again = await channel.handleWebhook(request);
            const ids = new Set(messages.map((m) => m.externalMessageId));
            const repeated = new Set(
              again.events.flatMap((ev) => (ev.type === 'message' ? [ev.externalMessageId] : [])),
            );
            assert(
              [...repeated].every((id) => ids.has(id)),
              "a redelivered request produced messages with new ids (ids must be the provider's, not random)",
            );
            assert(
              [...ids].every((id) => repeated.has(id)),
              'a redelivered request lost messages: do not mark ids as seen in the plugin, Parley deduplicates them once stored',
            );
          } finally {
            await h.host.close();
          }
        },
      );
    }
  }

  if (declares('translator')) {
    check('translator: detect, translate and languages answer', async (e) => {
      const h = await harness(plugin, options, e);
      try {
        const t = await h.host.translator(h.installId);
        const text = options.translator?.text ?? 'Hello';
        const detected = await t.detect(text);
        assert(typeof detected.language === 'string' && detected.language, 'detect returned no language');
        const out = await t.translate({ text, to: options.translator?.to ?? 'de' });
        assert(typeof out.text === 'string' && out.text.length > 0, 'translate returned no text');
        const langs = await t.languages();
        assert(Array.isArray(langs) && langs.length > 0, 'languages returned nothing');
        assert(
          langs.every((l) => typeof l.code === 'string' && typeof l.name === 'string'),
          'bad language',
        );
      } finally {
        await h.host.close();
      }
    });
  }

  if (declares('gif')) {
    check('gif: search returns items with urls and sizes', async (e) => {
      const h = await harness(plugin, options, e);
      try {
        const g = await h.host.gif(h.installId);
        const { items } = await g.search({ query: options.gif?.query ?? 'cat', limit: 2 });
        assert(Array.isArray(items) && items.length > 0, 'search returned no items');
        assert(items.length <= 2, 'search ignored limit');
        for (const i of items) {
          assert(i.id && i.url && i.previewUrl, 'item without id/url/previewUrl');
          assert(Number.isFinite(i.width) && Number.isFinite(i.height), 'item without width/height');
          assert(typeof i.title === 'string', 'item without title');
        }
      } finally {
        await h.host.close();
      }
    });
  }

  check('surfaces a network failure as a PluginError (no silent fallback)', async (e) => {
    const h = await harness(plugin, options, e, 'fail');
    try {
      let error: unknown;
      try {
        await exercise(plugin, h, options);
      } catch (thrown) {
        error = thrown;
      }
      if (h.fetchCalls() === 0) return; // the plugin does not use ctx.fetch
      assert(error instanceof PluginError, 'a failing provider did not make the call fail');
      assert(error.plugin === plugin.name, 'the error is not stamped with the plugin name');
    } finally {
      await h.host.close();
    }
  });

  check('a hanging provider ends in a timeout, not a hang', async (e) => {
    const h = await harness(plugin, options, e, 'hang');
    try {
      let error: unknown;
      try {
        await exercise(plugin, h, options);
      } catch (thrown) {
        error = thrown;
      }
      if (h.fetchCalls() === 0) return;
      assert(error instanceof PluginError, 'a hanging provider did not make the call fail');
      assert(error.kind === 'timeout', `expected a timeout, got ${error.kind}: ${error.message}`);
    } finally {
      await h.host.close();
    }
  });

  check('dispose releases the install and aborts its signal', async (e) => {
    const h = await harness(plugin, options, e);
    await h.host.use(h.installId);
    const ctx = h.ctx();
    assert(ctx, 'setup was not called');
    await h.host.unload(h.installId);
    assert(ctx.signal.aborted, 'signal not aborted after dispose');
  });

  return {
    checks,
    async start() {
      if (options.provider) {
        provider = await options.provider();
        env.providerUrl = provider.url;
      }
      return env;
    },
    async stop() {
      await provider?.close();
      provider = undefined;
    },
  };
}

/** Run every check and report (for any test runner, or a script). */
export async function checkPluginContract(
  plugin: AnyPlugin,
  options: ContractOptions,
): Promise<ContractReport> {
  const suite = pluginContract(plugin, options);
  const env = await suite.start();
  const results: ContractReport['results'] = [];
  try {
    for (const c of suite.checks) {
      try {
        await c.run(env);
        results.push({ name: c.name, ok: true });
      } catch (error) {
        results.push({ name: c.name, ok: false, error: (error as Error)?.message ?? String(error) });
      }
    }
  } finally {
    await suite.stop();
  }
  const failed = results.filter((r) => !r.ok).length;
  return { plugin: plugin.name, passed: results.length - failed, failed, results };
}
