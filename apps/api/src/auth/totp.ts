import { decodeHex, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { createSecretBox, generateSecretKey, type SecretBox } from '@parley/integrations';

/** RFC 6238 as every authenticator app reads it: 30-second steps, 6 digits, SHA-1. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
const GRACE_SECONDS = 30;

/**
 * TOTP keys are sealed at rest like channel secrets (AES-256-GCM under PARLEY_SECRET_KEY or
 * DATA_DIR/secret.key): a copied database does not give anyone the second factor. Set once at start.
 */
let box: SecretBox = createSecretBox(generateSecretKey());
const context = (userId: string) => `user:totp:${userId}`;

export function configureTotpKeys(secretKey: string): void {
  box = createSecretBox(secretKey);
}

/** A new 160-bit key (the Lucia guide's size), sealed for storage. */
export function newTotpKey(userId: string): { sealed: string; key: Uint8Array } {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return { sealed: box.encrypt(encodeHexLowerCase(key), context(userId)), key };
}

export function openTotpKey(userId: string, sealed: string): Uint8Array {
  return decodeHex(box.decrypt(sealed, context(userId)));
}

/** What the enrolment shows: the otpauth:// URI (as a QR code) and the key to type by hand. */
export function totpEnrolment(key: Uint8Array, issuer: string, accountName: string) {
  return {
    uri: createTOTPKeyURI(issuer, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS),
    secret: encodeBase32UpperCaseNoPadding(key),
  };
}

export function checkTotp(key: Uint8Array, code: string): boolean {
  return (
    /^\d{6}$/.test(code) &&
    verifyTOTPWithGracePeriod(key, TOTP_PERIOD_SECONDS, TOTP_DIGITS, code, GRACE_SECONDS)
  );
}

/**
 * The time step a code belongs to (now, or one step either side), or null. Sign-in stores the last
 * step it accepted and takes only later ones, so a code seen over someone's shoulder is spent.
 */
export function matchTotpStep(key: Uint8Array, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  for (const step of [current - 1, current, current + 1])
    if (generateHOTP(key, BigInt(step), TOTP_DIGITS) === code) return step;
  return null;
}
