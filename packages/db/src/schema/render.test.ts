import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelsFile, providers, schemaFile } from './paths';
import { generatedHeader, renderSchema, stripHeader } from './render';

const models = readFileSync(modelsFile, 'utf8');

describe.each(providers)('prisma/%s/schema.prisma', (provider) => {
  const committed = readFileSync(schemaFile(provider), 'utf8');

  it('is exactly what `npm run generate` writes (run it after editing models.prisma)', () => {
    expect(committed).toBe(renderSchema(provider, models));
  });

  it('is models.prisma plus a header', () => {
    expect(committed.startsWith(generatedHeader)).toBe(true);
    expect(committed).toContain(`provider = "${provider}"`);
    expect(stripHeader(committed)).toBe(`${models.trimEnd()}\n`);
  });
});
