import type { Db } from '@parley/db';
import type { EventBus } from '../../bus/event-bus';
import { AppError, notFound } from '../../errors';
import { audit } from '../audit';
import { invalidatePlans } from './effective-plan';
import { type TPlanFeature, toPlanView } from './types';

/**
 * The instance operator's plan management (Operator page): plans are server-wide and an account's
 * plan is another account's row, so this runs on the raw client (`systemDb`, allowed by name in
 * scripts/dependencies.ts); only operator procedures call it.
 */
export interface OperatorPlanDeps {
  systemDb: Db;
  bus: EventBus;
}

export interface OperatorPlanActor {
  accountId: string;
  userId: string;
  ip?: string | undefined;
}

export interface TPlanInput {
  key: string;
  name: string;
  description?: string | undefined;
  maxAgents: number | null;
  maxChannels: number | null;
  maxMonthlyConversations: number | null;
  maxStorageMb: number | null;
  features: TPlanFeature[];
  priceMonthly?: number | null | undefined;
  currency?: string | undefined;
  billingPriceRef?: string | null | undefined;
  sortOrder?: number | undefined;
}

const keyTaken = () =>
  new AppError('conflict', 'plan.key_taken', 'A plan with this key exists', { key: 'plan.key_taken' });

const data = (input: Omit<TPlanInput, 'key'>) => ({
  name: input.name,
  description: input.description ?? '',
  maxAgents: input.maxAgents,
  maxChannels: input.maxChannels,
  maxMonthlyConversations: input.maxMonthlyConversations,
  maxStorageMb: input.maxStorageMb,
  features: JSON.stringify([...new Set(input.features)]),
  priceMonthly: input.priceMonthly ?? null,
  currency: input.currency ?? 'usd',
  billingPriceRef: input.billingPriceRef ?? null,
  sortOrder: input.sortOrder ?? 0,
});

export async function listPlans(deps: OperatorPlanDeps) {
  const rows = await deps.systemDb.plan.findMany({
    orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }],
    include: { _count: { select: { accounts: true } } },
  });
  return rows.map((r) => ({ ...toPlanView(r), accounts: r._count.accounts }));
}

export async function createPlan(deps: OperatorPlanDeps, input: TPlanInput) {
  const existing = await deps.systemDb.plan.findUnique({ where: { key: input.key } });
  if (existing) throw keyTaken();
  const row = await deps.systemDb.plan.create({ data: { key: input.key, ...data(input) } });
  return toPlanView(row);
}

export async function updatePlan(deps: OperatorPlanDeps, input: { id: string } & Omit<TPlanInput, 'key'>) {
  const { count } = await deps.systemDb.plan.updateMany({ where: { id: input.id }, data: data(input) });
  if (count === 0) throw notFound('Plan');
  await invalidatePlans(deps.bus, { plans: true });
  return toPlanView(await deps.systemDb.plan.findUniqueOrThrow({ where: { id: input.id } }));
}

/** Archived plans keep their accounts but cannot be chosen; the default cannot be archived. */
export async function archivePlan(deps: OperatorPlanDeps, input: { id: string; archived: boolean }) {
  const plan = await deps.systemDb.plan.findUnique({ where: { id: input.id } });
  if (!plan) throw notFound('Plan');
  if (plan.isDefault && input.archived)
    throw new AppError('bad_request', 'plan.default_archive', 'Choose another default plan first');
  const row = await deps.systemDb.plan.update({
    where: { id: input.id },
    data: { archivedAt: input.archived ? (plan.archivedAt ?? new Date()) : null },
  });
  await invalidatePlans(deps.bus, { plans: true });
  return toPlanView(row);
}

/** Makes the plan the default (of accounts without a plan of their own, and of new accounts). */
export async function setDefaultPlan(deps: OperatorPlanDeps, input: { id: string }) {
  const row = await deps.systemDb.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: input.id } });
    if (!plan) throw notFound('Plan');
    if (plan.archivedAt) throw new AppError('bad_request', 'plan.archived', 'This plan is archived');
    await tx.plan.updateMany({
      where: { isDefault: true, id: { not: plan.id } },
      data: { isDefault: false },
    });
    return tx.plan.update({ where: { id: plan.id }, data: { isDefault: true } });
  });
  await invalidatePlans(deps.bus, { plans: true });
  return toPlanView(row);
}

/** Sets an account's plan by hand (null: the default), active, with an audit line in the account. */
export async function setAccountPlan(
  deps: OperatorPlanDeps,
  actor: OperatorPlanActor,
  input: { accountId: string; planId: string | null },
) {
  const account = await deps.systemDb.account.findUnique({ where: { id: input.accountId } });
  if (!account) throw notFound('Account');
  const plan = input.planId ? await deps.systemDb.plan.findUnique({ where: { id: input.planId } }) : null;
  if (input.planId && !plan) throw notFound('Plan');
  await deps.systemDb.$transaction(async (tx) => {
    await tx.account.update({
      where: { id: input.accountId },
      data: { planId: plan?.id ?? null, planStatus: 'active', planGraceUntil: null },
    });
    await audit(tx, {
      accountId: input.accountId,
      actorUserId: null,
      action: 'plan.set_by_operator',
      targetType: 'account',
      targetId: input.accountId,
      data: { planKey: plan?.key ?? null, operatorUserId: actor.userId, operatorAccountId: actor.accountId },
      ip: actor.ip,
    });
  });
  await invalidatePlans(deps.bus, { accountIds: [input.accountId] });
  return { accountId: input.accountId, planId: plan?.id ?? null };
}
