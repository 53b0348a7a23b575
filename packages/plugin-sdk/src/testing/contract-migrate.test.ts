import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../define-plugin.js';
import { checkPluginContract } from './contract.js';

/**
 * Version 2 of a GIF plugin renamed `key` to `apiKey` and added a required `rating`: settings from
 * 1.x must migrate, or ask the admin only for what nobody can guess.
 */
function gifV2(migrate?: (from: string, config: Record<string, unknown>) => Record<string, unknown>) {
  return definePlugin({
    name: 'parley-plugin-gif-v2',
    version: '2.0.0',
    apiVersion: 1,
    configSchema: z.object({ apiKey: z.string().min(1), rating: z.enum(['g', 'pg']) }),
    capabilities: ['gif'],
    ...(migrate ? { migrateConfig: migrate } : {}),
    setup: () => ({ gif: { search: async () => ({ items: [] }) } }),
  });
}

const validConfig = { apiKey: 'k', rating: 'g' };
const migrationFailures = async (
  plugin: ReturnType<typeof gifV2>,
  migrations: Parameters<typeof checkPluginContract>[1]['migrations'],
) => {
  const report = await checkPluginContract(plugin, { validConfig, ...(migrations ? { migrations } : {}) });
  return report.results.filter((r) => !r.ok && r.name.startsWith('migrateConfig')).map((r) => r.error);
};

describe('the contract kit on config migrations', () => {
  it('passes a migration that renames a field and fills a default', async () => {
    const plugin = gifV2((from, config) =>
      from.startsWith('1.') ? { apiKey: config.key, rating: 'g' } : { ...config },
    );
    expect(await migrationFailures(plugin, [{ fromVersion: '1.4.0', config: { key: 'abc' } }])).toEqual([]);
  });

  it('passes a sample marked needsAdmin whose migration leaves the new required field empty', async () => {
    const plugin = gifV2((from, config) => (from.startsWith('1.') ? { apiKey: config.key } : { ...config }));
    expect(
      await migrationFailures(plugin, [{ fromVersion: '1.0.0', config: { key: 'abc' }, needsAdmin: true }]),
    ).toEqual([]);
  });

  it('fails a migration that leaves old settings unfit for the schema', async () => {
    const plugin = gifV2((_from, config) => ({ ...config }));
    const [error] = await migrationFailures(plugin, [{ fromVersion: '1.0.0', config: { key: 'abc' } }]);
    expect(error).toMatch(/settings from 1\.0\.0 do not fit configSchema after migration: .*apiKey/);
  });

  it('fails a migration that changes the object it was given', async () => {
    const plugin = gifV2((_from, config) => {
      config.apiKey = config.key;
      config.rating = 'g';
      return config;
    });
    const [error] = await migrationFailures(plugin, [{ fromVersion: '1.0.0', config: { key: 'abc' } }]);
    expect(error).toMatch(/changed the config it was given: return a new object/);
  });

  it('asks for migrateConfig when old settings no longer fit and the plugin has none', async () => {
    const [error] = await migrationFailures(gifV2(), [{ fromVersion: '1.0.0', config: { key: 'abc' } }]);
    expect(error).toMatch(/\(declare migrateConfig\)$/);
  });
});
