import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';
import { loadAvg, machine } from './util';

const outDir = path.join(repoRoot, 'bench/out');
const resultsMd = path.join(repoRoot, 'bench/RESULTS.md');

export function header(config: string) {
  const m = machine();
  return `_${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${m.nproc} cores · ${m.memoryGiB} GiB · ${m.cpu} · Node ${m.node} · git ${m.gitRev} · ${config} · load average at end ${loadAvg()}_`;
}

/** Writes the JSON to bench/out and replaces this scenario's section in bench/RESULTS.md. */
export function saveResult(scenario: string, data: unknown, markdown: string) {
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = { scenario, at: new Date().toISOString(), machine: machine(), loadAvg: loadAvg(), data };
  writeFileSync(path.join(outDir, `${scenario}-${stamp}.json`), JSON.stringify(json, null, 2));
  writeFileSync(path.join(outDir, `${scenario}-latest.json`), JSON.stringify(json, null, 2));
  let md = existsSync(resultsMd) ? readFileSync(resultsMd, 'utf8') : '# Benchmark results\n';
  const begin = `<!-- ${scenario}:begin -->`;
  const end = `<!-- ${scenario}:end -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const i = md.indexOf(begin);
  const j = md.indexOf(end);
  md = i >= 0 && j > i ? md.slice(0, i) + block + md.slice(j + end.length) : `${md.trimEnd()}\n\n${block}\n`;
  writeFileSync(resultsMd, md);
  console.log(`\nresults: bench/out/${scenario}-${stamp}.json, bench/RESULTS.md (${scenario})`);
}

export const met = (ok: boolean | null) => (ok === null ? '—' : ok ? '✅ met' : '❌ missed');
