// Writes prisma/<provider>/schema.prisma from prisma/models.prisma and generates both Prisma clients.
// Skips `prisma generate` when neither the schemas nor the Prisma version changed since the last run
// (postinstall and turbo call this often); pass --force to regenerate anyway.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeSchemaFiles } from '../src/schema/files';
import {
  type DbProvider,
  generatedClientDir,
  packageDir,
  providers,
  schemaEngineWasmFiles,
  schemaFile,
} from '../src/schema/paths';

const require = createRequire(import.meta.url);
const force = process.argv.includes('--force');
const prismaVersion: string = require('prisma/package.json').version;

// `prisma generate` never runs the schema engine but insists that its binary exists, and would try to
// download it (from a host unreachable here) if PRISMA_SCHEMA_ENGINE_BINARY pointed nowhere. Any existing
// file satisfies the check: point it at the wasm engine we actually use for migrations.
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? schemaEngineWasmFiles().wasm,
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1', // no version check / telemetry call
};
// `prisma` exports no bin path; its package.json `bin` points at build/index.js.
const prismaCli = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');

function prismaGenerate(provider: DbProvider): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'generate', '--schema', schemaFile(provider)], {
      cwd: packageDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`prisma generate (${provider}) failed with code ${code}:\n${output}`));
    });
  });
}

const started = performance.now();
const schemas = writeSchemaFiles(console.log);
const stampFile = (provider: DbProvider) => `${generatedClientDir(provider)}/.stamp`;
const stamp = (provider: DbProvider) =>
  createHash('sha256').update(`${prismaVersion}\n${schemas[provider]}`).digest('hex');
const pending = providers.filter(
  (provider) =>
    force ||
    !existsSync(stampFile(provider)) ||
    readFileSync(stampFile(provider), 'utf8') !== stamp(provider),
);

// Both in parallel: each run is ~1 s of mostly CLI start-up.
await Promise.all(
  pending.map(async (provider) => {
    await prismaGenerate(provider);
    writeFileSync(stampFile(provider), stamp(provider));
  }),
);
const elapsed = Math.round(performance.now() - started);
console.log(
  pending.length
    ? `generated Prisma clients (${pending.join(', ')}) in ${elapsed} ms`
    : 'Prisma clients up to date',
);
