import { definePlugin } from '@parley/plugin-sdk';
import { createTestLogger } from '@parley/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPlugins, parsePluginList, readInstalledPackage } from './loader.js';

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
  stringy: { default: { ...good, name: 'parley-plugin-stringy', apiVersion: '1' } },
  future: { default: { ...good, name: 'parley-plugin-future', capabilities: ['payroll'] } },
  noschema: { default: { ...good, name: 'parley-plugin-noschema', configSchema: { parse() {} } } },
  empty: {},
  clash: { default: { ...good, name: 'translator-deepl' } },
};

const manifest = { apiVersion: '^1.0.0', displayName: 'Good GIFs', capabilities: ['gif'] };
/** package.json of each fake package: a valid manifest unless the case is about the manifest. */
const packages: Record<string, unknown> = {
  ...Object.fromEntries(Object.keys(modules).map((name) => [name, { name, parley: manifest }])),
  missing: { name: 'missing', parley: manifest },
  hangs: { name: 'hangs', parley: manifest },
  nomanifest: { name: 'nomanifest' },
  newer: { name: 'newer', version: '3.0.0', parley: { ...manifest, apiVersion: '^2.0.0' } },
  undeclared: { name: 'undeclared', parley: { ...manifest, capabilities: ['translator'] } },
};

describe('loadPlugins', () => {
  it('parses PARLEY_PLUGINS', () => {
    expect(parsePluginList(' a, @scope/b  c,a,')).toEqual(['a', '@scope/b', 'c']);
    expect(parsePluginList(undefined)).toEqual([]);
  });

  it('loads valid plugins and reports and skips bad ones without throwing', async () => {
    const logger = createTestLogger();
    const imported: string[] = [];
    const specifiers = [...Object.keys(modules), 'missing', 'hangs', 'nomanifest', 'newer', 'undeclared'];
    const result = await loadPlugins([...specifiers, 'notinstalled'], {
      logger,
      reservedNames: ['translator-deepl'],
      timeoutMs: 50,
      readPackage: (s) => packages[s],
      importer: async (s) => {
        imported.push(s);
        if (s === 'undeclared') return { default: { ...good, name: 'parley-plugin-undeclared' } };
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
    expect(problems.old).toMatch(/apiVersion: 0 is not supported: set apiVersion: PLUGIN_API_VERSION/);
    expect(problems.stringy).toMatch(
      /apiVersion: "1" \(a string\) is not supported: set apiVersion: PLUGIN_API_VERSION \(the number 1/,
    );
    expect(problems.future).toMatch(/unknown capability "payroll"/);
    expect(problems.noschema).toMatch(/configSchema: must be a zod 4 schema/);
    expect(problems.empty).toMatch(/exports no plugin/);
    expect(problems.clash).toMatch(/already used/);
    expect(problems.missing).toMatch(/import failed: Cannot find package/);
    expect(problems.hangs).toMatch(/timed out/);
    // Refused from package.json alone, before any of their code runs:
    expect(problems.notinstalled).toMatch(/not installed: run `npm install notinstalled`/);
    expect(problems.nomanifest).toMatch(/no "parley" manifest: add/);
    expect(problems.newer).toBe(
      'parley.apiVersion: newer 3.0.0 needs plugin API ^2.0.0, this Parley implements 1.0.0: install a version of newer made for plugin API 1 (or upgrade Parley if it is newer)',
    );
    expect(imported).not.toContain('notinstalled');
    expect(imported).not.toContain('nomanifest');
    expect(imported).not.toContain('newer');
    expect(problems.undeclared).toMatch(
      /definePlugin declares gif, missing from package.json's parley.capabilities/,
    );
    expect(result.manifests.get('parley-plugin-good')).toMatchObject({
      displayName: 'Good GIFs',
      networkHosts: [],
    });
    // One log line per refused package, naming it.
    const refusals = logger.entries.filter((e) => e.level === 'error');
    expect(refusals).toHaveLength(12);
    expect(refusals.map((e) => e.msg)).toContain('plugin newer refused');
  });

  it('finds an installed package.json the way import() finds the package', () => {
    expect(readInstalledPackage('parley-plugin-example')).toMatchObject({
      name: 'parley-plugin-example',
      parley: { apiVersion: expect.any(String) },
    });
    expect(readInstalledPackage('parley-plugin-not-installed-anywhere')).toBeUndefined();
  });
});
