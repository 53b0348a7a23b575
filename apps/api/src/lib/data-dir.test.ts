import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { secureDataDir } from './data-dir';

const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

it('makes an existing data directory private: the folder 0700, its files 0600', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'parley-datadir-'));
  const dir = path.join(root, 'data');
  try {
    // What an older version left behind with a 022 umask.
    await mkdir(path.join(dir, 'files'), { recursive: true, mode: 0o755 });
    await writeFile(path.join(dir, 'parley.db'), '', { mode: 0o644 });
    await writeFile(path.join(dir, 'parley.db-wal'), '', { mode: 0o644 });
    await secureDataDir(dir);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'files'))).toBe(0o700);
    expect(await modeOf(path.join(dir, 'parley.db'))).toBe(0o600);
    expect(await modeOf(path.join(dir, 'parley.db-wal'))).toBe(0o600);
    // A fresh one is created private.
    await secureDataDir(path.join(root, 'new'));
    expect(await modeOf(path.join(root, 'new'))).toBe(0o700);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
