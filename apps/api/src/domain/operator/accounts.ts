import { type Db, type DbTx, isUniqueViolation, type Prisma } from '@parley/db';
import { hashPassword } from '../../auth/password';
import { generateToken } from '../../auth/tokens';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import type { FileStore } from '../../lib/file-store';
import { publishEphemeral } from '../../live/events';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { emailTaken } from '../account';
import { audit } from '../audit';
import { userControlTopic } from '../live-chat/constants';
import { invalidateVisitorAuth } from '../live-chat/visitor-auth-cache';
import { createAccountWithOwner } from '../new-account';
import { invalidateSessions } from '../sessions';
import { issuePasswordReset } from '../sign-in/password-reset';

/**
 * The Operator page's work: every account of the server, listed, created, suspended and deleted.
 * It crosses accounts by nature, so it runs on the raw client (`systemDb`, allowed by name in
 * scripts/dependencies.ts); only operator procedures (trpc.ts) call it.
 */
export interface OperatorDeps {
  systemDb: Db;
  bus: EventBus;
  files: FileStore;
  mailer: Mailer | null;
  logger: Logger;
  /** Origin of the console, for the owner's set-password link. */
  publicUrl: string;
}

/** The operator calling: their own account is never theirs to suspend or delete. */
export interface OperatorActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

export const ACCOUNTS_PAGE_SIZE = 25;
/** The widget's subscriptions of an account listen here: a suspension ends them at once. */
export const ACCOUNT_CONTROL_TOPIC = 'account:control';

export async function listAccounts(
  db: Db,
  input: { q?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
) {
  const pageSize = input.pageSize ?? ACCOUNTS_PAGE_SIZE;
  const page = Math.max(1, input.page ?? 1);
  const q = input.q?.trim();
  // SQLite's `contains` ignores ASCII case, PostgreSQL's does not: the lower-cased query covers
  // lower-case names there, and emails are stored lower-cased (A2).
  const where: Prisma.AccountWhereInput = q
    ? {
        OR: [
          { name: { contains: q } },
          { name: { contains: q.toLowerCase() } },
          { id: q },
          { users: { some: { email: { contains: q.toLowerCase() } } } },
        ],
      }
    : {};
  const [total, rows] = await Promise.all([
    db.account.count({ where }),
    db.account.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        name: true,
        createdAt: true,
        suspendedAt: true,
        suspendedReason: true,
        planId: true,
      },
    }),
  ]);
  const ids = rows.map((r) => r.id);
  const usage = await usageOf(db, ids);
  const owners = await db.user.findMany({
    where: { accountId: { in: ids }, role: 'owner' },
    orderBy: { createdAt: 'asc' },
    select: { accountId: true, email: true, name: true },
  });
  return {
    total,
    page,
    pageSize,
    accounts: rows.map((r) => {
      const owner = owners.find((o) => o.accountId === r.id) ?? null;
      return {
        id: r.id,
        name: r.name,
        createdAt: r.createdAt.toISOString(),
        ownerEmail: owner?.email ?? null,
        ownerName: owner?.name ?? null,
        status: r.suspendedAt ? ('suspended' as const) : ('active' as const),
        suspendedAt: r.suspendedAt?.toISOString() ?? null,
        suspendedReason: r.suspendedReason,
        /** J6: the plan set for the account (null: the server's default plan). */
        planId: r.planId,
        usage: usage.get(r.id) ?? emptyUsage(),
      };
    }),
  };
}

export interface AccountUsage {
  agents: number;
  channels: number;
  conversations: number;
  /** Bytes of the account's attachments in the file store. */
  storageBytes: number;
}

const emptyUsage = (): AccountUsage => ({ agents: 0, channels: 0, conversations: 0, storageBytes: 0 });

/** Usage of a page of accounts: four grouped queries, whatever the page size. */
export async function usageOf(db: Db, accountIds: string[]): Promise<Map<string, AccountUsage>> {
  const result = new Map<string, AccountUsage>(accountIds.map((id) => [id, emptyUsage()]));
  if (accountIds.length === 0) return result;
  const inIds = { accountId: { in: accountIds } };
  const [agents, channels, conversations, storage] = await Promise.all([
    db.user.groupBy({ by: ['accountId'], where: { ...inIds, disabledAt: null }, _count: { _all: true } }),
    db.channel.groupBy({ by: ['accountId'], where: inIds, _count: { _all: true } }),
    db.conversation.groupBy({
      by: ['accountId'],
      where: { ...inIds, kind: 'visitor' },
      _count: { _all: true },
    }),
    db.attachment.groupBy({ by: ['accountId'], where: inIds, _sum: { size: true } }),
  ]);
  const set = (accountId: string, patch: Partial<AccountUsage>) => {
    const usage = result.get(accountId);
    if (usage) Object.assign(usage, patch);
  };
  for (const row of agents) set(row.accountId, { agents: row._count._all });
  for (const row of channels) set(row.accountId, { channels: row._count._all });
  for (const row of conversations) set(row.accountId, { conversations: row._count._all });
  for (const row of storage) set(row.accountId, { storageBytes: Number(row._sum.size ?? 0) });
  return result;
}

export async function getAccountSummary(db: Db, accountId: string) {
  const account = await db.account.findUnique({ where: { id: accountId } });
  if (!account) throw notFound('Account');
  const list = await listAccounts(db, { q: accountId, pageSize: 1 });
  const found = list.accounts.find((a) => a.id === accountId);
  if (!found) throw notFound('Account');
  return found;
}

/**
 * A new account and its owner. The owner is created at once (name and email, a password nobody
 * knows) and gets the set-password link of the password-reset path: mailed when SMTP is set up,
 * otherwise handed to the operator to pass on. If the link expires first, "Forgot password" on the
 * login page sends a new one, since the owner exists.
 */
export async function createAccount(
  deps: OperatorDeps,
  actor: OperatorActor,
  input: { name: string; ownerEmail: string; ownerName: string; locale?: 'en' | 'tr' | undefined },
) {
  const db = deps.systemDb;
  // Never revealed or used: the owner signs in after choosing a password through the link.
  const passwordHash = await hashPassword(generateToken());
  let created: { accountId: string; ownerId: string };
  try {
    created = await db.$transaction(async (tx) => {
      const { account, user: owner } = await createAccountWithOwner(tx, input.name, {
        email: input.ownerEmail,
        name: input.ownerName,
        passwordHash,
        locale: input.locale ?? 'en',
      });
      const line = {
        actorUserId: actor.userId,
        action: 'account.created',
        targetType: 'account',
        targetId: account.id,
        data: { name: input.name, ownerEmail: input.ownerEmail, byOperator: true },
        ip: actor.ip,
      };
      // One line in the operator's account (it outlives a later delete) and one in the new account.
      await audit(tx, { accountId: actor.accountId, ...line });
      await audit(tx, { accountId: account.id, ...line, actorUserId: null });
      return { accountId: account.id, ownerId: owner.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
  const link = await issuePasswordReset(
    { db, mailer: deps.mailer, logger: deps.logger, publicUrl: deps.publicUrl },
    { accountId: created.accountId, userId: actor.userId, role: 'owner', ip: actor.ip },
    created.ownerId,
  );
  return {
    account: await getAccountSummary(db, created.accountId),
    emailed: link.emailed,
    link: link.link,
  };
}

/**
 * Suspends an account: its sessions are refused (checked, and dropped from every process's cache
 * through the bus), its agents' open sockets end on their control topics, its widgets' sockets on
 * the account's; webhooks, API tokens, plugin polls and widget starts read `suspendedAt`.
 */
export async function suspendAccount(
  deps: OperatorDeps,
  actor: OperatorActor,
  input: { accountId: string; reason: string },
) {
  if (input.accountId === actor.accountId)
    throw new AppError('bad_request', 'operator.own_account', 'You cannot suspend your own account');
  const db = deps.systemDb;
  const account = await db.account.findUnique({ where: { id: input.accountId } });
  if (!account) throw notFound('Account');
  await db.$transaction(async (tx) => {
    await tx.account.update({
      where: { id: account.id },
      data: { suspendedAt: account.suspendedAt ?? new Date(), suspendedReason: input.reason },
    });
    await auditBoth(tx, actor, account.id, 'account.suspended', { reason: input.reason });
  });
  await endAccountSessions(deps, account.id);
  return getAccountSummary(db, account.id);
}

export async function unsuspendAccount(
  deps: OperatorDeps,
  actor: OperatorActor,
  input: { accountId: string },
) {
  const db = deps.systemDb;
  const account = await db.account.findUnique({ where: { id: input.accountId } });
  if (!account) throw notFound('Account');
  await db.$transaction(async (tx) => {
    await tx.account.update({
      where: { id: account.id },
      data: { suspendedAt: null, suspendedReason: null },
    });
    await auditBoth(tx, actor, account.id, 'account.unsuspended', {});
  });
  // Cached "suspended" answers (none are kept today, but the account's cached rules are) go too.
  await invalidateSessions(deps.bus, { accountIds: [account.id] });
  return getAccountSummary(db, account.id);
}

/**
 * Deletes an account and everything in it (the database cascades from Account), then its files:
 * attachments and avatars. The typed name must match, as the console asks for it.
 */
export async function deleteAccount(
  deps: OperatorDeps,
  actor: OperatorActor,
  input: { accountId: string; confirmName: string },
) {
  if (input.accountId === actor.accountId)
    throw new AppError('bad_request', 'operator.own_account', 'You cannot delete your own account');
  const db = deps.systemDb;
  const account = await db.account.findUnique({ where: { id: input.accountId } });
  if (!account) throw notFound('Account');
  if (input.confirmName.trim() !== account.name.trim())
    throw new AppError('bad_request', 'operator.confirm_name', 'Type the account’s name to delete it', {
      confirmName: 'operator.confirm_name',
    });
  // Keys first: after the cascade nothing names them any more.
  const [attachments, users] = await Promise.all([
    db.attachment.findMany({ where: { accountId: account.id }, select: { storageKey: true } }),
    db.user.findMany({ where: { accountId: account.id }, select: { id: true, avatarKey: true } }),
  ]);
  await db.$transaction(async (tx) => {
    await tx.account.delete({ where: { id: account.id } });
    await audit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      action: 'account.deleted',
      targetType: 'account',
      targetId: account.id,
      data: { name: account.name },
      ip: actor.ip,
    });
  });
  await endAccountSessions(deps, account.id, users);
  const keys = [
    ...attachments.map((a) => a.storageKey),
    ...users.flatMap((u) => (u.avatarKey ? [u.avatarKey] : [])),
  ];
  let filesLeft = 0;
  for (const key of keys) {
    try {
      await deps.files.remove(key);
    } catch (err) {
      filesLeft++;
      deps.logger.warn({ err, key, accountId: account.id }, 'file of a deleted account not removed');
    }
  }
  return { ok: true as const, filesRemoved: keys.length - filesLeft, filesLeft };
}

async function auditBoth(
  tx: DbTx,
  actor: OperatorActor,
  accountId: string,
  action: string,
  data: Record<string, unknown>,
) {
  const line = { action, targetType: 'account', targetId: accountId, data, ip: actor.ip };
  await audit(tx, { accountId: actor.accountId, actorUserId: actor.userId, ...line });
  // The suspended account's own log says so too (its owner reads it after the suspension ends).
  if (accountId !== actor.accountId) await audit(tx, { accountId, actorUserId: null, ...line });
}

/**
 * Everyone of the account stops now, in every API process: cached session checks are dropped
 * through the bus (the next check reads the suspension and refuses), the agents' live streams end
 * on their control topics (as when an agent is disabled) and the widgets' streams on the account's.
 */
async function endAccountSessions(
  deps: OperatorDeps,
  accountId: string,
  /** The account's users, read before a delete took them away. */
  known?: { id: string }[],
) {
  await invalidateSessions(deps.bus, { accountIds: [accountId] });
  await invalidateVisitorAuth(deps.bus, { accountIds: [accountId] });
  const users = known ?? (await deps.systemDb.user.findMany({ where: { accountId }, select: { id: true } }));
  for (const user of users) {
    await publishEphemeral(deps.bus, accountId, {
      topic: userControlTopic(user.id),
      data: { type: 'auth.revoked' },
    });
  }
  await publishEphemeral(deps.bus, accountId, { topic: ACCOUNT_CONTROL_TOPIC, data: { type: 'suspended' } });
}
