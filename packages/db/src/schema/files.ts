import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type DbProvider, modelsFile, providers, schemaFile } from './paths';
import { renderSchema } from './render';

/**
 * Writes `prisma/<provider>/schema.prisma` for each provider when its content changed (so mtimes and
 * turbo's hashes stay put otherwise). Returns each provider's schema text.
 */
export function writeSchemaFiles(log: (message: string) => void = () => {}): Record<DbProvider, string> {
  const models = readFileSync(modelsFile, 'utf8');
  const schemas = {} as Record<DbProvider, string>;
  for (const provider of providers) {
    const file = schemaFile(provider);
    const schema = renderSchema(provider, models);
    schemas[provider] = schema;
    if (existsSync(file) && readFileSync(file, 'utf8') === schema) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, schema);
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  return schemas;
}
