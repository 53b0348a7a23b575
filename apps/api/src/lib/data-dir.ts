import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * DATA_DIR holds the database, the key that seals secrets and uploaded files: only the server's
 * user may read it. New files get 0600 from the umask main.ts sets; this fixes what an older
 * version (or another tool) left readable: the folder and its direct children, not every upload.
 */
export async function secureDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const target = path.join(dir, entry.name);
    if (entry.isDirectory()) await chmod(target, 0o700);
    else if (entry.isFile()) await chmod(target, 0o600);
  }
}

/** Files and folders the process creates are its user's alone (0600 / 0700). */
export const PRIVATE_UMASK = 0o077;
