import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from './sqlite-statement-cache';

// The shape Prisma's adapter uses: prepare(sql).bind(args), then reader/columns/run/raw().all().
interface AdapterView {
  bind(args: unknown[]): {
    reader: boolean;
    columns(): { name: string }[];
    run(): { changes: number };
    raw(): { all(): unknown[][] };
  };
  run(): unknown;
}

function open(capacity?: number) {
  const db = new Database(':memory:');
  const compiled: string[] = [];
  const original = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    compiled.push(sql);
    return original(sql);
  }) as typeof db.prepare;
  cacheStatements(db, capacity);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  return { db, compiled, prepare: (sql: string) => db.prepare(sql) as unknown as AdapterView };
}

describe('cacheStatements', () => {
  it('compiles each SQL text once and binds fresh arguments on every use', () => {
    const { prepare, compiled } = open();
    for (const name of ['a', 'b', 'c']) prepare('INSERT INTO t (name) VALUES (?)').bind([name]).run();
    const select = 'SELECT id, name FROM t WHERE name <> ? ORDER BY id';
    const rows = prepare(select).bind(['b']).raw().all();
    expect(rows).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
    expect(prepare(select).bind(['a']).raw().all()).toHaveLength(2);
    expect(
      prepare(select)
        .bind([])
        .columns()
        .map((c) => c.name),
    ).toEqual(['id', 'name']);
    expect(compiled.filter((sql) => sql.startsWith('INSERT'))).toHaveLength(1);
    expect(compiled.filter((sql) => sql === select)).toHaveLength(1);
    // A statement's columns are read once and kept with it.
    expect(prepare(select).bind(['x']).columns()).toBe(prepare(select).bind(['y']).columns());
  });

  it('runs unbound statements (BEGIN/COMMIT) and rolls back', () => {
    const { prepare } = open();
    prepare('BEGIN').run();
    prepare('INSERT INTO t (name) VALUES (?)').bind(['x']).run();
    prepare('ROLLBACK').run();
    expect(prepare('SELECT count(*) FROM t').bind([]).raw().all()).toEqual([[0]]);
  });

  it('evicts the least recently used statement beyond its capacity', () => {
    const { prepare, compiled } = open(2);
    const q = (n: number) => `SELECT ${n}`;
    prepare(q(1)).bind([]).raw().all();
    prepare(q(2)).bind([]).raw().all();
    prepare(q(1)).bind([]).raw().all(); // 1 is now the most recent
    prepare(q(3)).bind([]).raw().all(); // evicts 2
    prepare(q(1)).bind([]).raw().all();
    prepare(q(2)).bind([]).raw().all();
    expect(compiled.filter((sql) => sql === q(1))).toHaveLength(1);
    expect(compiled.filter((sql) => sql === q(2))).toHaveLength(2);
  });
});
