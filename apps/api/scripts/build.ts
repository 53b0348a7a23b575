import { copyFileSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * `npm start` runs the API from one pre-built ES module instead of transpiling ~200 TypeScript files
 * with tsx at every start: faster to ready and ~40 MB less resident (bench/RESULTS.md, idle memory).
 * Our workspace packages (@parley/*, shipped as TypeScript) are bundled in; every other package stays
 * an import resolved from node_modules at run time, so native modules and wasm load as usual.
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

const result = await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  // Our workspace packages are bundled from their TypeScript sources (their "@parley/source" export),
  // so the bundle never depends on a package's dist being fresh.
  conditions: ['@parley/source'],
  // Bundled CommonJS helpers call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __parleyCreateRequire } from 'node:module'; const require = __parleyCreateRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'externalize-third-party',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});

const eager = Object.values(result.metafile.inputs)
  .flatMap((input) => input.imports)
  .filter((i) => i.kind === 'import-statement' && LOADED_ON_FIRST_USE.includes(i.path))
  .map((i) => i.path);
if (eager.length > 0) {
  console.error(
    `build: ${[...new Set(eager)].join(', ')} must load on first use (await import()), not at start`,
  );
  process.exit(1);
}

// Third-party plugins run in worker threads started from this script, found beside the bundle
// (`new URL('./plugin-worker.mjs', import.meta.url)` in the bundled code).
copyFileSync('../../packages/integrations/src/host/isolation/plugin-worker.mjs', 'dist/plugin-worker.mjs');
