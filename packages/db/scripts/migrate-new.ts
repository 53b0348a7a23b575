// Creates the next migration for BOTH providers: `npm run migrate:new -w @parley/db -- <name> [--empty]`.
// `prisma migrate dev` needs the native schema engine (not downloadable here), so this diffs the
// migration history against the schema with the wasm engine instead: in-memory SQLite, and in-memory
// PGlite as PostgreSQL's shadow database. The result is what `prisma migrate dev --create-only` writes.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diff } from '../src/migrate';
import { migrationLockfile } from '../src/migrate/migrations';
import { writeSchemaFiles } from '../src/schema/files';
import { type DbProvider, migrationsDir, packageDir, providers } from '../src/schema/paths';

const args = process.argv.slice(2);
const empty = args.includes('--empty');
const rawName = args.find((arg) => !arg.startsWith('--'));
if (!rawName) {
  console.error('usage: npm run migrate:new -w @parley/db -- <name> [--empty]');
  process.exit(1);
}
const name = rawName
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');

// Prisma's format: UTC yyyyMMddHHmmss_<name>.
const timestamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const directory = `${timestamp}_${name}`;

const schemas = writeSchemaFiles(console.log);
const scripts = new Map<DbProvider, string>();
for (const provider of providers) {
  const sql = empty
    ? '-- This is an empty migration.\n'
    : await diff(provider, { schema: schemas[provider] });
  if (sql !== null) scripts.set(provider, sql);
}

if (scripts.size === 0) {
  console.log(
    'The migrations already match prisma/models.prisma: nothing to do (use --empty for a data migration).',
  );
  process.exit(0);
}
if (scripts.size !== providers.length) {
  // Both schemas come from the same models, so this means an earlier migration was edited by hand.
  console.warn(`warning: only ${[...scripts.keys()].join(', ')} changed; check the other history.`);
}

for (const [provider, sql] of scripts) {
  const base = migrationsDir(provider);
  mkdirSync(`${base}/${directory}`, { recursive: true });
  if (!existsSync(`${base}/migration_lock.toml`))
    writeFileSync(`${base}/migration_lock.toml`, migrationLockfile(provider));
  writeFileSync(`${base}/${directory}/migration.sql`, sql);
  console.log(`wrote ${path.relative(packageDir, `${base}/${directory}/migration.sql`)}`);
}
console.log('Review the SQL (renames come out as drop + add), then run `npm run generate -w @parley/db`.');
