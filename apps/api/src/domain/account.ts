import { type Db, isUniqueViolation } from '@parley/db';
import { hashPassword, verifyPassword } from '../auth/password';
import { AppError, notFound } from '../errors';
import type { FileStore } from '../lib/file-store';
import { audit } from './audit';
import { deleteOtherSessions, invalidateSessions, type SessionDeps } from './sessions';
import { getMe, type Me } from './users';

export interface Actor {
  accountId: string;
  userId: string;
  sessionId: string;
  ip?: string | undefined;
}

export async function updateProfile(db: Db, actor: Actor, input: { name: string }): Promise<Me> {
  await db.user.updateMany({
    where: { id: actor.userId, accountId: actor.accountId },
    data: { name: input.name },
  });
  return getMe(db, actor.accountId, actor.userId);
}

export interface Preferences {
  locale?: 'en' | 'tr' | undefined;
  theme?: 'dark' | 'light' | undefined;
  autoAwayMinutes?: number | null | undefined;
  notificationType?: 'in-app' | 'os' | 'off' | undefined;
}

export async function updatePreferences(db: Db, actor: Actor, input: Preferences): Promise<Me> {
  await db.user.updateMany({ where: { id: actor.userId, accountId: actor.accountId }, data: input });
  return getMe(db, actor.accountId, actor.userId);
}

async function assertPassword(db: Db, actor: Actor, password: string) {
  const user = await db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } });
  if (!user) throw notFound('User');
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError('bad_request', 'password.wrong', 'The current password is wrong');
  }
}

/** A5: a new password ends every other session of mine. */
export async function changePassword(
  deps: SessionDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<{ revokedSessions: number }> {
  const { db } = deps;
  await assertPassword(db, actor, input.currentPassword);
  const passwordHash = await hashPassword(input.newPassword);
  const result = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash } });
    const { revoked } = await deleteOtherSessions(tx, actor.accountId, actor.userId, actor.sessionId);
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'user.password_changed',
      ip: actor.ip,
    });
    return { revokedSessions: revoked };
  });
  // After the commit: the other sessions' cached checks end now, in every process.
  await invalidateSessions(deps.bus, { userIds: [actor.userId] });
  return result;
}

export async function changeEmail(
  deps: SessionDeps,
  actor: Actor,
  input: { newEmail: string; password: string },
): Promise<Me> {
  const { db } = deps;
  await assertPassword(db, actor, input.password);
  try {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: actor.userId }, data: { email: input.newEmail } });
      await audit(tx, {
        accountId: actor.accountId,
        actorUserId: actor.userId,
        action: 'user.email_changed',
        ip: actor.ip,
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  // A checked session carries the email.
  await invalidateSessions(deps.bus, { userIds: [actor.userId] });
  return getMe(db, actor.accountId, actor.userId);
}

export const emailTaken = () =>
  new AppError('conflict', 'email.taken', 'This email address is already in use');

export async function listDisplayNames(db: Db, actor: Actor) {
  const [channels, names] = await Promise.all([
    db.channel.findMany({ where: { accountId: actor.accountId }, orderBy: { createdAt: 'asc' } }),
    db.channelDisplayName.findMany({ where: { accountId: actor.accountId, userId: actor.userId } }),
  ]);
  return channels.map((c) => ({
    channelId: c.id,
    channelName: c.name,
    displayName: names.find((n) => n.channelId === c.id)?.displayName ?? null,
  }));
}

export async function setDisplayName(
  db: Db,
  actor: Actor,
  input: { channelId: string; displayName: string | null },
): Promise<void> {
  const channel = await db.channel.findFirst({ where: { id: input.channelId, accountId: actor.accountId } });
  if (!channel) throw notFound('Channel');
  const key = { userId_channelId: { userId: actor.userId, channelId: channel.id } };
  if (!input.displayName) {
    await db.channelDisplayName.deleteMany({ where: { userId: actor.userId, channelId: channel.id } });
    return;
  }
  await db.channelDisplayName.upsert({
    where: key,
    create: {
      accountId: actor.accountId,
      userId: actor.userId,
      channelId: channel.id,
      displayName: input.displayName,
    },
    update: { displayName: input.displayName },
  });
}

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const AVATAR_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif']);
const AVATAR_SIZE = 256;

/** Checks the real image type (not the declared one), resizes to a 256px WebP square, stores it. */
export async function setAvatar(db: Db, files: FileStore, actor: Actor, image: Buffer): Promise<string> {
  if (image.length > AVATAR_MAX_BYTES)
    throw new AppError('bad_request', 'avatar.too_large', 'The image is over 5 MB');
  // Loaded on first use: an idle server does not hold libvips.
  const { default: sharp } = await import('sharp');
  let format: string | undefined;
  try {
    format = (await sharp(image).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !AVATAR_FORMATS.has(format)) {
    throw new AppError('bad_request', 'avatar.bad_type', 'Use a PNG, JPEG, WebP or GIF image');
  }
  const resized = await sharp(image, { animated: false })
    .rotate()
    .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' })
    .webp({ quality: 85 })
    .toBuffer();
  const key = `avatars/${actor.userId}-${Date.now().toString(36)}.webp`;
  await files.put(key, resized);
  const previous = await db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } });
  await db.user.update({ where: { id: actor.userId }, data: { avatarKey: key } });
  if (previous?.avatarKey) await files.remove(previous.avatarKey);
  return key;
}

export async function removeAvatar(db: Db, files: FileStore, actor: Actor): Promise<void> {
  const user = await db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } });
  if (!user?.avatarKey) return;
  await db.user.update({ where: { id: actor.userId }, data: { avatarKey: null } });
  await files.remove(user.avatarKey);
}
