import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where data folders and probe files go: BENCH_TMP (e.g. a disk rather than a tmpfs), else the OS's. */
export const benchTmp = () => process.env.BENCH_TMP || os.tmpdir();
