import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';

/**
 * AES-256-GCM with a key derived (HKDF-SHA256) from the server's secret (env PARLEY_SECRET_KEY or a
 * generated key kept in DATA_DIR). Ciphertexts look like `enc:v1:<base64url(iv|tag|data)>`; the
 * additional data binds one to its purpose (e.g. `plugin:<name>:<field>`) so it cannot be moved.
 */
export interface SecretBox {
  encrypt(plaintext: string, context?: string): string;
  decrypt(ciphertext: string, context?: string): string;
  isEncrypted(value: unknown): value is string;
  /** A stable secret derived for a purpose (per-install webhook tokens...). */
  derive(purpose: string): string;
}

export function createSecretBox(secretKey: string): SecretBox {
  if (!secretKey || secretKey.length < 16) {
    throw new Error('The secret key must be at least 16 characters (set PARLEY_SECRET_KEY)');
  }
  const key = Buffer.from(hkdfSync('sha256', secretKey, 'parley', 'plugin-secrets/v1', 32));
  const deriveKey = Buffer.from(hkdfSync('sha256', secretKey, 'parley', 'plugin-derive/v1', 32));
  return {
    encrypt(plaintext, context = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
    },
    decrypt(ciphertext, context = '') {
      if (!ciphertext.startsWith(PREFIX)) throw new Error('Not an encrypted value');
      const raw = Buffer.from(ciphertext.slice(PREFIX.length), 'base64url');
      if (raw.length < 28) throw new Error('Encrypted value truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    isEncrypted(value): value is string {
      return typeof value === 'string' && value.startsWith(PREFIX);
    },
    derive(purpose) {
      return createHmac('sha256', deriveKey).update(purpose).digest('base64url');
    },
  };
}

/** A new random secret key, for a server without PARLEY_SECRET_KEY to keep in its DATA_DIR. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Seal a config for storage: JSON where each secret field's value is replaced by its ciphertext
 * (non-secret fields stay readable). `openConfig` reverses it.
 */
export function sealConfig(
  box: SecretBox,
  pluginName: string,
  secretFields: readonly string[],
  config: Record<string, unknown>,
): string {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(config)) {
    out[field] =
      secretFields.includes(field) && value !== undefined && value !== null
        ? box.encrypt(JSON.stringify(value), `plugin:${pluginName}:${field}`)
        : value;
  }
  return JSON.stringify(out);
}

export function openConfig(box: SecretBox, pluginName: string, sealed: string): Record<string, unknown> {
  const stored = JSON.parse(sealed || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(stored)) {
    out[field] = box.isEncrypted(value)
      ? JSON.parse(box.decrypt(value, `plugin:${pluginName}:${field}`))
      : value;
  }
  return out;
}
