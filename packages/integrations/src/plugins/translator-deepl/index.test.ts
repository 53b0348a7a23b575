import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { startFakeDeepL } from '../../testing/providers/deepl.js';
import plugin from './index.js';

runPluginContract(plugin, {
  provider: () => startFakeDeepL({ authKey: 'dk:fx' }),
  validConfig: ({ providerUrl }) => ({ authKey: 'dk:fx', baseUrl: providerUrl }),
  invalidConfig: { plan: 'gold' },
  timeoutMs: 500,
});

describe('translator-deepl', () => {
  it('speaks DeepL v2 with the DeepL-Auth-Key header and upper-case codes', async () => {
    const server = await startFakeDeepL({ authKey: 'dk:fx' });
    const host = createPluginHost({
      plugins: [plugin],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: 'test-secret-key-0123456789',
      defaults: { maxFailures: 10 },
    });
    try {
      const r = await host.createInstall({
        accountId: 'a',
        name: plugin.name,
        config: { authKey: 'dk:fx', baseUrl: server.url },
      });
      if (!r.ok) throw new Error('install');
      const t = await host.translator(r.install.id);
      expect(await t.translate({ text: 'Hallo', to: 'en' })).toEqual({
        text: 'Hello',
        detectedLanguage: 'de',
      });
      expect(await t.detect('Teşekkürler')).toEqual({ language: 'tr' });
      expect(await t.languages()).toContainEqual({ code: 'en-us', name: 'English (American)' });
      const req = server.requests.find((q) => q.path === '/v2/translate')!;
      expect(req.headers.authorization).toBe('DeepL-Auth-Key dk:fx');
      expect(JSON.parse(req.body.toString())).toEqual({ text: ['Hallo'], target_lang: 'EN-US' });
      server.setQuotaExceeded(true);
      await expect(t.translate({ text: 'x', to: 'de' })).rejects.toMatchObject({
        kind: 'provider',
        code: '456',
      });
    } finally {
      await host.close();
      await server.close();
    }
  });

  it('uses the free or pro API host by plan', () => {
    expect(plugin.allowedHosts?.({ authKey: 'k', plan: 'free' })).toEqual(['api-free.deepl.com']);
    expect(plugin.allowedHosts?.({ authKey: 'k', plan: 'pro' })).toEqual(['api.deepl.com']);
  });
});
