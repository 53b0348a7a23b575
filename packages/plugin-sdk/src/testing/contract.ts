import { validateConfig } from '../config.js';
import type { AnyPlugin } from '../define-plugin.js';
import { PluginError } from '../errors.js';
import { billingEventProblems } from '../host/billing.js';
import { createPluginHost, type PluginHost } from '../host/host.js';
import { phoneEventProblems } from '../host/phone.js';
import { createMemoryStorage } from '../host/storage.js';
import { validatePlugin } from '../host/validate.js';
import type { DialInput, Outbound, PluginContext, WebhookRequest } from '../types.js';
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
    /**
     * The provider assigns message ids, so the id `send` returns must appear in its answer (default
     * true). Set false for a provider that answers without one (the plugin then makes its own).
     */
    providerAssignsIds?: boolean;
    /**
     * The provider signs the body (default true): a changed body must be refused. Set false for one
     * that authenticates with a secret token alone (Telegram); stripping it is still checked.
     */
    signsBody?: boolean;
  };
  translator?: { text?: string; to?: string };
  gif?: { query?: string };
  phone?: {
    /** What `dial` is called with in the test (bridge model; numbers E.164). */
    dial?: Partial<DialInput>;
    /** A correctly signed status callback or inbound call, carrying at least one call event. */
    signedWebhook?: (
      env: ContractEnv & { config: Record<string, unknown>; ctx: PluginContext },
    ) => WebhookRequest | Promise<WebhookRequest>;
  };
  billing?: {
    /** The provider's price id `createCheckout` and `changeSubscription` are called with. */
    priceRef?: string;
    /** An existing subscription of the provider (for `changeSubscription`/`cancelSubscription`). */
    subscriptionRef?: string | ((env: ContractEnv) => string | Promise<string>);
    /** A correctly signed webhook carrying at least one event (e.g. checkout completed). */
    signedWebhook?: (
      env: ContractEnv & { config: Record<string, unknown>; ctx: PluginContext },
    ) => WebhookRequest | Promise<WebhookRequest>;
    /** The same event signed long ago: it must be refused (replay). */
    staleWebhook?: (
      env: ContractEnv & { config: Record<string, unknown>; ctx: PluginContext },
    ) => WebhookRequest | Promise<WebhookRequest>;
  };
  /**
   * Settings written by earlier versions of the plugin (`fromVersion` is the version that wrote
   * them): `migrateConfig` must turn each into settings `configSchema` accepts, or, without
   * `migrateConfig`, they must still be accepted as they are. Set `needsAdmin` on a sample whose
   * upgrade rightly asks the admin (a new required field): its migration must then fail the schema
   * only on fields the admin can fill in.
   */
  migrations?: { fromVersion: string; config: Record<string, unknown>; needsAdmin?: boolean }[];
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

/** The real fetch, taken before any check replaces the global one to catch plugins bypassing ctx.fetch. */
const realFetch = globalThis.fetch;

interface Harness {
  host: PluginHost;
  installId: string;
  config: Record<string, unknown>;
  fetchCalls: () => number;
  /** What went through ctx.fetch: each request's URL and body, and each real answer's body. */
  traffic: { requests: string[]; responses: string[] };
  ctx: () => PluginContext | undefined;
}

/** The network works, fails, hangs, or the provider answers with this HTTP status. */
type FetchMode = 'real' | 'fail' | 'hang' | { status: number };

/** A refusal as providers word them (Telegram's ok/description, Meta's error object, plain error). */
function simulatedAnswer(status: number): Response {
  const body = {
    ok: false,
    error_code: status,
    description: 'simulated by the contract kit',
    error: { message: 'simulated by the contract kit', code: status },
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '1' } : {}) },
  });
}

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
  const traffic: Harness['traffic'] = { requests: [], responses: [] };
  const fetchImpl: typeof fetch = async (input, init) => {
    calls += 1;
    try {
      const request = new Request(input, init);
      traffic.requests.push(`${decodeURIComponent(request.url)}\n${await request.text()}`);
    } catch {
      traffic.requests.push(String(input));
    }
    if (fetchMode === 'fail') throw new TypeError('fetch failed');
    if (fetchMode === 'hang') {
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }),
      );
    }
    if (typeof fetchMode === 'object') return simulatedAnswer(fetchMode.status);
    const response = await realFetch(input, init);
    traffic.responses.push(
      await response
        .clone()
        .text()
        .catch(() => ''),
    );
    return response;
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
    traffic,
    ctx: () => captured,
  };
}

/** Headers that carry no proof of origin; every other one of a signed sample is removed in turn. */
const PLAIN_HEADERS = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'accept',
  'accept-encoding',
  'host',
  'connection',
]);

/** The same request with a changed body: a JSON string value gains a character, else a byte flips. */
function tamper(body: Buffer): Buffer {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    let changed = false;
    const visit = (value: unknown): unknown => {
      if (!changed && typeof value === 'string') {
        changed = true;
        return `${value}!`;
      }
      if (Array.isArray(value)) return value.map(visit);
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
      }
      return value;
    };
    const out = visit(json);
    if (changed) return Buffer.from(JSON.stringify(out));
  } catch {
    // not JSON: flip a byte below
  }
  const copy = Buffer.from(body);
  if (copy.length) copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 1;
  return copy.length ? copy : Buffer.from('tampered');
}

/** The request with only headers that prove nothing, and no query (where tokens may travel). */
function stripped(request: WebhookRequest): WebhookRequest {
  return {
    ...request,
    query: {},
    headers: Object.fromEntries(
      Object.entries(request.headers).filter(([k]) => PLAIN_HEADERS.has(k.toLowerCase())),
    ),
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
  if (install.billing) {
    await install.billing.createCheckout(checkoutSample(options));
  }
  if (install.phone?.dial) {
    await install.phone.dial({
      to: '+905321234567',
      agentNumber: '+905551112233',
      callId: 'contract-call',
      ...options.phone?.dial,
    });
  }
  void plugin;
}

function checkoutSample(options: ContractOptions) {
  return {
    account: 'contract-account',
    priceRef: options.billing?.priceRef ?? 'price_contract',
    customerEmail: 'owner@example.com',
    successUrl: 'https://parley.example/pro?checkout=success',
    cancelUrl: 'https://parley.example/pro?checkout=cancel',
  };
}

/** What exercising the plugin threw (undefined when every call succeeded). */
async function failureOf(plugin: AnyPlugin, h: Harness, options: ContractOptions): Promise<unknown> {
  try {
    await exercise(plugin, h, options);
    return undefined;
  } catch (thrown) {
    return thrown;
  }
}

/** The contract checks of a plugin, framework-agnostic. */
export function pluginContract(plugin: AnyPlugin, options: ContractOptions): ContractSuite {
  let provider: ProviderHandle | undefined;
  const env: ContractEnv = {};
  const checks: ContractCheck[] = [];
  const check = (name: string, run: ContractCheck['run']) => checks.push({ name, run });
  /** Runs `run` against a fresh host with one install of the plugin, closed afterwards. */
  const withHost = async (e: ContractEnv, run: (h: Harness) => Promise<void>, fetchMode?: FetchMode) => {
    const h = await harness(plugin, options, e, fetchMode);
    try {
      await run(h);
    } finally {
      await h.host.close();
    }
  };
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

  if (plugin.migrateConfig || options.migrations?.length) {
    check('migrateConfig: earlier settings migrate to settings configSchema accepts', async (e) => {
      const current =
        typeof options.validConfig === 'function' ? options.validConfig(e) : options.validConfig;
      const samples = [
        // The current version's own settings go through unharmed (an install re-saved by it).
        { fromVersion: plugin.version, config: current, needsAdmin: false },
        ...(options.migrations ?? []),
      ];
      for (const sample of samples) {
        const input = structuredClone(sample.config);
        const migrated = plugin.migrateConfig
          ? await plugin.migrateConfig(sample.fromVersion, input)
          : sample.config;
        assert(
          JSON.stringify(input) === JSON.stringify(sample.config),
          `migrateConfig(${sample.fromVersion}) changed the config it was given: return a new object`,
        );
        assert(
          migrated && typeof migrated === 'object' && !Array.isArray(migrated),
          `migrateConfig(${sample.fromVersion}) returned ${JSON.stringify(migrated)}, not a config object`,
        );
        const result = validateConfig(plugin, migrated);
        if (sample.needsAdmin) {
          assert(
            !result.ok,
            `settings from ${sample.fromVersion} were marked needsAdmin but migrate cleanly`,
          );
          continue;
        }
        assert(
          result.ok,
          `settings from ${sample.fromVersion} do not fit configSchema after migration: ${result.ok ? '' : JSON.stringify(result.errors)}${plugin.migrateConfig ? '' : ' (declare migrateConfig)'}`,
        );
      }
    });
  }

  check('setup returns exactly the declared capabilities', async (e) => {
    await withHost(e, async (h) => {
      await h.host.use(h.installId);
    });
  });

  if (declares('channel')) {
    check('channel: declares features and send returns an externalMessageId', async (e) => {
      await withHost(e, async (h) => {
        const channel = await h.host.channel(h.installId);
        assert(typeof channel.features.attachments === 'boolean', 'features.attachments must be boolean');
        const to = options.channel?.to ?? { externalId: 'contract-test' };
        const text = `Hello from the contract kit ${Math.random().toString(36).slice(2, 10)}`;
        const sent = await channel.send({ to, text });
        assert(typeof sent?.externalMessageId === 'string' && sent.externalMessageId, 'no externalMessageId');
        if (h.fetchCalls() === 0) return; // not an HTTP provider (email): nothing more to see here
        const carrying = h.traffic.requests.filter(
          (r) => r.includes(text) || r.includes(text.replaceAll(' ', '+')),
        );
        assert(carrying.length > 0, 'the text of the message was not sent to the provider through ctx.fetch');
        assert(
          carrying.some((r) => r.includes(to.externalId)),
          `the message was not addressed to the recipient (${to.externalId}): send to outbound.to.externalId`,
        );
        if (options.channel?.providerAssignsIds !== false) {
          const parts = sent.externalMessageId.split(/[:/|#]/).filter(Boolean);
          assert(
            parts.some((part) => h.traffic.responses.some((body) => body.includes(part))),
            `send returned "${sent.externalMessageId}", which the provider's answer does not contain: return the id the provider gave the message (or set channel.providerAssignsIds: false)`,
          );
        }
      });
    });

    check('channel: refuses an unsigned webhook request', async (e) => {
      await withHost(e, async (h) => {
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
      });
    });

    const signed = options.channel?.signedWebhook;
    /** The author's own signed sample, made for this install, and the channel's webhook handler. */
    const signedSample = async (h: Harness, e: ContractEnv, sign: NonNullable<typeof signed>) => {
      const channel = await h.host.channel(h.installId);
      const handleWebhook = channel.handleWebhook?.bind(channel);
      assert(handleWebhook, 'signedWebhook given but the channel has no handleWebhook');
      const ctx = h.ctx();
      assert(ctx, 'setup was not called');
      return { handleWebhook, request: await sign({ ...e, config: h.config, ctx }) };
    };
    if (signed) {
      check(
        'channel: refuses the signed sample once tampered with or stripped of its signature',
        async (e) => {
          await withHost(e, async (h) => {
            const { handleWebhook, request } = await signedSample(h, e, signed);
            const variants: [string, WebhookRequest][] = [
              ...(options.channel?.signsBody === false
                ? []
                : [
                    ['its body changed after signing', { ...request, rawBody: tamper(request.rawBody) }] as [
                      string,
                      WebhookRequest,
                    ],
                  ]),
              ['its signature headers and query removed', stripped(request)],
              ...Object.keys(request.headers)
                .filter((name) => !PLAIN_HEADERS.has(name.toLowerCase()))
                .map((name): [string, WebhookRequest] => [
                  `its ${name} header removed`,
                  {
                    ...request,
                    headers: Object.fromEntries(Object.entries(request.headers).filter(([k]) => k !== name)),
                  },
                ]),
            ];
            for (const [what, variant] of variants) {
              const result = await handleWebhook(variant).catch((error: unknown) => {
                // Refusing by throwing is fine, as long as it says so as a PluginError.
                assert(error instanceof PluginError, `the signed sample with ${what} threw ${String(error)}`);
                return { response: { status: 401 }, events: [] };
              });
              assert(
                result.response.status >= 400 && result.events.length === 0,
                `the signed sample with ${what} was accepted (${result.response.status}, ${result.events.length} events): verify the signature over the raw body`,
              );
            }
          });
        },
      );

      check(
        'channel: a signed webhook yields messages; a redelivery yields the same ones, nothing new',
        async (e) => {
          await withHost(e, async (h) => {
            const { handleWebhook, request } = await signedSample(h, e, signed);
            const first = await handleWebhook(request);
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
            const again = await handleWebhook(request);
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
          });
        },
      );
    }
  }

  if (declares('translator')) {
    check('translator: detect, translate and languages answer', async (e) => {
      await withHost(e, async (h) => {
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
      });
    });
  }

  if (declares('gif')) {
    check('gif: search returns items with urls and sizes', async (e) => {
      await withHost(e, async (h) => {
        const g = await h.host.gif(h.installId);
        const { items } = await g.search({ query: options.gif?.query ?? 'cat', limit: 2 });
        assert(Array.isArray(items) && items.length > 0, 'search returned no items');
        assert(items.length <= 2, 'search ignored limit');
        for (const i of items) {
          assert(i.id && i.url && i.previewUrl, 'item without id/url/previewUrl');
          assert(Number.isFinite(i.width) && Number.isFinite(i.height), 'item without width/height');
          assert(typeof i.title === 'string', 'item without title');
        }
      });
    });
  }

  if (declares('phone')) {
    check('phone: dial returns the provider’s externalCallId (bridge model)', async (e) => {
      await withHost(e, async (h) => {
        const phone = await h.host.phone(h.installId);
        if (!phone.dial) return;
        const to = options.phone?.dial?.to ?? '+905321234567';
        const result = await h.host.dial(h.installId, {
          to,
          agentNumber: '+905551112233',
          callId: 'contract-call',
          ...options.phone?.dial,
        });
        assert(typeof result.externalCallId === 'string' && result.externalCallId, 'dial returned no id');
      });
    });

    check('phone: refuses an unsigned webhook request', async (e) => {
      await withHost(e, async (h) => {
        const phone = await h.host.phone(h.installId);
        if (!phone.handleWebhook) return;
        const result = await phone
          .handleWebhook({
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            query: {},
            rawBody: Buffer.from('CallSid=CAforged&CallStatus=completed&CallDuration=9999'),
          })
          .catch((error: unknown) => {
            assert(error instanceof PluginError, `an unsigned request threw ${String(error)}`);
            return { response: { status: 401 }, events: [] };
          });
        assert(result.response.status >= 400, `unsigned request answered ${result.response.status}`);
        assert(result.events.length === 0, 'unsigned request produced call events');
      });
    });

    const signedCall = options.phone?.signedWebhook;
    if (signedCall) {
      check('phone: a signed webhook yields valid call events; tampered or unsigned ones none', async (e) => {
        await withHost(e, async (h) => {
          const phone = await h.host.phone(h.installId);
          assert(phone.handleWebhook, 'signedWebhook given but the phone capability has no handleWebhook');
          const ctx = h.ctx();
          assert(ctx, 'setup was not called');
          const request = await signedCall({ ...e, config: h.config, ctx });
          const first = await phone.handleWebhook(request);
          assert(first.response.status < 300, `signed request answered ${first.response.status}`);
          assert(first.events.length > 0, 'signed request produced no call event');
          const problems = phoneEventProblems(first.events);
          assert(problems.length === 0, `invalid call events: ${problems.join('; ')}`);
          for (const [what, variant] of [
            ['its body changed after signing', { ...request, rawBody: tamper(request.rawBody) }],
            ['its signature headers and query removed', stripped(request)],
          ] as [string, WebhookRequest][]) {
            const result = await phone.handleWebhook(variant).catch((error: unknown) => {
              assert(error instanceof PluginError, `the signed sample with ${what} threw ${String(error)}`);
              return { response: { status: 401 }, events: [] };
            });
            assert(
              result.response.status >= 400 && result.events.length === 0,
              `the signed sample with ${what} was accepted (${result.response.status}, ${result.events.length} events)`,
            );
          }
        });
      });
    }
  }

  if (declares('billing')) {
    check('billing: createCheckout returns the provider’s page and session id', async (e) => {
      await withHost(e, async (h) => {
        const out = await h.host.createCheckout(h.installId, checkoutSample(options));
        assert(/^https?:\/\//.test(out.url), 'createCheckout returned no URL');
        assert(out.sessionRef, 'createCheckout returned no sessionRef');
        const topUp = await h.host.createTopUpCheckout(h.installId, {
          ...checkoutSample(options),
          amountMinor: 1000,
          currency: 'usd',
        });
        assert(/^https?:\/\//.test(topUp.url), 'createTopUpCheckout returned no URL');
      });
    });

    const subscription = options.billing?.subscriptionRef;
    if (subscription) {
      check(
        'billing: changeSubscription and cancelSubscription succeed on a live subscription',
        async (e) => {
          await withHost(e, async (h) => {
            const subscriptionRef = typeof subscription === 'function' ? await subscription(e) : subscription;
            await h.host.changeSubscription(h.installId, {
              subscriptionRef,
              priceRef: options.billing?.priceRef ?? 'price_contract',
            });
            await h.host.cancelSubscription(h.installId, { subscriptionRef, atPeriodEnd: true });
          });
        },
      );
    }

    check('billing: refuses an unsigned webhook request', async (e) => {
      await withHost(e, async (h) => {
        const billing = await h.host.billing(h.installId);
        const result = await billing
          .webhook({
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            query: {},
            rawBody: Buffer.from(
              JSON.stringify({ id: 'evt_forged', type: 'checkout.session.completed', data: { object: {} } }),
            ),
          })
          .catch((error: unknown) => {
            assert(error instanceof PluginError, `an unsigned request threw ${String(error)}`);
            return { response: { status: 401 }, events: [] };
          });
        assert(result.response.status >= 400, `unsigned request answered ${result.response.status}`);
        assert(result.events.length === 0, 'unsigned request produced billing events');
      });
    });

    const signed = options.billing?.signedWebhook;
    if (signed) {
      check(
        'billing: a signed webhook yields valid events; tampered, unsigned or stale ones none',
        async (e) => {
          await withHost(e, async (h) => {
            const billing = await h.host.billing(h.installId);
            const ctx = h.ctx();
            assert(ctx, 'setup was not called');
            const env = { ...e, config: h.config, ctx };
            const request = await signed(env);
            const first = await billing.webhook(request);
            assert(first.response.status < 300, `signed request answered ${first.response.status}`);
            assert(first.events.length > 0, 'signed request produced no billing event');
            const problems = billingEventProblems(first.events);
            assert(problems.length === 0, `invalid billing events: ${problems.join('; ')}`);
            const variants: [string, WebhookRequest][] = [
              ['its body changed after signing', { ...request, rawBody: tamper(request.rawBody) }],
              ['its signature headers and query removed', stripped(request)],
            ];
            if (options.billing?.staleWebhook)
              variants.push(['a timestamp long past', await options.billing.staleWebhook(env)]);
            for (const [what, variant] of variants) {
              const result = await billing.webhook(variant).catch((error: unknown) => {
                assert(error instanceof PluginError, `the signed sample with ${what} threw ${String(error)}`);
                return { response: { status: 401 }, events: [] };
              });
              assert(
                result.response.status >= 400 && result.events.length === 0,
                `the signed sample with ${what} was accepted (${result.response.status}, ${result.events.length} events)`,
              );
            }
          });
        },
      );
    }
  }

  check('surfaces a network failure as a PluginError (no silent fallback)', async (e) => {
    await withHost(
      e,
      async (h) => {
        const error = await failureOf(plugin, h, options);
        if (h.fetchCalls() === 0) return; // the plugin does not use ctx.fetch
        assert(error instanceof PluginError, 'a failing provider did not make the call fail');
        assert(error.plugin === plugin.name, 'the error is not stamped with the plugin name');
      },
      'fail',
    );
  });

  for (const status of [400, 401, 429, 500, 503]) {
    check(`a provider answering HTTP ${status} fails the call with the right PluginError`, async (e) => {
      await withHost(
        e,
        async (h) => {
          const error = await failureOf(plugin, h, options);
          if (h.fetchCalls() === 0) return; // the plugin does not use ctx.fetch
          assert(
            error instanceof PluginError,
            `HTTP ${status} from the provider was reported as a success: throw await providerError(res, what) when !res.ok`,
          );
          const retryable = status === 429 || status >= 500;
          assert(
            error.retryable === retryable,
            `HTTP ${status} must be ${retryable ? 'retried' : 'final (not retried)'}, got retryable: ${error.retryable} (${error.kind}: ${error.message})`,
          );
          if (status === 401)
            assert(error.kind === 'auth', `HTTP 401 must be kind 'auth', got ${error.kind}`);
        },
        { status },
      );
    });
  }

  check('reaches the network only through ctx.fetch', async (e) => {
    let bypassed = 0;
    const replaced: typeof fetch = (input, init) => {
      bypassed += 1;
      return realFetch(input, init);
    };
    globalThis.fetch = replaced;
    const h = await harness(plugin, options, e);
    try {
      await exercise(plugin, h, options).catch(() => {});
      const ctx = h.ctx();
      const channel =
        h.host.getPlugin(plugin.name) && declares('channel') ? await h.host.channel(h.installId) : undefined;
      if (channel?.handleWebhook && options.channel?.signedWebhook && ctx) {
        await channel
          .handleWebhook(await options.channel.signedWebhook({ ...e, config: h.config, ctx }))
          .catch(() => {});
      }
    } finally {
      if (globalThis.fetch === replaced) globalThis.fetch = realFetch;
      await h.host.close();
    }
    assert(
      bypassed === 0,
      `the plugin called the global fetch ${bypassed} time(s): use ctx.fetch, which keeps to the declared hosts, applies deadlines and stops with the install`,
    );
  });

  check('a hanging provider ends in a timeout, not a hang', async (e) => {
    await withHost(
      e,
      async (h) => {
        const error = await failureOf(plugin, h, options);
        if (h.fetchCalls() === 0) return;
        assert(error instanceof PluginError, 'a hanging provider did not make the call fail');
        assert(error.kind === 'timeout', `expected a timeout, got ${error.kind}: ${error.message}`);
      },
      'hang',
    );
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
