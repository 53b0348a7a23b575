import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { notFound } from '../../errors';
import { audit } from '../audit';
import { type ClientInfo, createSession, invalidateSessions } from '../sessions';
import { getMe } from '../users';
import { type LinkedUser, parseLinked, stillProves } from './linked-users';

/**
 * Switching between the accounts where the same person has a user (docs/security.md, "Switching
 * accounts"). Only the users the current session's sign-in proved are reachable (linked-users.ts):
 * an address shared with someone else's user is never enough. Both functions read across accounts,
 * so they take the unscoped client (`systemDb`) and check everything against the session row.
 */
export interface SwitchActor {
  accountId: string;
  userId: string;
  sessionId: string;
  ip?: string | undefined;
}

async function provenUsers(systemDb: Db, actor: SwitchActor) {
  const session = await systemDb.session.findUnique({
    where: { id: actor.sessionId },
    select: { linkedUsers: true, userId: true },
  });
  const none = { linkedUsers: null, proven: [] };
  if (!session || session.userId !== actor.userId) return none;
  const entries = parseLinked(session.linkedUsers);
  if (entries.length === 0) return none;
  const users = await systemDb.user.findMany({
    where: { id: { in: entries.map((e) => e.userId) } },
    include: { account: { select: { name: true, suspendedAt: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const byId = new Map(entries.map((e) => [e.userId, e]));
  const proven: { user: (typeof users)[number]; entry: LinkedUser }[] = [];
  for (const user of users) {
    const entry = byId.get(user.id);
    if (entry && stillProves(entry, user)) proven.push({ user, entry });
  }
  return { linkedUsers: session.linkedUsers, proven };
}

/** The accounts this session may switch to (the current one first, marked). */
export async function listLinkedAccounts(systemDb: Db, actor: SwitchActor) {
  const { proven } = await provenUsers(systemDb, actor);
  const others = proven
    // A suspended account is not offered (switching in would be refused); it is back once lifted.
    .filter(({ user }) => user.accountId !== actor.accountId && !user.account.suspendedAt)
    .map(({ user }) => ({ accountId: user.accountId, accountName: user.account.name, role: user.role }));
  return { accounts: others };
}

/**
 * A new session for this person's user in `accountId`, carrying the same proven set; the current
 * session ends (one cookie holds one session). Anything not proven answers "not found", exactly as
 * an account that does not exist, so the call tells nothing about other accounts.
 */
export async function switchAccount(
  deps: { systemDb: Db; bus: EventBus },
  actor: SwitchActor,
  accountId: string,
  client: ClientInfo,
) {
  const { linkedUsers, proven } = await provenUsers(deps.systemDb, actor);
  const target = proven.find(
    ({ user }) => user.accountId === accountId && user.accountId !== actor.accountId,
  );
  if (!target) throw notFound('Account');
  const { user } = target;
  const session = await deps.systemDb.$transaction(async (tx) => {
    const created = await createSession(tx, user, client, linkedUsers);
    await tx.session.deleteMany({ where: { id: actor.sessionId, userId: actor.userId } });
    await audit(tx, {
      accountId: user.accountId,
      actorUserId: user.id,
      action: 'user.switched_in',
      targetType: 'user',
      targetId: user.id,
      ip: client.ip,
    });
    return created;
  });
  await invalidateSessions(deps.bus, { sessionIds: [actor.sessionId] });
  return { me: await getMe(deps.systemDb, user.accountId, user.id), ...session };
}
