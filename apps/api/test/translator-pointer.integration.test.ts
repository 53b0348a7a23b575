import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeDeepL, startFakeLibreTranslate } from '@parley/integrations/testing/providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorTopic } from '../src/domain/live-chat/constants';
import { AGENT_TIMEOUT_MS } from '../src/domain/live-chat/translation';
import {
  callerFor,
  createTestDeps,
  errorOf,
  recordBus,
  seedAccount,
  type TestDeps,
  visitorCaller,
  waitFor,
} from './harness';

let deps: TestDeps;
type Seeded = Awaited<ReturnType<typeof seedAccount>>;

async function websiteChannel(account: Seeded) {
  return (await callerFor(deps, account.admin.token).channels.create({ kind: 'website', name: 'Shop' }))
    .publicKey;
}

/** A visitor (browser in Turkish) who wrote `body`, and the account's owner in the chat. */
async function chatWith(account: Seeded, channelKey: string, ip: string, body = 'Merhaba') {
  const started = await callerFor(deps, undefined, ip).widget.start({
    channelKey,
    page: { url: 'https://shop.test/pricing', title: 'Pricing', referrer: '' },
    locale: 'tr-TR',
  });
  const api = visitorCaller(deps, started.visitorToken, ip);
  const first = await api.widget.send({ clientId: randomUUID(), body });
  await callerFor(deps, account.owner.token).chats.accept({ conversationId: first.conversationId });
  return { ...started, api, first, conversationId: first.conversationId };
}

async function messageOf(account: Seeded, conversationId: string, id: string) {
  const chat = await callerFor(deps, account.owner.token).chats.get({ conversationId });
  return chat.messages.find((m) => m.id === id);
}

/** Polls until the message carries a translation (it is made after the message is stored). */
async function eventually<T extends { translation?: unknown } | undefined>(read: () => Promise<T>) {
  for (let i = 0; i < 250; i++) {
    const value = await read();
    if (value?.translation) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no translation in time');
}

beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.cleanup());

describe('C7 translator per conversation', () => {
  it('refuses to turn on without a translator, and only for agents in the chat of their account', async () => {
    const acme = await seedAccount(deps, 'Acme');
    const other = await seedAccount(deps, 'Other');
    const key = await websiteChannel(acme);
    const v = await chatWith(acme, key, '198.51.100.1');
    const owner = callerFor(deps, acme.owner.token);
    const none = await errorOf(owner.translation.set({ conversationId: v.conversationId, enabled: true }));
    expect(none).toMatchObject({ code: 'BAD_REQUEST', appCode: 'integration.no_translator' });
    expect((await owner.chats.get({ conversationId: v.conversationId })).conversation.translateTo).toBeNull();

    const libre = await startFakeLibreTranslate();
    try {
      await owner.integrations.install({ name: 'translator-libretranslate', config: { baseUrl: libre.url } });
      const notIn = await errorOf(
        callerFor(deps, acme.agent.token).translation.set({
          conversationId: v.conversationId,
          enabled: true,
        }),
      );
      expect(notIn).toMatchObject({ code: 'FORBIDDEN', appCode: 'chat.not_participant' });
      const foreign = await errorOf(
        callerFor(deps, other.owner.token).translation.set({
          conversationId: v.conversationId,
          enabled: true,
        }),
      );
      expect(foreign.code).toBe('NOT_FOUND');
      const badLanguage = await errorOf(
        owner.translation.set({ conversationId: v.conversationId, enabled: true, language: 'english!' }),
      );
      expect(badLanguage.code).toBe('BAD_REQUEST');
      const anonymous = await errorOf(
        callerFor(deps).translation.set({ conversationId: v.conversationId, enabled: true }),
      );
      expect(anonymous.code).toBe('UNAUTHORIZED');
      expect(
        (await owner.chats.get({ conversationId: v.conversationId })).conversation.translateTo,
      ).toBeNull();
    } finally {
      await libre.close();
    }
  });

  it('translates both ways with LibreTranslate; teammates see the switch live', async () => {
    const acme = await seedAccount(deps, 'Libre');
    const key = await websiteChannel(acme);
    const libre = await startFakeLibreTranslate();
    try {
      const owner = callerFor(deps, acme.owner.token);
      await owner.integrations.install({ name: 'translator-libretranslate', config: { baseUrl: libre.url } });
      const v = await chatWith(acme, key, '198.51.100.2');
      const events = await recordBus(deps, acme.account.id, 'console');
      const summary = await owner.translation.set({ conversationId: v.conversationId, enabled: true });
      expect(summary.translateTo).toBe('en');
      await waitFor(() =>
        events
          .ofType('conversation')
          .some(
            (e) =>
              (e.payload as { conversation: { translateTo: string | null } }).conversation.translateTo ===
              'en',
          ),
      );
      // The message written before the switch is translated too.
      await waitFor(() => events.ofType('message').length > 0);
      expect((await messageOf(acme, v.conversationId, v.first.id))?.translation).toEqual({
        status: 'translated',
        from: 'tr',
        to: 'en',
        text: 'Hello',
      });

      // Visitor → agent: stored and answered as written, the translation follows as an update.
      const sent = await v.api.widget.send({ clientId: randomUUID(), body: 'Teşekkür ederim' });
      expect(sent.body).toBe('Teşekkür ederim');
      await waitFor(() =>
        events
          .ofType('message')
          .some(
            (e) =>
              (e.payload as { message: { id: string; translation?: unknown } }).message.id === sent.id &&
              Boolean((e.payload as { message: { translation?: unknown } }).message.translation),
          ),
      );
      const translated = await messageOf(acme, v.conversationId, sent.id);
      expect(translated?.body).toBe('Teşekkür ederim');
      expect(translated?.translation).toMatchObject({ status: 'translated', from: 'tr', to: 'en' });
      expect(translated?.translation?.text).toBe('[en] Teşekkür ederim');

      // Agent → visitor: the visitor gets the Turkish, the agent sees both.
      const widgetEvents = await recordBus(deps, acme.account.id, visitorTopic(v.visitor.id));
      const reply = await owner.chats.send({
        conversationId: v.conversationId,
        clientId: randomUUID(),
        body: 'Thank you',
      });
      expect(reply.body).toBe('Thank you');
      expect(reply.translation).toEqual({ status: 'translated', from: 'en', to: 'tr', text: 'Teşekkürler' });
      await waitFor(() => widgetEvents.ofType('message').length > 0);
      const delivered = widgetEvents.ofType('message')[0]!.payload as { message: Record<string, unknown> };
      expect(delivered.message.body).toBe('Teşekkürler');
      expect(delivered.message).not.toHaveProperty('translation');
      const history = await v.api.widget.history({});
      expect(history.messages.find((m) => m.id === reply.id)?.body).toBe('Teşekkürler');
      expect(JSON.stringify(history)).not.toContain('Thank you');

      // Off: nothing more is translated.
      await owner.translation.set({ conversationId: v.conversationId, enabled: false });
      const plain = await owner.chats.send({
        conversationId: v.conversationId,
        clientId: randomUUID(),
        body: 'Bye',
      });
      expect(plain.translation).toBeUndefined();
      events.stop();
      widgetEvents.stop();
    } finally {
      await libre.close();
    }
  });

  it('translates with DeepL, and keeps the original and says so when the provider fails', async () => {
    const acme = await seedAccount(deps, 'Deep');
    const key = await websiteChannel(acme);
    const deepl = await startFakeDeepL({ authKey: 'deepl-key' });
    try {
      const owner = callerFor(deps, acme.owner.token);
      await owner.integrations.install({
        name: 'translator-deepl',
        config: { authKey: 'deepl-key', baseUrl: deepl.url },
      });
      const v = await chatWith(acme, key, '198.51.100.3', 'Merhaba');
      await owner.translation.set({ conversationId: v.conversationId, enabled: true });
      const first = await eventually(() => messageOf(acme, v.conversationId, v.first.id));
      expect(first?.translation).toEqual({ status: 'translated', from: 'tr', to: 'en', text: 'Hello' });
      const reply = await owner.chats.send({
        conversationId: v.conversationId,
        clientId: randomUUID(),
        body: 'Hello',
      });
      expect(reply.translation).toMatchObject({ status: 'translated', to: 'tr', text: 'Merhaba' });

      deepl.setQuotaExceeded(true);
      const sent = await v.api.widget.send({ clientId: randomUUID(), body: 'Nasılsınız?' });
      const failed = await eventually(() => messageOf(acme, v.conversationId, sent.id));
      expect(failed?.body).toBe('Nasılsınız?');
      expect(failed?.translation).toMatchObject({ status: 'failed', to: 'en', error: 'provider' });

      const original = await owner.chats.send({
        conversationId: v.conversationId,
        clientId: randomUUID(),
        body: 'Thank you',
      });
      expect(original.translation).toMatchObject({ status: 'failed', from: 'en', error: 'provider' });
      const history = await v.api.widget.history({});
      expect(history.messages.find((m) => m.id === original.id)?.body).toBe('Thank you');
    } finally {
      await deepl.close();
    }
  });
});

describe('C7 translator timeouts', () => {
  it('sends the original when the provider does not answer in time', async () => {
    const acme = await seedAccount(deps, 'Slow');
    const key = await websiteChannel(acme);
    // Accepts connections and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const owner = callerFor(deps, acme.owner.token);
      await owner.integrations.install({
        name: 'translator-libretranslate',
        config: { baseUrl: `http://127.0.0.1:${port}` },
      });
      const v = await chatWith(acme, key, '198.51.100.5');
      await owner.translation.set({ conversationId: v.conversationId, enabled: true });
      const started = Date.now();
      const reply = await owner.chats.send({
        conversationId: v.conversationId,
        clientId: randomUUID(),
        body: 'Thank you',
      });
      expect(Date.now() - started).toBeLessThan(AGENT_TIMEOUT_MS + 2000);
      // The visitor's language was never detected: the browser's (tr-TR) is used.
      expect(reply.translation).toEqual({ status: 'failed', from: 'en', to: 'tr', error: 'timeout' });
      const history = await v.api.widget.history({});
      expect(history.messages.find((m) => m.id === reply.id)?.body).toBe('Thank you');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  }, 20_000);
});

describe('C6 pointer', () => {
  it('sends a selector to the visitor’s open page, only from agents in the open chat', async () => {
    const acme = await seedAccount(deps, 'Point');
    const other = await seedAccount(deps, 'Elsewhere');
    const key = await websiteChannel(acme);
    const v = await chatWith(acme, key, '198.51.100.4', 'Where is the price?');
    const owner = callerFor(deps, acme.owner.token);
    const widgetEvents = await recordBus(deps, acme.account.id, visitorTopic(v.visitor.id));
    await owner.pointer.send({
      conversationId: v.conversationId,
      selector: '#plans > li:nth-child(2)',
      url: 'https://shop.test/pricing',
    });
    await waitFor(() => widgetEvents.ofType('pointer').length > 0);
    const event = widgetEvents.ofType('pointer')[0]!;
    expect(event.ephemeral).toBe(true);
    expect(event.payload).toMatchObject({
      type: 'pointer',
      selector: '#plans > li:nth-child(2)',
      url: 'https://shop.test/pricing',
      agent: { id: acme.owner.id },
    });

    for (const selector of ['', 'a\u0000b', 'a\nb', 'x'.repeat(501)]) {
      const bad = await errorOf(owner.pointer.send({ conversationId: v.conversationId, selector }));
      expect(bad.code, JSON.stringify(selector)).toBe('BAD_REQUEST');
    }
    const notIn = await errorOf(
      callerFor(deps, acme.agent.token).pointer.send({ conversationId: v.conversationId, selector: 'h1' }),
    );
    expect(notIn).toMatchObject({ code: 'FORBIDDEN', appCode: 'chat.not_participant' });
    const foreign = await errorOf(
      callerFor(deps, other.owner.token).pointer.send({ conversationId: v.conversationId, selector: 'h1' }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
    await callerFor(deps, acme.admin.token)
      .tools.invite({ conversationId: v.conversationId, userId: acme.admin.id })
      .catch(() => {});
    await owner.chats.leave({ conversationId: v.conversationId });
    const closed = await errorOf(owner.pointer.send({ conversationId: v.conversationId, selector: 'h1' }));
    expect(closed.code).toBe('FORBIDDEN');
    expect(widgetEvents.ofType('pointer')).toHaveLength(1);
    widgetEvents.stop();
  });
});

describe('C6 pointer on another site (page snapshot)', () => {
  it('asks the visitor’s page for its copy and delivers the answer to the asking agent only', async () => {
    const acme = await seedAccount(deps, 'Snap');
    const other = await seedAccount(deps, 'Elsewhere too');
    const key = await websiteChannel(acme);
    const v = await chatWith(acme, key, '198.51.100.5', 'Which plan?');
    const owner = callerFor(deps, acme.owner.token);
    const widgetEvents = await recordBus(deps, acme.account.id, visitorTopic(v.visitor.id));
    const consoleEvents = await recordBus(deps, acme.account.id, 'console');

    const { requestId } = await owner.pointer.requestSnapshot({
      conversationId: v.conversationId,
      url: 'https://shop.test/pricing',
    });
    await waitFor(() => widgetEvents.ofType('pointer.snapshot').length > 0);
    expect(widgetEvents.ofType('pointer.snapshot')[0]).toMatchObject({
      ephemeral: true,
      payload: { requestId, agentId: acme.owner.id, url: 'https://shop.test/pricing' },
    });

    const html = '<!doctype html><html><head></head><body><h1>Plans</h1></body></html>';
    const css = 'h1{color:navy}';
    await v.api.widget.pageSnapshot({
      requestId,
      agentId: acme.owner.id,
      url: 'https://shop.test/pricing',
      html,
      css,
    });
    await waitFor(() => consoleEvents.ofType('pointer.snapshot').length > 0);
    const answer = consoleEvents.ofType('pointer.snapshot')[0]!;
    expect(answer.ephemeral).toBe(true);
    expect(answer.audience).toEqual([acme.owner.id]);
    expect(answer.payload).toMatchObject({ conversationId: v.conversationId, requestId, html, css });

    // Only agents in the open chat ask; a page sends only to an agent of its chat; sizes are bounded.
    const notIn = await errorOf(
      callerFor(deps, acme.agent.token).pointer.requestSnapshot({ conversationId: v.conversationId }),
    );
    expect(notIn).toMatchObject({ code: 'FORBIDDEN', appCode: 'chat.not_participant' });
    const foreign = await errorOf(
      callerFor(deps, other.owner.token).pointer.requestSnapshot({ conversationId: v.conversationId }),
    );
    expect(foreign.code).toBe('NOT_FOUND');
    const toOutsider = await errorOf(
      v.api.widget.pageSnapshot({ requestId, agentId: acme.agent.id, url: 'https://shop.test/', html }),
    );
    expect(toOutsider).toMatchObject({ code: 'FORBIDDEN', appCode: 'chat.not_participant' });
    const tooLarge = await errorOf(
      v.api.widget.pageSnapshot({
        requestId,
        agentId: acme.owner.id,
        url: 'https://shop.test/',
        html: 'x'.repeat(250_001),
      }),
    );
    expect(tooLarge.code).toBe('BAD_REQUEST');
    // The page and its CSS together.
    const tooLargeTogether = await errorOf(
      v.api.widget.pageSnapshot({
        requestId,
        agentId: acme.owner.id,
        url: 'https://shop.test/',
        html: 'x'.repeat(200_000),
        css: 'y'.repeat(50_001),
      }),
    );
    expect(tooLargeTogether.code).toBe('BAD_REQUEST');
    expect(consoleEvents.ofType('pointer.snapshot')).toHaveLength(1);
    widgetEvents.stop();
    consoleEvents.stop();
  });
});
