// Preloaded into the API process (BENCH_NODE_FLAGS="--import <this file>", BENCH_SQL_PROBE_FILE=out.json):
// counts every SQLite statement the process runs (Prisma's and the hot path's alike: both go through
// better-sqlite3) and the time spent inside it, per SQL text and per second. Answers "what issues
// queries while chats go on" without touching the server's code. SQLite only.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const file = process.env.BENCH_SQL_PROBE_FILE;
if (file) {
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  const proto = Object.getPrototypeOf(db.prepare('select 1'));
  db.close();
  /** second → sql → [count, ms] */
  const seconds = [];
  let current = new Map();
  const wrap = (name) => {
    const original = proto[name];
    proto[name] = function (...args) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const sql = this.source.replace(/\s+/g, ' ').slice(0, 160);
        const entry = current.get(sql) ?? [0, 0];
        entry[0]++;
        entry[1] += performance.now() - t0;
        current.set(sql, entry);
      }
    };
  };
  for (const name of ['run', 'get', 'all', 'iterate']) wrap(name);
  setInterval(() => {
    seconds.push({ at: Date.now(), sql: Object.fromEntries(current) });
    current = new Map();
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(seconds));
  }, 1000).unref();
}
