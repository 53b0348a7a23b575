import { fileURLToPath } from 'node:url';

export type DbProvider = 'sqlite' | 'postgresql';

export const providers: readonly DbProvider[] = ['sqlite', 'postgresql'];

/**
 * packages/db/, found through the package's own name so it stays right when this module is bundled
 * into the API's build (apps/api/scripts/build.ts), where `import.meta.url` is the bundle's.
 */
export const packageDir = fileURLToPath(new URL('./', import.meta.resolve('@parley/db/package.json')));
export const prismaDir = `${packageDir}prisma`;
export const modelsFile = `${prismaDir}/models.prisma`;

/** `prisma/<provider>/`: the generated schema.prisma and that provider's migration history. */
export function providerDir(provider: DbProvider): string {
  return `${prismaDir}/${provider}`;
}

export function schemaFile(provider: DbProvider): string {
  return `${providerDir(provider)}/schema.prisma`;
}

export function migrationsDir(provider: DbProvider): string {
  return `${providerDir(provider)}/migrations`;
}

export function generatedClientDir(provider: DbProvider): string {
  return `${packageDir}src/generated/${provider}`;
}

/** The wasm schema engine's files (the package exports only the JS glue, so resolve beside it). */
export function schemaEngineWasmFiles(): { glue: string; wasm: string } {
  const glue = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  return { glue, wasm: glue.replace(/\.js$/, '.wasm') };
}
