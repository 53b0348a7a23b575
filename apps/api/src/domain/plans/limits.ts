import type { Db, DbTx } from '@parley/db';
import { AppError } from '../../errors';
import { effectivePlan, type PlanDeps, planCacheFor } from './effective-plan';
import type { TPlanFeature, TPlanLimit } from './types';
import {
  bytesToMb,
  countAgents,
  countChannels,
  countMonthConversations,
  countPendingInvitations,
  monthKey,
  storageBytes,
} from './usage';
import type { TUsageNote } from './warnings';

/** A limit of the plan is reached; `details` carry the limit's name, the limit and the usage. */
export const limitReached = (limit: TPlanLimit, max: number, used: number) =>
  new AppError(
    'forbidden',
    'plan.limit_reached',
    `The plan allows ${max} ${limit}; ${used} are in use`,
    undefined,
    { limit, max, used },
  );

/** The plan does not include the feature (calls, the API, webhooks, plugins). */
export const featureUnavailable = (feature: TPlanFeature) =>
  new AppError('forbidden', 'plan.feature_unavailable', `The plan does not include ${feature}`, undefined, {
    feature,
  });

/** Refuses when the account's plan does not include the feature. From memory while cached. */
export async function assertFeature(deps: PlanDeps, accountId: string, feature: TPlanFeature): Promise<void> {
  const { plan } = await effectivePlan(deps, accountId);
  if (!plan.features.includes(feature)) throw featureUnavailable(feature);
}

async function check(
  deps: PlanDeps,
  accountId: string,
  limit: TPlanLimit,
  count: () => Promise<number>,
  adding = 1,
): Promise<TUsageNote | null> {
  const { plan, timeZone } = await effectivePlan(deps, accountId);
  const max = plan.limits[limit];
  if (max === null) return null;
  const used = await count();
  if (used + adding > max) throw limitReached(limit, max, used);
  return { accountId, limit, used: used + adding, max, timeZone };
}

/**
 * Inviting an agent: enabled users plus open invitations must stay within maxAgents (each open
 * invitation becomes an agent when accepted).
 */
export function assertCanInviteAgent(deps: PlanDeps, accountId: string) {
  return check(deps, accountId, 'agents', async () => {
    const [users, pending] = await Promise.all([
      countAgents(deps.db, accountId),
      countPendingInvitations(deps.db, accountId),
    ]);
    return users + pending;
  });
}

/** Accepting an invitation (or enabling an agent again): enabled users within maxAgents. */
export function assertCanAddAgent(deps: PlanDeps, accountId: string, tx?: DbTx) {
  return check(deps, accountId, 'agents', () => countAgents(tx ?? deps.db, accountId));
}

export function assertCanAddChannel(deps: PlanDeps, accountId: string, tx?: Db | DbTx) {
  return check(deps, accountId, 'channels', () => countChannels(tx ?? deps.db, accountId));
}

/** An upload of `bytes` must keep the account's attachments within maxStorageMb. */
export async function assertStorageFor(deps: PlanDeps, accountId: string, bytes: number) {
  const { plan, timeZone } = await effectivePlan(deps, accountId);
  const max = plan.limits.storage;
  if (max === null) return null;
  const used = await storageBytes(deps.db, accountId);
  const after = bytesToMb(used + bytes);
  if (after > max) throw limitReached('storage', max, bytesToMb(used));
  return { accountId, limit: 'storage' as const, used: after, max, timeZone };
}

/** How long a process trusts its own count of the month's conversations while well below the limit. */
export const CONVERSATION_COUNT_TTL_MS = 30_000;

/**
 * A NEW visitor conversation (never a message in an existing one). With an unlimited plan this costs
 * nothing; otherwise the cached plan and a per-process count: while the count is under 80 % of the
 * limit and younger than `CONVERSATION_COUNT_TTL_MS` it is only incremented (no statement), above
 * that every new conversation counts again on the (accountId, startedAt) index, so several API
 * processes cannot together pass the limit by more than what starts in the same instant.
 */
export async function admitConversation(
  deps: PlanDeps,
  accountId: string,
  tx?: DbTx,
): Promise<TUsageNote | null> {
  const { plan, timeZone } = await effectivePlan(deps, accountId);
  const max = plan.limits.conversations;
  if (max === null) return null;
  const cache = planCacheFor(deps.bus);
  const now = Date.now();
  const month = monthKey(timeZone, now);
  const known = cache.conversations.get(accountId);
  if (
    known &&
    known.month === month &&
    now - known.countedAt < CONVERSATION_COUNT_TTL_MS &&
    known.count + 1 < max * 0.8
  ) {
    known.count++;
    return null;
  }
  const used = await countMonthConversations(tx ?? deps.db, accountId, timeZone, now);
  if (used + 1 > max) throw limitReached('conversations', max, used);
  cache.conversations.set(accountId, { month, count: used + 1, countedAt: now });
  return { accountId, limit: 'conversations', used: used + 1, max, timeZone };
}
