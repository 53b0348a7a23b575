// The console's layering, checked from the import statements: shared code (`src/lib`, `src/components`,
// `src/i18n`) never reaches into a feature and holds only what more than one feature uses, a feature is
// entered only through its `index.ts`, and the features import each other in one direction only. Without this, folders drift back into the tangle
// where every feature imports every other one's internals and nothing can move without a chain of edits.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { findCycles } from '../../../scripts/lib/find-cycles';

export interface TImportEdge {
  /** Paths relative to the source folder, with `/` separators. */
  from: string;
  to: string;
  /** `import('…')`: loaded when first needed, in a chunk of its own. */
  dynamic?: boolean;
}

const SOURCE_FILE = /\.(ts|tsx)$/;

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(path);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Resolves a relative specifier the way Vite and TypeScript's bundler resolution do for our files. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find(isFile) ?? null;
}

/** Every relative import (static, re-export, side-effect, dynamic) between files under `srcDir`. */
export function readImportEdges(srcDir: string): TImportEdge[] {
  const toKey = (path: string) => relative(srcDir, path).split(sep).join('/');
  return listSourceFiles(srcDir).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    return importedFiles
      .filter(({ fileName }) => fileName.startsWith('.'))
      .flatMap(({ fileName }) => {
        const target = resolveSpecifier(file, fileName);
        const dynamic = text.includes(`import('${fileName}')`) || text.includes(`import("${fileName}")`);
        return target ? [{ from: toKey(file), to: toKey(target), ...(dynamic ? { dynamic } : {}) }] : [];
      });
  });
}

const APP_ENTRY = 'app.tsx';

/** `features/<name>/…` → name; files outside the features are shared code or the app's entry. */
function featureOf(path: string): string | null {
  const [top, name] = path.split('/');
  return top === 'features' && name !== undefined && path.split('/').length > 2 ? name : null;
}

function isSharedCode(path: string): boolean {
  return path.includes('/') && !path.startsWith('features/');
}

function isFeatureIndex(path: string, feature: string): boolean {
  return path === `features/${feature}/index.ts` || path === `features/${feature}/index.tsx`;
}

/** Shared files that one feature alone uses (tests aside): they belong in that feature's folder. */
function findSingleFeatureSharedCode(edges: readonly TImportEdge[]): string[] {
  // Per shared file, the features importing it; '' stands for the app or other shared code.
  const users = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!isSharedCode(to) || /\.test\.tsx?$/.test(from)) continue;
    if (!users.has(to)) users.set(to, new Set());
    users.get(to)?.add(featureOf(from) ?? '');
  }
  return [...users]
    .flatMap(([path, features]) => {
      const [only = ''] = features;
      return features.size === 1 && only !== ''
        ? [`${path} is used by the ${only} feature only: move it into features/${only}/`]
        : [];
    })
    .sort();
}

/** One line per broken rule, naming the importing file so the fix is obvious; empty when all is well. */
export function findDependencyProblems(edges: readonly TImportEdge[]): string[] {
  const problems: string[] = [];
  const graph = new Map<string, Set<string>>();
  const examples = new Map<string, string>();
  for (const { from, to, dynamic } of edges) {
    const target = featureOf(to);
    const source = featureOf(from);
    if (target === null || target === source) continue;
    if (isSharedCode(from)) {
      problems.push(`${from} imports ${to}: shared code must not depend on a feature`);
      continue;
    }
    // The app entry's lazy routes load each page module directly: through the feature's index a
    // lazy route would pull the whole feature into the agent's first screen (one chunk per page).
    if (!isFeatureIndex(to, target) && !(from === APP_ENTRY && dynamic)) {
      problems.push(
        `${from} imports ${to}: import the ${target} feature through features/${target}/index.ts`,
      );
    }
    if (source !== null) {
      if (!graph.has(source)) graph.set(source, new Set());
      graph.get(source)?.add(target);
      if (!examples.has(`${source}>${target}`)) examples.set(`${source}>${target}`, from);
    }
  }
  problems.push(...findSingleFeatureSharedCode(edges));
  for (const component of findCycles(graph)) {
    const links = component.flatMap((source) =>
      [...(graph.get(source) ?? [])]
        .filter((target) => component.includes(target))
        .map((target) => `${source} → ${target} (${examples.get(`${source}>${target}`)})`),
    );
    problems.push(`features import each other in a cycle: ${links.join(', ')}`);
  }
  return problems;
}
