import type { Db } from '@parley/db';
import { issueDeviceToken, verifyDeviceToken } from '../auth/device-token';
import { verifyAgainstDummy, verifyPassword } from '../auth/password';
import { generateToken, hashToken } from '../auth/tokens';
import { AppError, notFound } from '../errors';
import { clearLimit, forgetHit, type Limit, recordHit } from './rate-limit';
import { accountSuspended, type ClientInfo, createSession } from './sessions';
import {
  encodeLinked,
  linkUser,
  MAX_LINKED_USERS,
  parseLinked,
  stillProves,
  withFullSignIn,
} from './sign-in/linked-users';
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

/** What the account picker shows for each account a password unlocked. */
export interface AccountOption {
  accountId: string;
  accountName: string;
  role: 'owner' | 'admin' | 'agent';
}

export type LoginResult =
  | Awaited<ReturnType<typeof signedIn>>
  | { twoFactor: { challenge: string } }
  | { choose: { ticket: string; accounts: AccountOption[] } };

/** The account picker's ticket lives as long as a second-factor challenge. */
export const ACCOUNT_CHOICE_TTL_MS = 5 * 60 * 1000;

/**
 * Password sign-in. One address may belong to users of several accounts (docs/security.md): the
 * password is checked against each of them, and only those it unlocks are ever named to the caller.
 * A wrong password gets the same answer whether the address has no user, one or several; the checks
 * run in parallel (argon2 on the thread pool), so the time hardly depends on the count either.
 */
export async function login(
  db: Db,
  input: { email: string; password: string },
  client: ClientInfo,
  deviceToken?: string,
): Promise<LoginResult> {
  const users = await db.user.findMany({
    where: { email: input.email },
    include: { account: { select: { name: true, suspendedAt: true } } },
    orderBy: { createdAt: 'asc' },
    take: MAX_LINKED_USERS,
  });
  let device: string | null = null;
  for (const user of users) device ??= verifyDeviceToken(deviceToken, user);
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

  if (users.length === 0) await verifyAgainstDummy(input.password);
  const checks = await Promise.all(users.map((u) => verifyPassword(u.passwordHash, input.password)));
  const unlocked = users.filter((_, i) => checks[i]);
  // Same answer for an unknown email and a wrong password.
  if (unlocked.length === 0) throw invalidCredentials();
  // A right password: the narrow buckets start over, the shared ones do not pay for it.
  const [first, ...shared] = limits;
  if (first) await clearLimit(db, first.key);
  for (const limit of shared) await forgetHit(db, limit.key);
  // Only someone with the password learns why a user cannot sign in.
  const usable = unlocked.filter((u) => !u.disabledAt && !u.emailUnverified);
  if (usable.length === 0) {
    if (unlocked.some((u) => !u.disabledAt)) throw emailUnverified();
    throw new AppError('forbidden', 'auth.disabled', 'This agent has been disabled');
  }
  const linked = encodeLinked(usable.map((u) => linkUser(u, false)));
  // A suspended account is never offered (#19): with the others left, the picker lists only them (or
  // signs straight into the one left); with none, sign-in answers `account.suspended`.
  // They stay in the proven set, so switching finds them again once the operator lifts the suspension.
  const offered = usable.filter((u) => !u.account.suspendedAt);
  if (offered.length === 0) throw accountSuspended();
  const [only] = offered;
  if (offered.length === 1 && only) return proceed(db, only, linked, client);
  const ticket = generateToken();
  await db.accountChoice.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  await db.accountChoice.create({
    data: {
      id: hashToken(ticket),
      linkedUsers: linked,
      expiresAt: new Date(Date.now() + ACCOUNT_CHOICE_TTL_MS),
    },
  });
  return {
    choose: {
      ticket,
      accounts: offered.map((u) => ({ accountId: u.accountId, accountName: u.account.name, role: u.role })),
    },
  };
}

const emailUnverified = () =>
  new AppError(
    'forbidden',
    'auth.email_unverified',
    'Confirm your email address first: open the link we sent you',
  );

/** The password is right: a second factor if this user has one, else the session. */
async function proceed(
  db: Db,
  user: { id: string; accountId: string; passwordHash: string; totpEnabledAt: Date | null },
  linkedUsers: string,
  client: ClientInfo,
) {
  // A5: with two-factor sign-in on, the password alone makes no session, only a 5-minute challenge.
  if (user.totpEnabledAt)
    return { twoFactor: { challenge: await createLoginChallenge(db, user, linkedUsers) } };
  return signedIn(db, user, client, linkedUsers);
}

/**
 * The account picker's answer: the ticket (single use) names the users the password unlocked a few
 * minutes ago, and the chosen account must be one of theirs, still with the same password.
 */
export async function chooseAccount(
  db: Db,
  input: { ticket: string; accountId: string },
  client: ClientInfo,
) {
  const id = hashToken(input.ticket);
  const row = await db.accountChoice.findUnique({ where: { id } });
  const { count } = await db.accountChoice.deleteMany({ where: { id } });
  if (!row || count === 0 || row.expiresAt.getTime() <= Date.now())
    throw new AppError('unauthorized', 'auth.choice_expired', 'Sign in again: this step took too long');
  const entries = parseLinked(row.linkedUsers);
  const user = await db.user.findFirst({
    where: { accountId: input.accountId, id: { in: entries.map((e) => e.userId) } },
  });
  const entry = user && entries.find((e) => e.userId === user.id);
  if (!user || !entry || !stillProves(entry, user, true)) throw notFound('Account');
  return proceed(db, user, row.linkedUsers, client);
}

async function signedIn(
  db: Db,
  user: { id: string; accountId: string; passwordHash: string },
  client: ClientInfo,
  linkedUsers: string | null,
) {
  const session = await createSession(db, user, client, linkedUsers);
  return { me: await getMe(db, user.accountId, user.id), ...session, deviceToken: issueDeviceToken(user) };
}

/** The second step of a two-factor sign-in: a TOTP or recovery code for the challenge. */
export async function loginWithCode(db: Db, input: { challenge: string; code: string }, client: ClientInfo) {
  const { user, linkedUsers } = await completeLoginChallenge(db, input.challenge, input.code, client.ip);
  // This user's second factor is given now: switching back to it later needs no code again.
  const linked = encodeLinked(withFullSignIn(parseLinked(linkedUsers), user));
  return signedIn(db, user, client, linked);
}

/** Password-less sign-in with a passkey (both factors at once). */
export async function loginWithPasskey(
  db: Db,
  publicUrl: string,
  input: Parameters<typeof finishPasskeyLogin>[2],
  client: ClientInfo,
) {
  const user = await finishPasskeyLogin(db, publicUrl, input, client.ip);
  // A passkey belongs to one user: it proves that one, and no other account's.
  return signedIn(db, user, client, encodeLinked([linkUser(user, true)]));
}
