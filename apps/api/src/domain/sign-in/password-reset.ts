import type { Db } from '@parley/db';
import { hashPassword } from '../../auth/password';
import { generateToken, hashToken } from '../../auth/tokens';
import { AppError, notFound } from '../../errors';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { passwordResetMail, passwordResetMailForAccounts } from '../../mail/password-reset';
import { audit } from '../audit';
import { recordHit } from '../rate-limit';
import { deleteOtherSessions, invalidateSessions, type SessionDeps } from '../sessions';
import { MAX_LINKED_USERS } from './linked-users';

/** A2: a reset link works once, for 30 minutes. */
export const PASSWORD_RESET_TTL_MS = 30 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
/** Reset mails asked for in an hour: per address (a mailbox is not flooded) and per client address. */
export const RESET_LIMITS = { perEmail: 3, perIp: 20 } as const;

export interface ResetDeps {
  db: Db;
  mailer: Mailer | null;
  logger: Logger;
  /** Origin of the console, for the link. */
  publicUrl: string;
}

const invalidLink = () =>
  new AppError('bad_request', 'password_reset.invalid', 'This reset link is invalid, used or expired');
const rateLimited = () =>
  new AppError('rate_limited', 'auth.rate_limited', 'Too many attempts; try again in a few minutes');

async function createReset(db: Db, user: { id: string; accountId: string }, issuedById: string | null) {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
  await db.passwordReset.create({
    data: { accountId: user.accountId, userId: user.id, tokenHash: hashToken(token), issuedById, expiresAt },
  });
  return { token, expiresAt };
}

const linkOf = (publicUrl: string, token: string) => `${publicUrl}/reset-password/${token}`;

/**
 * "Forgot password". The answer is the same whether the address has an account or not, and the mail
 * leaves in the background so the response time does not tell either. Both limits count every
 * request, known address or not.
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  input: { email: string },
  ip: string | undefined,
): Promise<{ ok: true }> {
  if (!deps.mailer)
    throw new AppError(
      'bad_request',
      'password_reset.no_mail',
      'This server sends no mail: ask an admin of your team for a reset link',
    );
  const limits = [
    { key: `reset:email:${input.email}`, max: RESET_LIMITS.perEmail, windowMs: HOUR },
    { key: `reset:ip:${ip ?? 'unknown'}`, max: RESET_LIMITS.perIp, windowMs: HOUR },
  ];
  for (const limit of limits) if ((await recordHit(deps.db, limit)) > limit.max) throw rateLimited();
  // One address may have a user in several accounts, each with its own password: the mail carries
  // one link per account, so the mailbox owner resets exactly the one they mean (a reset of one
  // never changes another account's password, and the mail goes only to the address itself).
  const users = await deps.db.user.findMany({
    where: { email: input.email, disabledAt: null, emailUnverified: false },
    include: { account: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
    take: MAX_LINKED_USERS,
  });
  const [first] = users;
  if (!first) return { ok: true };
  const minutes = PASSWORD_RESET_TTL_MS / 60_000;
  const links: { accountName: string; link: string }[] = [];
  for (const user of users)
    links.push({
      accountName: user.account.name,
      link: linkOf(deps.publicUrl, (await createReset(deps.db, user, null)).token),
    });
  const mail =
    users.length === 1
      ? passwordResetMail(first.email, first.locale, links[0]?.link ?? '', minutes)
      : passwordResetMailForAccounts(first.email, first.locale, links, minutes);
  const mailer = deps.mailer;
  void (async () => {
    try {
      await mailer.send(mail);
      for (const user of users)
        await audit(deps.db, {
          accountId: user.accountId,
          actorUserId: null,
          action: 'user.password_reset_requested',
          targetType: 'user',
          targetId: user.id,
          ip,
        });
    } catch (err) {
      deps.logger.warn({ err, userId: first.id }, 'password reset mail failed');
    }
  })();
  return { ok: true };
}

export interface ResetActor {
  accountId: string;
  userId: string;
  role: 'owner' | 'admin' | 'agent';
  ip?: string | undefined;
}

/** A teammate an admin may act for: in the account, and the owner only by the owner. */
export async function findManagedUser(db: Db, actor: ResetActor, userId: string) {
  const user = await db.user.findFirst({ where: { id: userId, accountId: actor.accountId } });
  if (!user) throw notFound('User');
  if (user.role === 'owner' && actor.role !== 'owner')
    throw new AppError('forbidden', 'forbidden', 'Only the owner may do this for the owner');
  return user;
}

/**
 * An admin issues a reset link for a teammate: mailed when SMTP is configured, otherwise shown once
 * to the admin to hand over. Audited either way.
 */
export async function issuePasswordReset(deps: ResetDeps, actor: ResetActor, userId: string) {
  const user = await findManagedUser(deps.db, actor, userId);
  const { token, expiresAt } = await createReset(deps.db, user, actor.userId);
  const link = linkOf(deps.publicUrl, token);
  await audit(deps.db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'user.password_reset_issued',
    targetType: 'user',
    targetId: user.id,
    data: { emailed: !!deps.mailer },
    ip: actor.ip,
  });
  if (deps.mailer) {
    await deps.mailer.send(passwordResetMail(user.email, user.locale, link, PASSWORD_RESET_TTL_MS / 60_000));
    return { emailed: true as const, link: null, expiresAt: expiresAt.toISOString() };
  }
  return { emailed: false as const, link, expiresAt: expiresAt.toISOString() };
}

/**
 * Sets the new password from a link: the link is spent first (one winner among parallel tries),
 * every other open link of the user dies with it, and every session of the user ends.
 */
export async function resetPassword(
  deps: SessionDeps,
  input: { token: string; password: string },
  ip: string | undefined,
) {
  const { db } = deps;
  const tokenHash = hashToken(input.token);
  const reset = await db.passwordReset.findUnique({ where: { tokenHash } });
  if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) throw invalidLink();
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    const { count } = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count === 0) throw invalidLink();
    await tx.passwordReset.updateMany({
      where: { userId: reset.userId, accountId: reset.accountId, usedAt: null },
      data: { usedAt: new Date() },
    });
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash } });
    await tx.loginChallenge.deleteMany({ where: { userId: reset.userId, accountId: reset.accountId } });
    await deleteOtherSessions(tx, reset.accountId, reset.userId, null);
    await audit(tx, {
      accountId: reset.accountId,
      actorUserId: reset.userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: reset.userId,
      ip,
    });
  });
  // After the commit, never before: a check in between would cache the deleted sessions again.
  await invalidateSessions(deps.bus, { userIds: [reset.userId] });
  return { ok: true as const };
}
