// `npm run lint:deps`: fails when shared code imports a feature or serves one feature only, a feature
// is imported past its index.ts, or features import each other in a cycle (see ./dependencies.ts).
import { fileURLToPath } from 'node:url';
import { findDependencyProblems, readImportEdges } from './dependencies';

const edges = readImportEdges(fileURLToPath(new URL('../src', import.meta.url)));
const problems = findDependencyProblems(edges);
if (problems.length > 0) {
  console.error(
    `deps: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`deps: ${edges.length} imports, features layered and entered through their index.ts`);
