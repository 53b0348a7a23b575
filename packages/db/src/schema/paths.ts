import { fileURLToPath } from 'node:url';

export type DbProvider = 'sqlite' | 'postgresql';

export const providers: readonly DbProvider[] = ['sqlite', 'postgresql'];

/** packages/db/ */
export const packageDir = fileURLToPath(new URL('../../', import.meta.url));
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
