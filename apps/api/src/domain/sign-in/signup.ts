import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '@parley/db';
import { hashPassword } from '../../auth/password';
import { generateToken, hashToken } from '../../auth/tokens';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import { runInBackground } from '../../lib/background';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { verifyEmailMail } from '../../mail/verify-email';
import { audit } from '../audit';
import { createAccountWithOwner } from '../new-account';
import { recordHit } from '../rate-limit';
import { needsSetup } from '../setup';
import { MAX_LINKED_USERS } from './linked-users';

/** A confirmation link works once, for 24 hours. */
export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/**
 * Sign-ups per client address in an hour (each makes an account and sends a mail), and
 * confirmation mails asked again per address and per client address.
 */
export const SIGNUP_LIMITS = { perIp: 5, resendPerEmail: 3, resendPerIp: 20 } as const;

export interface SignupDeps {
  db: Db;
  mailer: Mailer | null;
  logger: Logger;
  publicUrl: string;
  signup: Config['signup'];
}

export interface SignupInput {
  accountName: string;
  name: string;
  email: string;
  password: string;
  locale: 'en' | 'tr';
  inviteCode?: string | undefined;
}

const rateLimited = () =>
  new AppError('rate_limited', 'auth.rate_limited', 'Too many attempts; try again in a few minutes');
const invalidLink = () =>
  new AppError('bad_request', 'signup.link_invalid', 'This confirmation link is invalid, used or expired');

/** What the sign-up page shows: the mode, and whether this server can take sign-ups at all. */
export async function getSignupStatus(deps: Pick<SignupDeps, 'db' | 'mailer' | 'signup'>) {
  // A server that sends no mail cannot confirm addresses, and the first account goes through setup.
  const available = deps.signup.mode !== 'closed' && !!deps.mailer && !(await needsSetup(deps.db));
  return { mode: available ? deps.signup.mode : ('closed' as const) };
}

/** Codes compared by their digests: equal length, constant time, whichever code is tried. */
function isInviteCode(codes: string[], given: string | undefined): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const g = digest(given.trim());
  let found = false;
  for (const code of codes) if (timingSafeEqual(digest(code), g)) found = true;
  return found;
}

/**
 * Public sign-up (SIGNUP=open|invite): a new account with its owner, unusable until the owner
 * confirms the address by the mailed link. Nothing is created when anything is refused. The owner
 * is a user of its own account only: an address already used elsewhere on the server is no
 * obstacle and links nothing (switching needs a sign-in that proves both: linked-users.ts).
 */
export async function signUp(deps: SignupDeps, input: SignupInput, ip: string | undefined) {
  const { db } = deps;
  const { mode } = await getSignupStatus(deps);
  if (mode === 'closed') throw new AppError('forbidden', 'signup.closed', 'Sign-up is closed on this server');
  const limit = { key: `signup:ip:${ip ?? 'unknown'}`, max: SIGNUP_LIMITS.perIp, windowMs: HOUR };
  if ((await recordHit(db, limit)) > limit.max) throw rateLimited();
  if (mode === 'invite' && !isInviteCode(deps.signup.inviteCodes, input.inviteCode))
    throw new AppError('bad_request', 'signup.invite_invalid', 'This invitation code is not valid');
  const passwordHash = await hashPassword(input.password);
  const token = generateToken();
  const user = await db.$transaction(async (tx) => {
    const { account, user: created } = await createAccountWithOwner(tx, input.accountName, {
      email: input.email,
      name: input.name,
      passwordHash,
      locale: input.locale,
      emailUnverified: true,
    });
    await tx.emailVerification.create({
      data: {
        accountId: account.id,
        userId: created.id,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS),
      },
    });
    await audit(tx, {
      accountId: account.id,
      actorUserId: created.id,
      action: 'account.signed_up',
      data: { mode },
      ip,
    });
    return created;
  });
  await sendVerification(deps, user, input.accountName, token);
  return { ok: true as const };
}

async function sendVerification(
  deps: SignupDeps,
  user: { id: string; email: string; locale: string },
  accountName: string,
  token: string,
) {
  if (!deps.mailer) return;
  const link = `${deps.publicUrl}/verify-email/${token}`;
  try {
    await deps.mailer.send(
      verifyEmailMail(user.email, user.locale, accountName, link, EMAIL_VERIFICATION_TTL_MS / HOUR),
    );
  } catch (err) {
    // The account waits unconfirmed; "send the link again" is the way out.
    deps.logger.warn({ err, userId: user.id }, 'verification mail failed');
  }
}

/**
 * "Send the link again": the same answer for every address (nobody learns who signed up), a new
 * link for each unconfirmed user of the address (older links die), both limits counted each time.
 */
export async function resendVerification(deps: SignupDeps, input: { email: string }, ip: string | undefined) {
  const limits = [
    { key: `verify-resend:email:${input.email}`, max: SIGNUP_LIMITS.resendPerEmail, windowMs: HOUR },
    { key: `verify-resend:ip:${ip ?? 'unknown'}`, max: SIGNUP_LIMITS.resendPerIp, windowMs: HOUR },
  ];
  for (const limit of limits) if ((await recordHit(deps.db, limit)) > limit.max) throw rateLimited();
  const users = await deps.db.user.findMany({
    where: { email: input.email, emailUnverified: true },
    include: { account: { select: { name: true } } },
    take: MAX_LINKED_USERS,
  });
  const sends: Promise<void>[] = [];
  for (const user of users) {
    const token = generateToken();
    await deps.db.$transaction(async (tx) => {
      await tx.emailVerification.updateMany({
        where: { userId: user.id, accountId: user.accountId, usedAt: null },
        data: { usedAt: new Date() },
      });
      await tx.emailVerification.create({
        data: {
          accountId: user.accountId,
          userId: user.id,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS),
        },
      });
    });
    sends.push(sendVerification(deps, user, user.account.name, token));
  }
  // In the background (the response time does not tell whether the address signed up), with the
  // project's one owner of background work, so a failure is logged, never an unhandled rejection.
  runInBackground(deps.logger, 'verification-resend', { count: sends.length }, () => Promise.all(sends));
  return { ok: true as const };
}

/**
 * The link from the mail: confirms the address and makes the account usable. It signs nobody in:
 * whoever opens the link proves the mailbox, not the password (someone else may have signed up with
 * this address), so the next step is the normal sign-in.
 */
export async function verifyEmail(db: Db, input: { token: string }, ip: string | undefined) {
  const row = await db.emailVerification.findUnique({
    where: { tokenHash: hashToken(input.token) },
    include: { user: { select: { email: true } }, account: { select: { name: true } } },
  });
  if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) throw invalidLink();
  await db.$transaction(async (tx) => {
    // Single use: only the request that flips usedAt goes on.
    const { count } = await tx.emailVerification.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw invalidLink();
    await tx.user.updateMany({
      where: { id: row.userId, accountId: row.accountId },
      data: { emailUnverified: false },
    });
    await audit(tx, {
      accountId: row.accountId,
      actorUserId: row.userId,
      action: 'user.email_verified',
      targetType: 'user',
      targetId: row.userId,
      ip,
    });
  });
  return { ok: true as const, email: row.user.email, accountName: row.account.name };
}
