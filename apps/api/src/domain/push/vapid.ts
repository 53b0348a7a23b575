import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import webpush from 'web-push';

/** A7: the server's VAPID identity, which push services use to know who sends. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:` contact the push service may use (RFC 8292). */
  subject: string;
}

export const VAPID_FILE = 'vapid.json';

/**
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY from the environment when both are set (every process of a
 * scale-out must share one pair: browsers subscribed with it); otherwise DATA_DIR/vapid.json,
 * generated at first start (readable by this user only). Changing the keys invalidates every
 * device's subscription: agents turn push on again.
 */
export async function loadVapidKeys(options: {
  dataDir: string;
  publicKey?: string | undefined;
  privateKey?: string | undefined;
  subject?: string | undefined;
  publicUrl?: string | undefined;
}): Promise<VapidKeys> {
  const subject =
    options.subject ??
    (options.publicUrl?.startsWith('https://') ? options.publicUrl : 'mailto:push@parley.invalid');
  if (options.publicKey && options.privateKey)
    return { publicKey: options.publicKey, privateKey: options.privateKey, subject };
  const file = path.join(options.dataDir, VAPID_FILE);
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<VapidKeys>;
    if (stored.publicKey && stored.privateKey)
      return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const generated = webpush.generateVAPIDKeys();
  try {
    // `wx`: two processes starting together on one DATA_DIR keep the first one's pair.
    await writeFile(file, `${JSON.stringify(generated)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadVapidKeys(options);
  }
  return { ...generated, subject };
}
