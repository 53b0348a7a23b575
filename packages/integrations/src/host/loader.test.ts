import { definePlugin } from '@parley/plugin-sdk';
import { createTestLogger } from '@parley/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPlugins, parsePluginList } from './loader.js';

const good = definePlugin({
  name: 'parley-plugin-good',
  version: '0.1.0',
  apiVersion: 1,
  configSchema: z.object({}),
  capabilities: ['gif'],
  setup: () => ({ gif: { search: async () => ({ items: [] }) } }),
});

const modules: Record<string, unknown> = {
  good: { default: good },
  named: { plugin: { ...good, name: 'parley-plugin-named' } },
  cjs: { default: { default: { ...good, name: 'parley-plugin-cjs' } } },
  old: { default: { ...good, name: 'parley-plugin-old', apiVersion: 0 } },
  future: { default: { ...good, name: 'parley-plugin-future', capabilities: ['telephony'] } },
  noschema: { default: { ...good, name: 'parley-plugin-noschema', configSchema: { parse() {} } } },
  empty: {},
  clash: { default: { ...good, name: 'translator-deepl' } },
};

describe('loadPlugins', () => {
  it('parses PARLEY_PLUGINS', () => {
    expect(parsePluginList(' a, @scope/b  c,a,')).toEqual(['a', '@scope/b', 'c']);
    expect(parsePluginList(undefined)).toEqual([]);
  });

  it('loads valid plugins and reports and skips bad ones without throwing', async () => {
    const logger = createTestLogger();
    const result = await loadPlugins([...Object.keys(modules), 'missing', 'hangs'], {
      logger,
      reservedNames: ['translator-deepl'],
      timeoutMs: 50,
      importer: async (s) => {
        if (s === 'missing') throw new Error(`Cannot find package '${s}'`);
        if (s === 'hangs') return new Promise(() => {});
        return modules[s];
      },
    });
    expect(result.plugins.map((p) => p.name)).toEqual([
      'parley-plugin-good',
      'parley-plugin-named',
      'parley-plugin-cjs',
    ]);
    const problems = Object.fromEntries(result.errors.map((e) => [e.specifier, e.problems.join(' | ')]));
    expect(problems.old).toMatch(/apiVersion: 0 is not supported/);
    expect(problems.future).toMatch(/"telephony" is reserved/);
    expect(problems.noschema).toMatch(/configSchema: must be a zod 4 schema/);
    expect(problems.empty).toMatch(/exports no plugin/);
    expect(problems.clash).toMatch(/already used/);
    expect(problems.missing).toMatch(/import failed: Cannot find package/);
    expect(problems.hangs).toMatch(/timed out/);
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(7);
  });
});
