import type { Db, Plan } from '@parley/db';
import { listenForInvalidations, publishInvalidation } from '../../bus/cache-invalidation';
import type { EventBus } from '../../bus/event-bus';
import { notFound } from '../../errors';
import { ensureDefaultPlan } from './default-plan';
import { type TPlanView, toPlanView } from './types';

export interface PlanDeps {
  db: Db;
  bus: EventBus;
}

/** The account's plan fields as the Pro page and the limit checks read them. */
export interface TAccountPlan {
  /** The plan that applies now (the account's own, or the default once it no longer holds). */
  plan: TPlanView;
  /** The account's own plan, when one is set (it may have lapsed: then `plan` is the default). */
  ownPlan: TPlanView | null;
  status: 'active' | 'past_due' | 'canceled';
  renewsAt: Date | null;
  graceUntil: Date | null;
  /** IANA zone the account's months start in (its statistics zone), UTC when none is set. */
  timeZone: string;
}

/**
 * Plans change rarely and are read on every limited action (a new conversation above all), so each
 * process keeps them in memory for `PLAN_CACHE_TTL_MS`. Whatever changes a plan or an account's plan
 * (the operator's page, the billing plugin's webhooks) calls `invalidatePlans`, which drops it here at
 * once and tells every other API process through the bus (the session cache's pattern,
 * domain/sessions.ts). Should the bus lose that message (Redis away), `onMissed` drops everything and
 * the TTL bounds what remains.
 */
export const PLAN_CACHE_TTL_MS = 60_000;
export const PLAN_INVALIDATION_TOPIC = 'plans.invalidated';

/** `accountIds`: those accounts' plan fields; `plans`: every plan row (an edit, a new default). */
export interface PlanInvalidation {
  accountIds?: string[];
  plans?: boolean;
}

interface AccountEntry {
  ownPlan: Plan | null;
  planId: string | null;
  status: string;
  renewsAt: Date | null;
  graceUntil: Date | null;
  timeZone: string;
  cachedAt: number;
}

/** A process-local count of the account's conversations this month (limits.ts keeps it). */
export interface ConversationCount {
  month: string;
  count: number;
  countedAt: number;
}

export interface PlanCache {
  accounts: Map<string, AccountEntry>;
  defaultPlan: { plan: Plan; cachedAt: number } | null;
  conversations: Map<string, ConversationCount>;
  generation: number;
  /** Nothing is cached until the bus confirmed the invalidations' subscription. */
  readonly listening: boolean;
  invalidate(what: PlanInvalidation | 'all'): void;
}

const caches = new WeakMap<EventBus, PlanCache>();
const MAX_ENTRIES = 10_000;

/** The process's plan cache: one per bus (one per process; tests build several). */
export function planCacheFor(bus: EventBus): PlanCache {
  let cache = caches.get(bus);
  if (cache) return cache;
  const created: PlanCache = {
    accounts: new Map(),
    defaultPlan: null,
    conversations: new Map(),
    generation: 0,
    get listening() {
      return invalidations.listening;
    },
    invalidate(what) {
      created.generation++;
      if (what === 'all' || what.plans) {
        created.accounts.clear();
        created.defaultPlan = null;
        created.conversations.clear();
        return;
      }
      for (const id of what.accountIds ?? []) {
        created.accounts.delete(id);
        created.conversations.delete(id);
      }
    },
  };
  cache = created;
  caches.set(bus, created);
  const invalidations = listenForInvalidations<PlanInvalidation>(bus, PLAN_INVALIDATION_TOPIC, (what) =>
    created.invalidate(what),
  );
  return created;
}

/** Drops plans from every process's cache: this one at once, the others through the bus. */
export async function invalidatePlans(bus: EventBus, what: PlanInvalidation): Promise<void> {
  caches.get(bus)?.invalidate(what);
  await publishInvalidation(bus, PLAN_INVALIDATION_TOPIC, what);
}

async function defaultPlanOf(deps: PlanDeps, cache: PlanCache, now: number): Promise<Plan> {
  const hit = cache.defaultPlan;
  if (hit && now - hit.cachedAt < PLAN_CACHE_TTL_MS) return hit.plan;
  const generation = cache.generation;
  const plan = await ensureDefaultPlan(deps.db);
  if (cache.listening && generation === cache.generation) cache.defaultPlan = { plan, cachedAt: now };
  return plan;
}

async function accountEntryOf(deps: PlanDeps, cache: PlanCache, accountId: string, now: number) {
  const hit = cache.accounts.get(accountId);
  if (hit && now - hit.cachedAt < PLAN_CACHE_TTL_MS) return hit;
  const generation = cache.generation;
  const row = await deps.db.account.findUnique({
    where: { id: accountId },
    select: {
      planId: true,
      planStatus: true,
      planRenewsAt: true,
      planGraceUntil: true,
      plan: true,
      statState: { select: { timeZone: true } },
    },
  });
  if (!row) throw notFound('Account');
  const entry: AccountEntry = {
    ownPlan: row.plan,
    planId: row.planId,
    status: row.planStatus,
    renewsAt: row.planRenewsAt,
    graceUntil: row.planGraceUntil,
    timeZone: row.statState?.timeZone ?? 'UTC',
    cachedAt: now,
  };
  if (cache.listening && generation === cache.generation) {
    if (cache.accounts.size >= MAX_ENTRIES)
      cache.accounts.delete(cache.accounts.keys().next().value as string);
    cache.accounts.set(accountId, entry);
  }
  return entry;
}

/** Whether the account's own plan still holds at `now` (else the default plan applies). */
export function ownPlanHolds(
  entry: { status: string; renewsAt: Date | null; graceUntil: Date | null },
  now: number,
): boolean {
  if (entry.status === 'active') return true;
  if (entry.status === 'past_due') return (entry.graceUntil?.getTime() ?? 0) > now;
  if (entry.status === 'canceled') return (entry.renewsAt?.getTime() ?? 0) > now;
  return false;
}

const statusOf = (s: string): TAccountPlan['status'] => (s === 'past_due' || s === 'canceled' ? s : 'active');

/**
 * The plan that applies to the account now: its own plan when set and 'active', 'past_due' within
 * the grace period, or 'canceled' until the paid period ends; else the server's default plan.
 * From memory while cached (no statement).
 */
export async function effectivePlan(deps: PlanDeps, accountId: string): Promise<TAccountPlan> {
  const cache = planCacheFor(deps.bus);
  const now = Date.now();
  const entry = await accountEntryOf(deps, cache, accountId, now);
  const own = entry.ownPlan && ownPlanHolds(entry, now) ? entry.ownPlan : null;
  const plan = own ?? (await defaultPlanOf(deps, cache, now));
  return {
    plan: toPlanView(plan),
    ownPlan: entry.ownPlan ? toPlanView(entry.ownPlan) : null,
    status: statusOf(entry.status),
    renewsAt: entry.renewsAt,
    graceUntil: entry.graceUntil,
    timeZone: entry.timeZone,
  };
}
