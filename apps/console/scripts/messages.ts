import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';

export const consoleRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const messagesDir = join(consoleRoot, 'src/i18n/messages');
export const SOURCE_LOCALE = 'en';

// Ids are written by hand ("login.title"); a generated hash means someone forgot the id.
const ID_PATTERN = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+$/;

export type TCatalogue = Record<string, string>;

/** Runs `formatjs extract` over the console's code; the result is what en.json must contain. */
export function extractMessages(outFile?: string): TCatalogue {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('@formatjs/cli/package.json')), 'bin/formatjs');
  const dir = outFile ? null : mkdtempSync(join(tmpdir(), 'parley-i18n-'));
  const target = outFile ?? join(dir as string, 'messages.json');
  try {
    execFileSync(
      cli,
      [
        'extract',
        'src/**/*.{ts,tsx}',
        '--ignore',
        'src/**/*.d.ts',
        'src/**/*.test.ts',
        '--out-file',
        target,
        '--format',
        'simple',
        '--throws',
      ],
      { cwd: consoleRoot, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return JSON.parse(readFileSync(target, 'utf8')) as TCatalogue;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export function readCatalogues(): Record<string, TCatalogue> {
  const catalogues: Record<string, TCatalogue> = {};
  for (const file of readdirSync(messagesDir).filter((name) => name.endsWith('.json'))) {
    catalogues[basename(file, '.json')] = JSON.parse(
      readFileSync(join(messagesDir, file), 'utf8'),
    ) as TCatalogue;
  }
  return catalogues;
}

const typeNames: Record<number, string> = {
  [TYPE.argument]: 'argument',
  [TYPE.number]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'time',
  [TYPE.select]: 'select',
  [TYPE.plural]: 'plural',
  [TYPE.tag]: 'tag',
};

/** The arguments and tags a message uses, e.g. ["email:argument", "minutes:plural"]; plural forms may differ. */
export function placeholdersOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      const type = typeNames[element.type];
      if (type && 'value' in element && typeof element.value === 'string')
        found.add(`${element.value}:${type}`);
      if (element.type === TYPE.select || element.type === TYPE.plural) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(message));
  return [...found].sort();
}

function tryPlaceholders(message: string): string[] | Error {
  try {
    return placeholdersOf(message);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Everything wrong with the catalogues compared with the messages in the code: ids without a catalogue
 * entry, entries no code uses, differing ICU arguments, unparsable messages, a stale en.json.
 */
export function findCatalogueProblems(source: TCatalogue, catalogues: Record<string, TCatalogue>): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(source)) {
    if (!ID_PATTERN.test(id))
      problems.push(`code: message "${source[id]}" has no explicit dotted id (got "${id}")`);
  }
  if (!catalogues[SOURCE_LOCALE]) problems.push(`${SOURCE_LOCALE}: catalogue missing`);
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    for (const [id, sourceMessage] of Object.entries(source)) {
      const message = catalogue[id];
      if (message === undefined) {
        problems.push(`${locale}: missing "${id}"`);
        continue;
      }
      if (locale === SOURCE_LOCALE && message !== sourceMessage) {
        problems.push(`${locale}: "${id}" differs from the code; run npm run i18n:extract`);
      }
      const expected = tryPlaceholders(sourceMessage);
      const actual = tryPlaceholders(message);
      if (actual instanceof Error) {
        problems.push(`${locale}: "${id}" is not valid ICU: ${actual.message}`);
      } else if (!(expected instanceof Error) && expected.join() !== actual.join()) {
        problems.push(
          `${locale}: "${id}" has placeholders [${actual.join(', ')}], expected [${expected.join(', ')}]`,
        );
      }
    }
    for (const id of Object.keys(catalogue)) {
      if (!Object.hasOwn(source, id)) problems.push(`${locale}: extra "${id}" is not used in the code`);
    }
  }
  return problems;
}
