// Which objects a number of connections added: two V8 heap snapshots (BENCH_HEAP_SNAPSHOT_DIR of the
// idle scenario, or v8.writeHeapSnapshot) compared by constructor — count and self size of each, and
// the difference divided by the number of connections between them.
//   node bench/src/lib/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot> <connections> [rows]
import { readFileSync } from 'node:fs';

function summarise(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = meta.node_types[typeAt];
  const { nodes, strings } = snap;
  const byKey = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const name = strings[nodes[i + nameAt]];
    // Objects by constructor; closures by function name; strings, code and arrays by kind.
    const key =
      type === 'object' || type === 'closure' || type === 'native' || type === 'array' || type === 'code'
        ? `${type}:${name}`
        : type === 'hidden' || type === 'object shape'
          ? `${type}:${name.slice(0, 40)}`
          : type;
    const e = byKey.get(key) ?? { n: 0, size: 0 };
    e.n++;
    e.size += nodes[i + sizeAt];
    byKey.set(key, e);
  }
  return byKey;
}

const [a, b, connsArg, rowsArg] = process.argv.slice(2);
if (!a || !b || !connsArg) {
  console.error('usage: heap-diff.mjs <before> <after> <connections> [rows]');
  process.exit(2);
}
const conns = Number(connsArg);
const before = summarise(a);
const after = summarise(b);
const rows = [];
let total = 0;
for (const [key, e] of after) {
  const p = before.get(key) ?? { n: 0, size: 0 };
  const dn = e.n - p.n;
  const ds = e.size - p.size;
  total += ds;
  if (dn !== 0 || ds !== 0) rows.push({ key, perConn: dn / conns, bytesPerConn: ds / conns });
}
for (const [key, p] of before) if (!after.has(key)) total -= p.size;
rows.sort((x, y) => y.bytesPerConn - x.bytesPerConn);
console.log(`self size added per connection: ${(total / conns / 1024).toFixed(2)} KB over ${conns}`);
console.log('bytes/conn  objects/conn  kind:name');
for (const r of rows.slice(0, Number(rowsArg ?? 50)))
  console.log(`${r.bytesPerConn.toFixed(0).padStart(10)}  ${r.perConn.toFixed(2).padStart(12)}  ${r.key}`);
