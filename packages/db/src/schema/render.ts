import type { DbProvider } from './paths';

export const generatedHeader = '// generated from models.prisma — do not edit';

/**
 * The full schema for one provider: a header, the datasource and generator, then models.prisma verbatim.
 * models.prisma stays provider-neutral, so the two schemas differ only in this header.
 */
export function renderSchema(provider: DbProvider, models: string): string {
  return `${generatedHeader}
// Regenerate with \`npm run db:generate\`; edit prisma/models.prisma instead.

datasource db {
  provider = "${provider}"
}

generator client {
  provider               = "prisma-client"
  output                 = "../../src/generated/${provider}"
  runtime                = "nodejs"
  moduleFormat           = "esm"
  generatedFileExtension = "ts"
  // Extensionless imports: resolved by tsc (moduleResolution Bundler), tsx and vitest alike, and
  // unlike ".ts" they need no allowImportingTsExtensions in every tsconfig that reaches this code.
  importFileExtension    = ""
}

${models.trimEnd()}
`;
}

/** models.prisma text back out of a rendered schema (for the sync test). */
export function stripHeader(schema: string): string {
  const marker = '\n}\n\n';
  const generatorEnd = schema.indexOf(marker, schema.indexOf('generator client'));
  return schema.slice(generatorEnd + marker.length);
}
