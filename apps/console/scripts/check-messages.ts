// `npm run i18n:check`: fails when a catalogue is missing an id used in the code, has ids no code uses,
// or a translation's ICU placeholders differ from the English source.
import { extractMessages, findCatalogueProblems, readCatalogues } from './messages';

const source = extractMessages();
const catalogues = readCatalogues();
const problems = findCatalogueProblems(source, catalogues);
if (problems.length > 0) {
  console.error(
    `i18n: ${problems.length} problem(s)\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `i18n: ${Object.keys(source).length} messages, catalogues ${Object.keys(catalogues).sort().join(', ')} complete`,
);
