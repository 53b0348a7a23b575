import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { type AnyPlugin, definePlugin, type SetupResult } from './define-plugin.js';
import { PLUGIN_API_VERSION } from './index.js';

const translator = {
  detect: async () => ({ language: 'en' }),
  translate: async ({ text }: { text: string }) => ({ text }),
  languages: async () => [{ code: 'en', name: 'English' }],
};

describe('definePlugin', () => {
  it('returns its argument and infers the config type', () => {
    const plugin = definePlugin({
      name: 'translator-test',
      version: '1.0.0',
      apiVersion: PLUGIN_API_VERSION,
      configSchema: z.object({ prefix: z.string().default('>') }),
      capabilities: ['translator'],
      setup(ctx) {
        const prefix: string = ctx.config.prefix;
        return { translator: { ...translator, translate: async ({ text }) => ({ text: prefix + text }) } };
      },
    });
    expect(plugin.name).toBe('translator-test');
    expectTypeOf(plugin.capabilities).toEqualTypeOf<readonly 'translator'[]>();
    const list: AnyPlugin[] = [plugin];
    expect(list).toHaveLength(1);
  });

  it('makes a declared capability mandatory and an undeclared one an error (type level)', () => {
    definePlugin({
      name: 'a',
      version: '1.0.0',
      apiVersion: 1,
      configSchema: z.object({}),
      capabilities: ['translator'],
      // @ts-expect-error the translator is declared but not returned
      setup: () => ({}),
    });
    definePlugin({
      name: 'b',
      version: '1.0.0',
      apiVersion: 1,
      configSchema: z.object({}),
      capabilities: ['translator'],
      // @ts-expect-error gif is returned but not declared
      setup: () => ({ translator, gif: { search: async () => ({ items: [] }) } }),
    });
    definePlugin({
      name: 'c',
      version: '1.0.0',
      apiVersion: 1,
      configSchema: z.object({}),
      // @ts-expect-error an unknown capability
      capabilities: ['payroll'],
      setup: () => ({}) as never,
    });
    definePlugin({
      name: 'd',
      version: '1.0.0',
      // @ts-expect-error an API version this SDK does not implement
      apiVersion: 2,
      configSchema: z.object({}),
      capabilities: ['translator'],
      setup: () => ({ translator }),
    });
    definePlugin({
      name: 'e',
      version: '1.0.0',
      // @ts-expect-error the API version is a number, not a string
      apiVersion: '1',
      configSchema: z.object({}),
      capabilities: ['translator'],
      setup: () => ({ translator }),
    });
    // The checks are the @ts-expect-error lines above: `npm run typecheck` fails when one is unused.
    expectTypeOf<SetupResult<'translator'>>().toHaveProperty('translator');
    expectTypeOf<SetupResult<'translator'>['translator']>().not.toBeUndefined();
  });
});
