import type { Db } from '@parley/db';
import { createSecretBox, generateSecretKey, type SecretBox } from '@parley/integrations';

/**
 * A website channel's HMAC secret (G4 identity) is sealed at rest like plugin secrets: AES-256-GCM
 * under the server secret (PARLEY_SECRET_KEY or DATA_DIR/secret.key). The box is set once at start
 * (`configureChannelSecrets`) because channel rows are read in places that carry no dependencies;
 * until then a per-process key is used (tests).
 */
let box: SecretBox = createSecretBox(generateSecretKey());
const CONTEXT = 'channel:website:secrets';

export interface ChannelSecrets {
  hmac: string;
}

export function configureChannelSecrets(secretKey: string): void {
  box = createSecretBox(secretKey);
}

export function sealChannelSecrets(secrets: ChannelSecrets): string {
  return box.encrypt(JSON.stringify(secrets), CONTEXT);
}

/** The secrets of a stored row: sealed, or plain JSON as older versions stored them. */
export function readSecrets(stored: string | null): ChannelSecrets | null {
  if (!stored) return null;
  try {
    return JSON.parse(box.isEncrypted(stored) ? box.decrypt(stored, CONTEXT) : stored) as ChannelSecrets;
  } catch {
    return null;
  }
}

/** At start: seals the rows an older version stored in plain text (once; later starts find none). */
export async function sealPlainChannelSecrets(db: Db): Promise<number> {
  const rows = await db.channel.findMany({
    where: { kind: 'website', secrets: { not: null } },
    select: { id: true, secrets: true },
  });
  let sealed = 0;
  for (const row of rows) {
    if (!row.secrets || box.isEncrypted(row.secrets)) continue;
    const secrets = readSecrets(row.secrets);
    if (!secrets) continue;
    // Only if nobody changed it meanwhile (another process sealing at the same start).
    const { count } = await db.channel.updateMany({
      where: { id: row.id, secrets: row.secrets },
      data: { secrets: sealChannelSecrets(secrets) },
    });
    sealed += count;
  }
  return sealed;
}
