import { copyFileSync } from 'node:fs';
import { build } from 'esbuild';
import { bundleOptions, findTestOnlyCode } from './bundle';

/**
 * `npm start` runs the API from one pre-built ES module instead of transpiling ~200 TypeScript files
 * with tsx at every start: faster to ready and ~40 MB less resident (bench/RESULTS.md, idle memory).
 * The options and the check for test-only code are in ./bundle.ts.
 */

/**
 * Libraries an idle server never calls: they are imported with `await import()` where used, so they
 * load on first use (bench/RESULTS.md: idle RSS 237 → 193 MB). A static import of one would undo that
 * silently, so the build fails on it.
 */
const LOADED_ON_FIRST_USE = [
  'sharp',
  'file-type',
  'nodemailer',
  'imapflow',
  'mailparser',
  'sanitize-html',
  'csv-stringify',
  'ioredis',
  'pg',
  '@prisma/adapter-pg',
];

const { metafile } = await build(bundleOptions('src/main.ts', 'dist/main.js'));
if (!metafile) throw new Error('build: esbuild returned no metafile');

const eager = Object.values(metafile.inputs)
  .flatMap((input) => input.imports)
  .filter((i) => i.kind === 'import-statement' && LOADED_ON_FIRST_USE.includes(i.path))
  .map((i) => i.path);
if (eager.length > 0) {
  console.error(
    `build: ${[...new Set(eager)].join(', ')} must load on first use (await import()), not at start`,
  );
  process.exit(1);
}

// Test fakes and dev dependencies may be absent where the server runs: a bundle that needs them
// would start here and fail there.
const testOnly = findTestOnlyCode(metafile, process.cwd());
if (testOnly.length > 0) {
  console.error(`build: the production bundle must not contain test-only code:\n  ${testOnly.join('\n  ')}`);
  process.exit(1);
}

// Third-party plugins run in worker threads started from this script, found beside the bundle
// (`new URL('./plugin-worker.mjs', import.meta.url)` in the bundled code).
copyFileSync('../../packages/integrations/src/host/isolation/plugin-worker.mjs', 'dist/plugin-worker.mjs');
