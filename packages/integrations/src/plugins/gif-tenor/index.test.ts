import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createPluginHost } from '../../host/index.js';
import { createTestLogger, runPluginContract } from '../../testing/index.js';
import { startFakeTenor } from '../../testing/providers/gif.js';
import plugin from './index.js';

runPluginContract(plugin, {
  provider: () => startFakeTenor({ apiKey: 'tk' }),
  validConfig: ({ providerUrl }) => ({ apiKey: 'tk', baseUrl: providerUrl }),
  invalidConfig: { apiKey: 'tk', contentFilter: 'none' },
  timeoutMs: 500,
});

describe('gif-tenor', () => {
  it('searches Tenor v2 and pages with the next cursor', async () => {
    const server = await startFakeTenor({ apiKey: 'tk' });
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
        config: { apiKey: 'tk', baseUrl: server.url },
      });
      if (!r.ok) throw new Error('install');
      const g = await host.gif(r.install.id);
      const first = await g.search({ query: 'cat', limit: 4, locale: 'en-US' });
      expect(first.items[0]).toEqual({
        id: 'gif1',
        url: 'https://media.tenor.com/gif1/AAAAC/cat.gif',
        previewUrl: 'https://media.tenor.com/gif1/AAAAM/cat.gif',
        width: 480,
        height: 270,
        title: 'Cat 1 GIF',
      });
      const second = await g.search({ query: 'cat', limit: 4, cursor: first.next! });
      expect(second.items[0]!.id).toBe('gif5');
      expect(Object.fromEntries(server.requests[0]!.query)).toEqual({
        key: 'tk',
        client_key: 'parley',
        q: 'cat',
        limit: '4',
        contentfilter: 'medium',
        media_filter: 'gif,tinygif',
        locale: 'en_US',
      });
      await host.updateConfig(r.install.id, { apiKey: 'bad', baseUrl: server.url });
      await expect((await host.gif(r.install.id)).search({ query: 'x', limit: 1 })).rejects.toMatchObject({
        kind: 'input',
        plugin: 'gif-tenor',
      });
    } finally {
      await host.close();
      await server.close();
    }
  });
});
