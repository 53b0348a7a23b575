import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { startFakeLibreTranslate } from '../../testing/providers/libretranslate.js';
import plugin from './index.js';

runPluginContract(plugin, {
  provider: () => startFakeLibreTranslate({ apiKey: 'lt-key' }),
  validConfig: ({ providerUrl }) => ({ baseUrl: providerUrl, apiKey: 'lt-key' }),
  invalidConfig: { baseUrl: 'ftp://example.com' },
  timeoutMs: 500,
});

describe('translator-libretranslate', () => {
  it('detects, translates (with detection) and lists languages against the LibreTranslate API', async () => {
    const server = await startFakeLibreTranslate({ apiKey: 'lt-key' });
    const host = createPluginHost({
      plugins: [plugin],
      logger: createTestLogger(),
      storage: createMemoryStorage(),
      secretKey: 'test-secret-key-0123456789',
    });
    try {
      const r = await host.createInstall({
        accountId: 'a',
        name: plugin.name,
        config: { baseUrl: server.url, apiKey: 'lt-key' },
      });
      if (!r.ok) throw new Error('install');
      const t = await host.translator(r.install.id);
      expect(await t.detect('Merhaba, nasılsınız?')).toEqual({ language: 'tr', confidence: 0.9 });
      expect(await t.translate({ text: 'Merhaba', to: 'en' })).toEqual({
        text: 'Hello',
        detectedLanguage: 'tr',
      });
      expect(await t.translate({ text: 'Hello', from: 'en', to: 'de' })).toEqual({ text: 'Hallo' });
      expect((await t.languages()).map((l) => l.code)).toContain('tr');
      const sent = JSON.parse(server.requests.find((q) => q.path === '/translate')!.body.toString());
      expect(sent).toEqual({ q: 'Merhaba', source: 'auto', target: 'en', format: 'text', api_key: 'lt-key' });
      // A wrong key is an auth failure stamped with the plugin.
      await host.updateConfig(r.install.id, { baseUrl: server.url, apiKey: 'wrong' });
      await expect((await host.translator(r.install.id)).detect('x')).rejects.toMatchObject({
        kind: 'auth',
        plugin: 'translator-libretranslate',
      });
    } finally {
      await host.close();
      await server.close();
    }
  });
});
