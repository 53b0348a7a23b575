import type { Db, DbTx } from '@parley/db';
import { verifyPassword } from '../../auth/password';
import { generateToken, hashToken } from '../../auth/tokens';
import { checkTotp, matchTotpStep, newTotpKey, openTotpKey, totpEnrolment } from '../../auth/totp';
import { AppError } from '../../errors';
import { audit } from '../audit';
import { clearLimit, recordHit } from '../rate-limit';
import { invalidateSessions, type SessionDeps } from '../sessions';
import { findManagedUser, type ResetActor } from './password-reset';

/** The half-signed-in step between a right password and the second factor. */
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes allowed per user in 15 minutes (sign-in, enrolment, disabling alike). */
export const CODE_LIMIT = { max: 10, windowMs: 15 * 60 * 1000 } as const;

export interface TwoFactorActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

const wrongCode = () => new AppError('bad_request', 'two_factor.wrong_code', 'That code is not right');
const rateLimited = () =>
  new AppError('rate_limited', 'auth.rate_limited', 'Too many attempts; try again in a few minutes');
const expiredChallenge = () =>
  new AppError('unauthorized', 'two_factor.expired', 'Sign in again: this step took too long');

const codeLimitKey = (userId: string) => `2fa:user:${userId}`;

/** Counted before the code is checked (parallel guesses cannot all pass a check first). */
async function countAttempt(db: Db, userId: string) {
  const count = await recordHit(db, { key: codeLimitKey(userId), ...CODE_LIMIT });
  if (count > CODE_LIMIT.max) throw rateLimited();
}

/** Ten codes like `7kq2m-x9c4d` (50 bits each): typed rarely, so short enough to copy by hand. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = generateToken().slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

async function replaceRecoveryCodes(tx: Db | DbTx, accountId: string, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { accountId, userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ accountId, userId, codeHash: hashToken(normaliseRecoveryCode(code)) })),
  });
  return codes;
}

async function userOf(db: Db, actor: TwoFactorActor) {
  const user = await db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } });
  if (!user) throw new AppError('not_found', 'not_found', 'User not found');
  return user;
}

export async function getTwoFactorStatus(db: Db, actor: TwoFactorActor) {
  const [user, account, recoveryCodesLeft] = await Promise.all([
    userOf(db, actor),
    db.account.findUniqueOrThrow({ where: { id: actor.accountId } }),
    db.recoveryCode.count({ where: { accountId: actor.accountId, userId: actor.userId, usedAt: null } }),
  ]);
  return {
    totpEnabled: !!user.totpEnabledAt,
    recoveryCodesLeft,
    required: account.requireTwoFactor,
  };
}

/** Enrolment, step 1: a new key (replacing an unconfirmed one); nothing changes at sign-in yet. */
export async function startTotpEnrolment(db: Db, actor: TwoFactorActor) {
  const user = await userOf(db, actor);
  if (user.totpEnabledAt)
    throw new AppError('conflict', 'two_factor.already_enabled', 'Two-factor sign-in is already on');
  const account = await db.account.findUniqueOrThrow({ where: { id: actor.accountId } });
  const { sealed, key } = newTotpKey(user.id);
  await db.user.update({ where: { id: user.id }, data: { totpKey: sealed } });
  return totpEnrolment(key, `Parley (${account.name})`, user.email);
}

/** Enrolment, step 2: a code from the app proves it holds the key; the recovery codes are shown once. */
export async function confirmTotpEnrolment(deps: SessionDeps, actor: TwoFactorActor, code: string) {
  const { db } = deps;
  const user = await userOf(db, actor);
  if (user.totpEnabledAt)
    throw new AppError('conflict', 'two_factor.already_enabled', 'Two-factor sign-in is already on');
  if (!user.totpKey) throw new AppError('bad_request', 'two_factor.not_started', 'Start the set-up again');
  await countAttempt(db, user.id);
  if (!checkTotp(openTotpKey(user.id, user.totpKey), code)) throw wrongCode();
  await clearLimit(db, codeLimitKey(user.id));
  const result = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpEnabledAt: new Date() } });
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.accountId, user.id);
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'user.two_factor_enabled',
      targetType: 'user',
      targetId: user.id,
      ip: actor.ip,
    });
    return { recoveryCodes };
  });
  // The user's sessions carry "two-factor missing" (enforcement): checked again from the database.
  await invalidateSessions(deps.bus, { userIds: [user.id] });
  return result;
}

/** True when `code` is a current TOTP code or an unused recovery code (which it then spends). */
async function acceptSecondFactor(
  db: Db,
  user: { id: string; accountId: string; totpKey: string | null },
  code: string,
): Promise<'totp' | 'recovery' | null> {
  const trimmed = code.trim();
  const step = user.totpKey ? matchTotpStep(openTotpKey(user.id, user.totpKey), trimmed) : null;
  if (step !== null) {
    // Each code once: only a step later than the last accepted one counts (one winner in a race).
    const { count } = await db.user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 ? 'totp' : null;
  }
  const { count } = await db.recoveryCode.updateMany({
    where: {
      accountId: user.accountId,
      userId: user.id,
      codeHash: hashToken(normaliseRecoveryCode(trimmed)),
      usedAt: null,
    },
    data: { usedAt: new Date() },
  });
  return count === 1 ? 'recovery' : null;
}

/** Turning it off or new recovery codes: the password, or a current code, confirms it is the user. */
async function confirmIdentity(db: Db, actor: TwoFactorActor, proof: { password?: string; code?: string }) {
  const user = await userOf(db, actor);
  await countAttempt(db, user.id);
  const ok = proof.password
    ? await verifyPassword(user.passwordHash, proof.password)
    : proof.code
      ? (await acceptSecondFactor(db, user, proof.code)) !== null
      : false;
  if (!ok)
    throw new AppError('bad_request', 'two_factor.confirm_failed', 'Wrong password or code', {
      [proof.password ? 'password' : 'code']: proof.password ? 'password.wrong' : 'two_factor.wrong_code',
    });
  await clearLimit(db, codeLimitKey(user.id));
  return user;
}

/**
 * Two-factor sign-in off for `userId` (the user themselves, or an admin for a lost device): key and
 * recovery codes gone, audited as `action`, and the user's cached session checks dropped everywhere
 * (they carry "two-factor missing" for enforcement).
 */
async function turnOffTotp(
  deps: SessionDeps,
  actor: TwoFactorActor,
  userId: string,
  action: 'user.two_factor_disabled' | 'user.two_factor_reset',
) {
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpKey: null, totpEnabledAt: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { accountId: actor.accountId, userId } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action,
      targetType: 'user',
      targetId: userId,
      ip: actor.ip,
    });
  });
  await invalidateSessions(deps.bus, { userIds: [userId] });
  return { ok: true as const };
}

export async function disableTotp(
  deps: SessionDeps,
  actor: TwoFactorActor,
  proof: { password?: string; code?: string },
) {
  const user = await confirmIdentity(deps.db, actor, proof);
  return turnOffTotp(deps, actor, user.id, 'user.two_factor_disabled');
}

export async function regenerateRecoveryCodes(
  db: Db,
  actor: TwoFactorActor,
  proof: { password?: string; code?: string },
) {
  const user = await confirmIdentity(db, actor, proof);
  if (!user.totpEnabledAt)
    throw new AppError('bad_request', 'two_factor.not_enabled', 'Two-factor sign-in is off');
  return db.$transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.accountId, user.id);
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'user.recovery_codes_regenerated',
      targetType: 'user',
      targetId: user.id,
      ip: actor.ip,
    });
    return { recoveryCodes };
  });
}

/** Lost device without recovery codes: an admin turns the teammate's two-factor sign-in off. */
export async function resetTwoFactorFor(deps: SessionDeps, actor: ResetActor, userId: string) {
  const user = await findManagedUser(deps.db, actor, userId);
  return turnOffTotp(deps, actor, user.id, 'user.two_factor_reset');
}

export async function setTwoFactorRequired(deps: SessionDeps, actor: TwoFactorActor, required: boolean) {
  const { db } = deps;
  await db.account.update({ where: { id: actor.accountId }, data: { requireTwoFactor: required } });
  await invalidateSessions(deps.bus, { accountIds: [actor.accountId] });
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: required ? 'account.two_factor_required' : 'account.two_factor_optional',
    ip: actor.ip,
  });
  return { required };
}

/** After a right password of a user with TOTP on: a token for the second step, not a session. */
export async function createLoginChallenge(
  db: Db,
  user: { id: string; accountId: string },
  /** The users the same password unlocked (linked-users.ts), handed on to the session. */
  linkedUsers?: string,
) {
  const token = generateToken();
  await db.loginChallenge.deleteMany({ where: { userId: user.id, expiresAt: { lte: new Date() } } });
  await db.loginChallenge.create({
    data: {
      id: hashToken(token),
      userId: user.id,
      accountId: user.accountId,
      expiresAt: new Date(Date.now() + LOGIN_CHALLENGE_TTL_MS),
      linkedUsers: linkedUsers ?? null,
    },
  });
  return token;
}

/**
 * The second step: the challenge names the user, the code proves the device (or a recovery code
 * stands in for it). The challenge is spent on success only; wrong codes count against the user.
 */
export async function completeLoginChallenge(
  db: Db,
  challenge: string,
  code: string,
  ip: string | undefined,
) {
  const id = hashToken(challenge);
  const row = await db.loginChallenge.findUnique({ where: { id }, include: { user: true } });
  if (!row || row.expiresAt.getTime() <= Date.now() || row.user.disabledAt) throw expiredChallenge();
  await countAttempt(db, row.userId);
  const used = await acceptSecondFactor(db, row.user, code);
  if (!used) throw wrongCode();
  const { count } = await db.loginChallenge.deleteMany({ where: { id } });
  if (count === 0) throw expiredChallenge();
  await clearLimit(db, codeLimitKey(row.userId));
  if (used === 'recovery')
    await audit(db, {
      accountId: row.accountId,
      actorUserId: row.userId,
      action: 'user.recovery_code_used',
      targetType: 'user',
      targetId: row.userId,
      ip,
    });
  return { user: row.user, linkedUsers: row.linkedUsers };
}
