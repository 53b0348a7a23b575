/**
 * A small ICU MessageFormat subset, enough for the widget's strings without shipping a library:
 * `{name}`, `{n, number}`, `{n, plural, =0 {…} one {# …} other {# …}}` (categories from
 * `Intl.PluralRules` of the language), `{x, select, a {…} other {…}}`, and quoting (`''` is an
 * apostrophe, `'{…}'` literal braces). Write apostrophes in translations as ’ anyway. The catalogue test
 * parses every message with formatjs' full parser, so what ships here is also valid ICU elsewhere.
 */
type Node = string | 0 | { n: string; k?: string; o?: Record<string, Node[]> };
export type Values = Record<string, string | number>;

const parsed = new Map<string, Node[]>();

export function parseMessage(src: string): Node[] {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`Bad message at ${i}: ${src}`);
  };
  const space = () => {
    while (/\s/.test(src[i] ?? '')) i++;
  };
  const word = () => {
    space();
    const m = /^[^\s,{}]+/.exec(src.slice(i)) ?? fail();
    i += m[0].length;
    space();
    return m[0];
  };
  function nodes(hash: boolean): Node[] {
    const out: Node[] = [];
    let lit = '';
    const flush = () => {
      if (lit) out.push(lit);
      lit = '';
    };
    while (i < src.length && src[i] !== '}') {
      const c = src[i] as string;
      const next = src[i + 1];
      if (c === '{') {
        flush();
        i++;
        out.push(argument());
      } else if (c === '#' && hash) {
        flush();
        out.push(0);
        i++;
      } else if (c === "'" && next === "'") {
        lit += c;
        i += 2;
      } else if (c === "'" && (next === '{' || next === '}' || (next === '#' && hash))) {
        const end = src.indexOf("'", i + 1);
        lit += src.slice(i + 1, end < 0 ? src.length : end);
        i = end < 0 ? src.length : end + 1;
      } else {
        lit += c;
        i++;
      }
    }
    flush();
    return out;
  }
  function argument(): Node {
    const n = word();
    if (src[i] === '}') {
      i++;
      return { n };
    }
    if (src[i++] !== ',') fail();
    const k = word();
    if (k === 'number' && src[i] === '}') {
      i++;
      return { n, k };
    }
    if ((k !== 'plural' && k !== 'select') || src[i++] !== ',') fail();
    const o: Record<string, Node[]> = {};
    for (space(); src[i] !== '}'; space()) {
      const key = word();
      if (src[i++] !== '{') fail();
      o[key] = nodes(k === 'plural');
      if (src[i++] !== '}') fail();
    }
    i++;
    if (!o.other) fail();
    return { n, k, o };
  }
  const out = nodes(false);
  if (i < src.length) fail();
  return out;
}

const plurals = new Map<string, Intl.PluralRules>();
const pluralRules = (locale: string) => {
  let rules = plurals.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    plurals.set(locale, rules);
  }
  return rules;
};

function run(ast: Node[], values: Values | undefined, locale: string, hash: number): string {
  let out = '';
  for (const node of ast) {
    if (typeof node === 'string') out += node;
    else if (node === 0) out += hash.toLocaleString(locale);
    else {
      const v = values?.[node.n];
      if (!node.o) out += node.k ? Number(v).toLocaleString(locale) : (v ?? '');
      else if (node.k === 'select') out += run(node.o[String(v)] ?? node.o.other ?? [], values, locale, hash);
      else {
        const x = Number(v);
        const branch = node.o[`=${x}`] ?? node.o[pluralRules(locale).select(x)] ?? node.o.other ?? [];
        out += run(branch, values, locale, x);
      }
    }
  }
  return out;
}

/** Formats `pattern` (throws SyntaxError on a broken one; the catalogue test keeps them sound). */
export function formatMessage(pattern: string, values: Values | undefined, locale: string): string {
  let ast = parsed.get(pattern);
  if (!ast) {
    ast = parseMessage(pattern);
    parsed.set(pattern, ast);
  }
  return run(ast, values, locale, 0);
}
