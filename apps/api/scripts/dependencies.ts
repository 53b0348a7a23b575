// The API's layering, checked from the import statements and the source text:
// - domain areas (`src/domain/<area>/` or `src/domain/<area>.ts`) import each other in one direction
//   only: where two areas need each other, the lower one owns an interface or the event log carries it;
// - domain code never imports the transport (`routers/`, `http/`, `trpc.ts`, `context.ts`), and the raw
//   HTTP routes never import routers;
// - domain code reaches the unscoped database (`systemDb`, `allowRawSql`, raw SQL) only in the system
//   modules listed below: everywhere else `deps.db` is the caller's account-scoped client.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { findCycles } from '../../../scripts/lib/find-cycles';

export interface TImportEdge {
  /** Paths relative to the source folder, with `/` separators. */
  from: string;
  to: string;
}

export interface TSourceFile {
  path: string;
  text: string;
}

/**
 * Domain modules that may use the unscoped client, each for a reason that crosses accounts or that
 * Prisma cannot express (the SQL there filters by account itself).
 */
export const UNSCOPED_ALLOWED: Readonly<Record<string, string>> = {
  'domain/live-chat/visit-pings.ts': 'one ping buffer per process, flushed for every account at once',
  'domain/chat-tools/reminders.ts': 'the scheduler reads due reminders of every account, fires each scoped',
  'domain/team.ts': 'the sweeper reads silent agents of every account, sets each offline scoped',
  'domain/live-chat/search.ts': 'full-text search in SQL; start-up creates the search index',
  'domain/integrations/channels.ts': 'messages per channel: a join Prisma cannot group by',
  'domain/crm/visitor-erase.ts': "erase drops the visitor's live events by a text match in SQL",
  'domain/calls/sweep.ts': 'the scheduler reads unanswered calls of every account, misses each scoped',
  'domain/calls/balance-sweep.ts':
    'the scheduler reads open credit holds of every account, settles each scoped',
  'domain/integrations/reload.ts':
    "a plugin reload is server-wide: every account's installs migrate or pause",
  'domain/stats/rollup-job.ts': 'the rollup job walks every account, each on its scoped client',
  'domain/webhooks/dispatch.ts': 'the webhook dispatcher reads the event log of every account',
  'domain/webhooks/deliver.ts': 'every process claims due webhook deliveries of any account',
  'domain/stats/report-sql.ts':
    "the statistics' SQL: report aggregates (Prisma's groupBy costs 3-5x the query) and the rollup's indexed slice reads and multi-row upserts",
  'domain/operator/accounts.ts':
    "the instance operator lists, creates, suspends and deletes accounts: every account's rows by nature",
  'domain/sign-in/unconfirmed-signups.ts':
    'the cleanup job deletes abandoned sign-ups, which are whole accounts, across the server',
  'domain/billing/install.ts':
    "the instance's billing install is the operator's: found among every account's installs",
  'domain/billing/apply.ts':
    "a provider's billing event names its account by subscription or customer: looked up across accounts, then applied to that one",
  'domain/plans/operator.ts':
    "the instance operator's plans are server-wide and set another account's plan by hand",
  'domain/sign-in/switch-account.ts':
    'switching moves one person between accounts: it reads the users their sign-in proved in each, checked against the session row',
};

const SOURCE_FILE = /\.ts$/;
const TEST_FILE = /\.test\.ts$/;

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

function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  return [base, `${base}.ts`, join(base, 'index.ts')].find(isFile) ?? null;
}

/** The source files under `srcDir` (tests included; the rules skip them where they should). */
export function readSources(srcDir: string): TSourceFile[] {
  return listSourceFiles(srcDir).map((file) => ({
    path: relative(srcDir, file).split(sep).join('/'),
    text: readFileSync(file, 'utf8'),
  }));
}

/** Every relative import (static, type-only, re-export, dynamic) between the files. */
export function readImportEdges(srcDir: string, sources: readonly TSourceFile[]): TImportEdge[] {
  const toKey = (path: string) => relative(srcDir, path).split(sep).join('/');
  return sources.flatMap(({ path, text }) => {
    const file = join(srcDir, path);
    return ts
      .preProcessFile(text, true, true)
      .importedFiles.filter(({ fileName }) => fileName.startsWith('.'))
      .flatMap(({ fileName }) => {
        const target = resolveSpecifier(file, fileName);
        return target ? [{ from: path, to: toKey(target) }] : [];
      });
  });
}

/** `domain/live-chat/x.ts` → live-chat; `domain/audit.ts` → audit; null outside the domain. */
export function domainAreaOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] !== 'domain' || parts.length < 2) return null;
  return parts.length === 2 ? (parts[1] as string).replace(/\.ts$/, '') : (parts[1] as string);
}

const TRANSPORT = [/^routers\//, /^http\//, /^trpc\.ts$/, /^context\.ts$/];

/** Code with comments and strings blanked, so a word in a comment is not a use. */
function codeOf(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  let code = '';
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const token = scanner.getTokenText();
    const blank =
      kind === ts.SyntaxKind.SingleLineCommentTrivia ||
      kind === ts.SyntaxKind.MultiLineCommentTrivia ||
      kind === ts.SyntaxKind.StringLiteral;
    code += blank ? ' ' : token;
  }
  return code;
}

const UNSCOPED_USE =
  /\.systemDb\b|\bsystemDb\s*[,}=]|\ballowRawSql\b|\$(queryRaw|executeRaw)(Unsafe)?\b|\bdatabase\.db\b/;

/** Every rule broken, as sentences; empty when the layering holds. */
export function findDependencyProblems(
  edges: readonly TImportEdge[],
  sources: readonly TSourceFile[],
): string[] {
  const problems: string[] = [];
  const graph = new Map<string, Set<string>>();
  const examples = new Map<string, string>();
  for (const { from, to } of edges) {
    if (TEST_FILE.test(from)) continue;
    const fromArea = domainAreaOf(from);
    const toArea = domainAreaOf(to);
    if (fromArea && TRANSPORT.some((pattern) => pattern.test(to))) {
      problems.push(`${from} imports ${to}: domain code must not depend on the transport`);
    }
    if (from.startsWith('http/') && to.startsWith('routers/')) {
      problems.push(`${from} imports ${to}: raw HTTP routes call the domain, never a router`);
    }
    if (fromArea && toArea && fromArea !== toArea) {
      if (!graph.has(fromArea)) graph.set(fromArea, new Set());
      graph.get(fromArea)?.add(toArea);
      examples.set(`${fromArea}>${toArea}`, `${from} → ${to}`);
    }
  }
  for (const cycle of findCycles(graph)) {
    const edgesInCycle = cycle.flatMap((a) =>
      cycle.filter((b) => graph.get(a)?.has(b)).map((b) => examples.get(`${a}>${b}`) as string),
    );
    problems.push(
      `domain areas import each other in a cycle (${cycle.join(', ')}): ${edgesInCycle.join('; ')}`,
    );
  }
  for (const { path, text } of sources) {
    if (!domainAreaOf(path) || TEST_FILE.test(path) || path in UNSCOPED_ALLOWED) continue;
    const use = codeOf(text).match(UNSCOPED_USE);
    if (use) {
      problems.push(
        `${path} uses ${use[0]}: domain code works on the caller's scoped deps.db; a system job that ` +
          'must cross accounts goes in UNSCOPED_ALLOWED (scripts/dependencies.ts) with its reason',
      );
    }
  }
  return problems;
}

/** Reads `srcDir` and checks it. */
export function checkApiDependencies(srcDir: string): { edges: number; problems: string[] } {
  const sources = readSources(srcDir);
  const edges = readImportEdges(srcDir, sources);
  return { edges: edges.length, problems: findDependencyProblems(edges, sources) };
}
