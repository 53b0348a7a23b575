import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where the harness runs the reference from: beside its sources, so its packages resolve from node_modules. */
export const REFERENCE_SCRIPT = path.join(here, 'dist/server.mjs');

/**
 * One ES module, like apps/api/dist/main.js: the reference runs as plain JavaScript (no tsx loader
 * thread or transpile at start, which would add RSS and CPU to the side that sets the bar).
 */
export async function buildReference(): Promise<string> {
  await build({
    entryPoints: [path.join(here, 'server.ts')],
    outfile: REFERENCE_SCRIPT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return REFERENCE_SCRIPT;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildReference());
