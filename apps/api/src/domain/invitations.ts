import { type Db, isUniqueViolation } from '@parley/db';
import { hashPassword } from '../auth/password';
import { generateToken, hashToken } from '../auth/tokens';
import type { EventBus } from '../bus/event-bus';
import { AppError, notFound } from '../errors';
import type { Logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import { emailTaken } from './account';
import { audit } from './audit';
import { assertCanAddAgent, assertCanInviteAgent, warnAboutUsage } from './plans';
import { type ClientInfo, createSession } from './sessions';
import { getMe } from './users';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InviteDeps {
  db: Db;
  bus: EventBus;
  logger: Logger;
  mailer: Mailer | null;
  /** Origin of the console, for the link. */
  publicUrl: string;
}

export interface InviteActor {
  accountId: string;
  userId: string;
  role: 'owner' | 'admin' | 'agent';
  ip?: string | undefined;
}

const invalidInvitation = () =>
  new AppError('bad_request', 'invitation.invalid', 'This invitation link is invalid, used or expired');

export async function listInvitations(db: Db, accountId: string) {
  const rows = await db.invitation.findMany({
    where: { accountId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  const now = Date.now();
  return rows.map((i) => ({
    id: i.id,
    email: i.email,
    role: i.role === 'admin' ? ('admin' as const) : ('agent' as const),
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    lastSentAt: i.lastSentAt.toISOString(),
    status: i.expiresAt.getTime() > now ? ('pending' as const) : ('expired' as const),
  }));
}

/** A3: invite by email. The link is emailed when SMTP is configured, otherwise returned to copy. */
export async function createInvitation(
  deps: InviteDeps,
  actor: InviteActor,
  input: { email: string; role: 'admin' | 'agent' },
) {
  const { db } = deps;
  // Only a teammate's address is refused here (the admin sees the team anyway). Emails are unique
  // per account, so a person who is an agent elsewhere on this server joins this account as a
  // second user of their own (switching between them: docs/security.md).
  const existing = await db.user.findUnique({
    where: { accountId_email: { accountId: actor.accountId, email: input.email } },
  });
  if (existing) throw emailTaken();
  // J6: open invitations count as agents (each becomes one when accepted).
  const usage = await assertCanInviteAgent(deps, actor.accountId);
  const token = generateToken();
  const invitation = await db.$transaction(async (tx) => {
    // One live invitation per address: a new one replaces any pending one.
    await tx.invitation.updateMany({
      where: { accountId: actor.accountId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const row = await tx.invitation.create({
      data: {
        accountId: actor.accountId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
    });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: row.id,
      data: { email: input.email, role: input.role },
      ip: actor.ip,
    });
    return row;
  });
  warnAboutUsage(deps, usage);
  return deliver(deps, actor, invitation.id, input.email, token);
}

/**
 * Resending issues a new link (only digests are stored) and restarts the expiry. J6: an expired
 * invitation no longer counts as an agent; sent again it does, so it must fit the plan like a new one
 * (a pending one is already counted).
 */
export async function resendInvitation(deps: InviteDeps, actor: InviteActor, id: string) {
  const open = { id, accountId: actor.accountId, acceptedAt: null, revokedAt: null };
  const current = await deps.db.invitation.findFirst({ where: open, select: { expiresAt: true } });
  if (!current) throw notFound('Invitation');
  const usage =
    current.expiresAt.getTime() <= Date.now() ? await assertCanInviteAgent(deps, actor.accountId) : null;
  const token = generateToken();
  const { count } = await deps.db.invitation.updateMany({
    where: open,
    data: {
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      lastSentAt: new Date(),
    },
  });
  if (count === 0) throw notFound('Invitation');
  warnAboutUsage(deps, usage);
  const invitation = await deps.db.invitation.findFirstOrThrow({ where: { id, accountId: actor.accountId } });
  return deliver(deps, actor, id, invitation.email, token);
}

export async function revokeInvitation(db: Db, actor: InviteActor, id: string) {
  const { count } = await db.invitation.updateMany({
    where: { id, accountId: actor.accountId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound('Invitation');
  await audit(db, {
    accountId: actor.accountId,
    actorUserId: actor.userId,
    action: 'invitation.revoked',
    targetType: 'invitation',
    targetId: id,
    ip: actor.ip,
  });
}

async function deliver(deps: InviteDeps, actor: InviteActor, id: string, email: string, token: string) {
  const link = `${deps.publicUrl}/invite/${token}`;
  if (!deps.mailer) return { id, emailed: false, link };
  const [account, inviter] = await Promise.all([
    deps.db.account.findUniqueOrThrow({ where: { id: actor.accountId } }),
    deps.db.user.findFirst({ where: { id: actor.userId, accountId: actor.accountId } }),
  ]);
  const who = inviter?.name ?? 'A teammate';
  try {
    await deps.mailer.send({
      to: email,
      subject: `${who} invited you to ${account.name} on Parley`,
      text: `${who} invited you to answer chats for ${account.name}.\n\nSet your name and password here (the link works once and expires in 7 days):\n${link}\n`,
    });
  } catch (err) {
    throw new AppError(
      'bad_request',
      'invitation.email_failed',
      `The invitation email could not be sent: ${(err as Error).message}`,
    );
  }
  return { id, emailed: true, link: null };
}

async function findUsable(db: Db, token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { account: true },
  });
  if (
    !invitation ||
    invitation.acceptedAt ||
    invitation.revokedAt ||
    invitation.expiresAt.getTime() <= Date.now()
  ) {
    return null;
  }
  return invitation;
}

export async function lookupInvitation(db: Db, token: string) {
  const invitation = await findUsable(db, token);
  if (!invitation) return { valid: false, email: null, accountName: null };
  return { valid: true, email: invitation.email, accountName: invitation.account.name };
}

export async function acceptInvitation(
  deps: Pick<InviteDeps, 'db' | 'bus' | 'logger' | 'mailer'>,
  input: { token: string; name: string; password: string },
  client: ClientInfo,
) {
  const { db } = deps;
  const invitation = await findUsable(db, input.token);
  if (!invitation) throw invalidInvitation();
  const passwordHash = await hashPassword(input.password);
  let usage: Awaited<ReturnType<typeof assertCanAddAgent>> = null;
  try {
    const accepted = await db.$transaction(async (tx) => {
      // Single use: only the request that flips acceptedAt goes on.
      const { count } = await tx.invitation.updateMany({
        where: { id: invitation.id, acceptedAt: null, revokedAt: null },
        data: { acceptedAt: new Date() },
      });
      if (count !== 1) throw invalidInvitation();
      // J6: the plan may have been lowered since the invitation was sent.
      usage = await assertCanAddAgent(deps, invitation.accountId, tx);
      const user = await tx.user.create({
        data: {
          accountId: invitation.accountId,
          email: invitation.email,
          name: input.name,
          passwordHash,
          role: invitation.role,
          presence: 'online',
          lastSeenAt: new Date(),
        },
      });
      await audit(tx, {
        accountId: invitation.accountId,
        actorUserId: user.id,
        action: 'invitation.accepted',
        targetType: 'invitation',
        targetId: invitation.id,
        ip: client.ip,
      });
      const session = await createSession(tx, user, client);
      return { me: await getMe(tx, user.accountId, user.id), ...session };
    });
    warnAboutUsage(deps, usage);
    return accepted;
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}
