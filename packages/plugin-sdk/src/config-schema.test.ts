import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchemaProblems } from './config.js';
import { validatePlugin } from './host/validate.js';

const pluginWith = (configSchema: z.ZodType) => ({
  name: 'parley-plugin-shapes',
  version: '1.0.0',
  apiVersion: 1,
  configSchema,
  capabilities: ['gif'],
  setup: () => ({ gif: { search: async () => ({ items: [] }) } }),
});

describe('config schemas the settings form can show', () => {
  it('accepts an object of text, number, boolean, choice and optional fields', () => {
    const schema = z.object({
      token: z.string().min(1).meta({ secret: true }),
      limit: z.number().int().default(10),
      safe: z.boolean().default(true),
      rating: z.enum(['g', 'pg']),
      note: z.string().optional(),
      base: z.url().nullable().optional(),
    });
    expect(configSchemaProblems(schema)).toEqual([]);
    expect(validatePlugin(pluginWith(schema)).ok).toBe(true);
  });

  it('refuses a nested object, naming the field and how to flatten it', () => {
    const problems = configSchemaProblems(z.object({ auth: z.object({ user: z.string() }) }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^configSchema\.auth: a nested object cannot be shown .*authUrl/);
  });

  it('refuses a list field and a nested object hidden behind optional', () => {
    const problems = configSchemaProblems(
      z.object({ tags: z.array(z.string()), proxy: z.object({ host: z.string() }).optional() }),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual(['configSchema.tags', 'configSchema.proxy']);
    expect(problems[0]).toContain('an array cannot');
  });

  it('refuses a schema that is not an object', () => {
    expect(configSchemaProblems(z.string())[0]).toBe(
      'configSchema: is a string, not an object of settings: make configSchema a z.object({ ... }) of text, number, boolean or enum fields',
    );
    expect(configSchemaProblems(z.array(z.string()))[0]).toMatch(/is an array, not an object/);
  });

  it('refuses a schema whose check throws instead of reporting errors', () => {
    const throwing = z.object({ token: z.string().optional() }).refine(() => {
      throw new Error('boom');
    });
    const problems = configSchemaProblems(throwing);
    expect(problems).toEqual([expect.stringMatching(/checking a config threw \(boom\).*must not throw/)]);
  });

  it('makes validatePlugin refuse the plugin at load with those reasons', () => {
    const check = validatePlugin(pluginWith(z.object({ auth: z.object({ user: z.string() }) })));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.join('\n')).toMatch(/configSchema\.auth: a nested object/);
  });

  it('refuses a migrateConfig that is not a function', () => {
    const check = validatePlugin({ ...pluginWith(z.object({})), migrateConfig: 'v2' });
    expect(check.ok).toBe(false);
    if (!check.ok)
      expect(check.problems).toContain('migrateConfig: must be a function (fromVersion, config) => config');
  });
});
