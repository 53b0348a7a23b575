import type { Db } from '@parley/db';
import { issueDeviceToken, verifyDeviceToken } from '../auth/device-token';
import { verifyAgainstDummy, verifyPassword } from '../auth/password';
import { AppError } from '../errors';
import { clearLimit, forgetHit, type Limit, recordHit } from './rate-limit';
import { type ClientInfo, createSession } from './sessions';
import { finishPasskeyLogin } from './sign-in/passkeys';
import { completeLoginChallenge, createLoginChallenge } from './sign-in/two-factor';
import { getMe } from './users';

const WINDOW_MS = 15 * 60 * 1000;
/**
 * Login attempts allowed in 15 minutes (docs/security.md, "Login"). A browser without a device
 * cookie is counted per (email, address), per address and per email (a distributed guess at one
 * account); a browser where this user logged in before is counted on its own device bucket only,
 * so nobody else's failures lock the user out of their usual browser.
 */
export const LOGIN_LIMITS = { perEmailAndIp: 10, perIp: 50, perEmail: 50, perDevice: 10 } as const;
/** After this many attempts in a bucket, each further one waits twice as long as the one before. */
const FREE_ATTEMPTS = 3;
const DELAY_BASE_MS = 50;
const DELAY_MAX_MS = 1000;

const invalidCredentials = () =>
  new AppError('unauthorized', 'auth.invalid_credentials', 'Wrong email or password');
const rateLimited = () =>
  new AppError('rate_limited', 'auth.rate_limited', 'Too many attempts; try again in a few minutes');

export function loginDelayMs(attempt: number): number {
  if (attempt <= FREE_ATTEMPTS) return 0;
  return Math.min(DELAY_MAX_MS, DELAY_BASE_MS * 2 ** (attempt - FREE_ATTEMPTS - 1));
}

export async function login(
  db: Db,
  input: { email: string; password: string },
  client: ClientInfo,
  deviceToken?: string,
) {
  const user = await db.user.findUnique({ where: { email: input.email } });
  const device = user ? verifyDeviceToken(deviceToken, user) : null;
  const ip = client.ip ?? 'unknown';
  const limits: Limit[] = device
    ? [{ key: `login:device:${device}`, max: LOGIN_LIMITS.perDevice, windowMs: WINDOW_MS }]
    : [
        { key: `login:email-ip:${input.email}:${ip}`, max: LOGIN_LIMITS.perEmailAndIp, windowMs: WINDOW_MS },
        { key: `login:ip:${ip}`, max: LOGIN_LIMITS.perIp, windowMs: WINDOW_MS },
        { key: `login:email:${input.email}`, max: LOGIN_LIMITS.perEmail, windowMs: WINDOW_MS },
      ];
  // Counted before the password is checked, so parallel guesses cannot all pass a check first.
  const counts: number[] = [];
  for (const limit of limits) {
    const count = await recordHit(db, limit);
    counts.push(count);
    if (count > limit.max) throw rateLimited();
  }
  const delay = loginDelayMs(counts[0] ?? 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));

  if (!user) await verifyAgainstDummy(input.password);
  // Same answer for an unknown email and a wrong password.
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) throw invalidCredentials();
  if (user.disabledAt) throw new AppError('forbidden', 'auth.disabled', 'This agent has been disabled');
  // A right password: the narrow buckets start over, the shared ones do not pay for it.
  const [first, ...shared] = limits;
  if (first) await clearLimit(db, first.key);
  for (const limit of shared) await forgetHit(db, limit.key);
  // A5: with two-factor sign-in on, the password alone makes no session, only a 5-minute challenge.
  if (user.totpEnabledAt) return { twoFactor: { challenge: await createLoginChallenge(db, user) } };
  return signedIn(db, user, client);
}

async function signedIn(
  db: Db,
  user: { id: string; accountId: string; passwordHash: string },
  client: ClientInfo,
) {
  const session = await createSession(db, user, client);
  return { me: await getMe(db, user.accountId, user.id), ...session, deviceToken: issueDeviceToken(user) };
}

/** The second step of a two-factor sign-in: a TOTP or recovery code for the challenge. */
export async function loginWithCode(db: Db, input: { challenge: string; code: string }, client: ClientInfo) {
  const user = await completeLoginChallenge(db, input.challenge, input.code, client.ip);
  return signedIn(db, user, client);
}

/** Password-less sign-in with a passkey (both factors at once). */
export async function loginWithPasskey(
  db: Db,
  publicUrl: string,
  input: Parameters<typeof finishPasskeyLogin>[2],
  client: ClientInfo,
) {
  const user = await finishPasskeyLogin(db, publicUrl, input, client.ip);
  return signedIn(db, user, client);
}
