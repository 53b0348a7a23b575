import { build } from 'esbuild';

/**
 * `npm start` runs the API from one pre-built ES module instead of transpiling ~200 TypeScript files
 * with tsx at every start: faster to ready and ~40 MB less resident (bench/RESULTS.md, idle memory).
 * Our workspace packages (@parley/*, shipped as TypeScript) are bundled in; every other package stays
 * an import resolved from node_modules at run time, so native modules and wasm load as usual.
 */
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
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
