import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import type {
  createAccount,
  deleteAccount,
  getAccountSummary,
  listAccounts,
} from '../../domain/operator/accounts';
import type { createPlan, listPlans, setAccountPlan } from '../../domain/plans/operator';
import { PLAN_FEATURES } from '../../domain/plans/types';
import { ZEmail, ZId, ZLocale, ZPersonName } from '../../lib/schemas';

const ZAccountName = z.string().trim().min(1).max(100);

export const ZListAccountsInput = z
  .object({
    q: z.string().trim().max(200).optional(),
    page: z.number().int().min(1).max(100_000).optional(),
    pageSize: z.number().int().min(1).max(100).optional(),
  })
  .optional();
export const ZListAccountsOutput = typeOnly<ResultOf<typeof listAccounts>>();

export const ZAccountSummary = typeOnly<ResultOf<typeof getAccountSummary>>();

export const ZCreateAccountInput = z.object({
  name: ZAccountName,
  ownerEmail: ZEmail,
  ownerName: ZPersonName,
  /** The owner's language (mail and console); the operator's own by default. */
  locale: ZLocale.optional(),
});
export const ZCreateAccountOutput = typeOnly<ResultOf<typeof createAccount>>();

export const ZSuspendAccountInput = z.object({
  accountId: ZId,
  reason: z.string().trim().min(1).max(500),
});
export const ZUnsuspendAccountInput = z.object({ accountId: ZId });

export const ZDeleteAccountInput = z.object({ accountId: ZId, confirmName: z.string().max(200) });
export const ZDeleteAccountOutput = typeOnly<ResultOf<typeof deleteAccount>>();

const ZLimit = z.number().int().min(0).max(1_000_000_000).nullable();
const ZPlanFields = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  maxAgents: ZLimit,
  maxChannels: ZLimit,
  maxMonthlyConversations: ZLimit,
  maxStorageMb: ZLimit,
  features: z.array(z.enum(PLAN_FEATURES)).max(PLAN_FEATURES.length * 2),
  priceMonthly: z.number().int().min(0).max(100_000_000).nullable().optional(),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/)
    .optional(),
  billingPriceRef: z.string().trim().min(1).max(200).nullable().optional(),
  sortOrder: z.number().int().min(-1000).max(1000).optional(),
});
export const ZCreatePlanInput = ZPlanFields.extend({
  key: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
});
export const ZUpdatePlanInput = ZPlanFields.extend({ id: ZId });
export const ZArchivePlanInput = z.object({ id: ZId, archived: z.boolean() });
export const ZSetDefaultPlanInput = z.object({ id: ZId });
export const ZSetAccountPlanInput = z.object({ accountId: ZId, planId: ZId.nullable() });
export const ZPlanOutput = typeOnly<ResultOf<typeof createPlan>>();
export const ZListPlansOutput = typeOnly<ResultOf<typeof listPlans>>();
export const ZSetAccountPlanOutput = typeOnly<ResultOf<typeof setAccountPlan>>();
