import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { startFakeGiphy } from '../../testing/providers/gif.js';
import plugin from './index.js';

runPluginContract(plugin, {
  provider: () => startFakeGiphy({ apiKey: 'gk' }),
  validConfig: ({ providerUrl }) => ({ apiKey: 'gk', baseUrl: providerUrl }),
  invalidConfig: { apiKey: '' },
  timeoutMs: 500,
});

describe('gif-giphy', () => {
  it('searches with Giphy parameters and maps images', async () => {
    const server = await startFakeGiphy({ apiKey: 'gk' });
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
        config: { apiKey: 'gk', baseUrl: server.url, rating: 'pg' },
      });
      if (!r.ok) throw new Error('install');
      const g = await host.gif(r.install.id);
      const page = await g.search({ query: 'cat', limit: 5, offset: 10, locale: 'tr-TR' });
      expect(page.items).toHaveLength(5);
      expect(page.items[0]).toEqual({
        id: 'gif11',
        url: 'https://media.giphy.com/media/gif11/giphy.gif',
        previewUrl: 'https://media.giphy.com/media/gif11/200w.gif',
        width: 480,
        height: 280,
        title: 'Cat 11 GIF',
      });
      expect(page.next).toBe('15');
      const q = server.requests[0]!.query;
      expect(Object.fromEntries(q)).toEqual({
        api_key: 'gk',
        q: 'cat',
        limit: '5',
        offset: '10',
        rating: 'pg',
        lang: 'tr',
      });
    } finally {
      await host.close();
      await server.close();
    }
  });
});
