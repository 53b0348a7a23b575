import type { Plan } from '@parley/db';

/** What a plan can switch on (Plan.features, a JSON array). */
export const PLAN_FEATURES = ['calls', 'api', 'webhooks', 'plugins'] as const;
export type TPlanFeature = (typeof PLAN_FEATURES)[number];

/** The counted limits of a plan; each maps to a nullable Plan column (null: unlimited). */
export const PLAN_LIMITS = ['agents', 'channels', 'conversations', 'storage'] as const;
export type TPlanLimit = (typeof PLAN_LIMITS)[number];

/** A plan as procedures show it (no internals beyond what the operator set). */
export interface TPlanView {
  id: string;
  key: string;
  name: string;
  description: string;
  isDefault: boolean;
  limits: Record<TPlanLimit, number | null>;
  features: TPlanFeature[];
  priceMonthly: number | null;
  currency: string;
  billingPriceRef: string | null;
  archived: boolean;
  sortOrder: number;
}

export function readFeatures(json: string): TPlanFeature[] {
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return PLAN_FEATURES.filter((f) => parsed.includes(f));
  } catch {
    return [];
  }
}

export function toPlanView(p: Plan): TPlanView {
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    description: p.description,
    isDefault: p.isDefault,
    limits: {
      agents: p.maxAgents,
      channels: p.maxChannels,
      conversations: p.maxMonthlyConversations,
      storage: p.maxStorageMb,
    },
    features: readFeatures(p.features),
    priceMonthly: p.priceMonthly,
    currency: p.currency,
    billingPriceRef: p.billingPriceRef,
    archived: p.archivedAt !== null,
    sortOrder: p.sortOrder,
  };
}
