// `npm run lint:deps`: fails when domain areas import each other in a cycle, domain code imports the
// transport or reaches the unscoped database outside the system modules, or an HTTP route imports a
// router (see ./dependencies.ts).
import { fileURLToPath } from 'node:url';
import { checkApiDependencies } from './dependencies';

const { edges, problems } = checkApiDependencies(fileURLToPath(new URL('../src', import.meta.url)));
if (problems.length > 0) {
  console.error(
    `deps: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `deps: ${edges} imports; domain areas layered, transport kept out, unscoped database only in system modules`,
);
