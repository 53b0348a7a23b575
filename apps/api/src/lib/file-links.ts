import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring download links for attachments: `/files/<id>?e=<unix seconds>&s=<hmac>`.
 * Whoever may see a conversation gets links when messages are built for them (console or widget);
 * the download handler needs no cookie, so images work in <img> tags inside the widget iframe.
 *
 * The key is derived from the server secret (PARLEY_SECRET_KEY or DATA_DIR/secret.key) once per
 * process, because messages are built deep inside transactions that carry no dependencies. Every
 * API process of one installation shares that secret, so a link signed by one verifies on another.
 */
let key: Buffer = randomBytes(32);

/** Called once at start-up with the server secret; before that a per-process random key is used. */
export function configureFileLinks(secret: string) {
  // A sub-key: the same secret also seals plugin credentials, and one key should do one job.
  key = createHmac('sha256', secret).update('parley:file-links:v1').digest();
}

/** Links live a day: long enough for an open console, short enough that a leaked link dies. */
export const FILE_LINK_TTL_SECONDS = 24 * 60 * 60;

const signature = (attachmentId: string, accountId: string, expires: number) =>
  createHmac('sha256', key).update(`${attachmentId}.${accountId}.${expires}`).digest('base64url');

export function signFileLink(
  attachment: { id: string; accountId: string },
  now = Date.now(),
  ttlSeconds = FILE_LINK_TTL_SECONDS,
): string {
  // Rounded to the hour so a conversation's links stay the same between reloads (browser cache).
  const expires = Math.ceil((now / 1000 + ttlSeconds) / 3600) * 3600;
  return `/files/${attachment.id}?e=${expires}&s=${signature(attachment.id, attachment.accountId, expires)}`;
}

export type LinkCheck = 'ok' | 'expired' | 'invalid';

/** Checks a link's signature for the attachment's own account, then its expiry. */
export function verifyFileLink(
  attachment: { id: string; accountId: string },
  expiresParam: string | null,
  sigParam: string | null,
  now = Date.now(),
): LinkCheck {
  if (!expiresParam || !sigParam || !/^\d{1,12}$/.test(expiresParam)) return 'invalid';
  const expires = Number(expiresParam);
  const expected = Buffer.from(signature(attachment.id, attachment.accountId, expires));
  const given = Buffer.from(sigParam);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return expires * 1000 < now ? 'expired' : 'ok';
}
