import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';

/**
 * The esbuild options of the production bundle (`dist/main.js`, what `npm start` runs). Our
 * workspace packages (@parley/*, shipped as TypeScript) are bundled in; every other package stays an
 * import resolved from node_modules at run time, so native modules and wasm load as usual.
 */
export function bundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
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
  };
}

/** A workspace package's test helpers: `src/testing/…` or `src/testing.ts` (its `testing` export). */
const TESTING_MODULE = /(^|\/)src\/testing(\/|\.ts$)/;

/**
 * What the bundle must not hold, as messages (empty when it is fine):
 * - code from a package's `testing` export (fake provider servers, the contract kit): it imports
 *   test-only libraries and has no business running in production;
 * - an import, kept in the output, of a package that no bundled package lists in `dependencies`
 *   (smtp-server, tsx, vitest…): dev dependencies may be missing where the server runs.
 * `cwd` is the directory esbuild ran in (metafile paths are relative to it).
 */
export function findTestOnlyCode(metafile: Metafile, cwd: string): string[] {
  const problems: string[] = [];
  const manifests = new Map<string, { name: string; dependencies: Set<string> }>();
  for (const output of Object.values(metafile.outputs)) {
    const inputs = Object.keys(output.inputs).filter((input) => !input.includes('node_modules/'));
    for (const input of inputs) {
      if (TESTING_MODULE.test(input)) problems.push(`${input} is test code (a package's testing export)`);
      const root = packageRoot(path.resolve(cwd, input));
      if (root && !manifests.has(root)) manifests.set(root, readManifest(root));
    }
    const runtime = new Set([...manifests.values()].flatMap((m) => [...m.dependencies]));
    const imported = new Set(
      output.imports
        .filter((i) => i.external && !i.path.startsWith('node:') && !builtinModules.includes(i.path))
        .map((i) => packageName(i.path)),
    );
    for (const name of imported) {
      if (!runtime.has(name)) {
        const packages = [...manifests.values()].map((m) => m.name).join(', ');
        problems.push(`${name} is imported at run time but is not in the dependencies of ${packages}`);
      }
    }
  }
  return problems;
}

function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

function packageRoot(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

function readManifest(root: string): { name: string; dependencies: Set<string> } {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name?: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  return {
    name: manifest.name ?? root,
    dependencies: new Set(Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })),
  };
}
