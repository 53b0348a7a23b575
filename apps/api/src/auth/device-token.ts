import { createHmac, timingSafeEqual } from 'node:crypto';
import { generateToken } from './tokens';

/**
 * OWASP's "device cookie" against lockout: a browser where a user logged in once carries a token
 * only the server can mint, so its logins are counted on their own and not blocked by someone
 * else's failures for the same email. The MAC key is the user's password hash: no new secret to
 * keep, and changing the password invalidates every device token at once.
 */
export function issueDeviceToken(user: { id: string; passwordHash: string }): string {
  const nonce = generateToken();
  return `${nonce}.${mac(user, nonce)}`;
}

/** The token's nonce when it was minted for this user, else null. */
export function verifyDeviceToken(
  token: string | undefined,
  user: { id: string; passwordHash: string },
): string | null {
  const [nonce, given] = token?.split('.') ?? [];
  if (!nonce || !given) return null;
  const expected = Buffer.from(mac(user, nonce));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? nonce : null;
}

function mac(user: { id: string; passwordHash: string }, nonce: string): string {
  return createHmac('sha256', user.passwordHash).update(`device:${user.id}:${nonce}`).digest('base64url');
}
