export { ensureDefaultPlan, FREE_PLAN } from './default-plan';
export { effectivePlan, invalidatePlans, type PlanDeps, planCacheFor } from './effective-plan';
export {
  admitConversation,
  assertCanAddAgent,
  assertCanAddChannel,
  assertCanInviteAgent,
  assertFeature,
  assertStorageFor,
  featureUnavailable,
  limitReached,
} from './limits';
export { PLAN_FEATURES, PLAN_LIMITS, type TPlanFeature, type TPlanLimit, type TPlanView } from './types';
export { usageOf } from './usage';
export { type TUsageNote, type WarnDeps, warnAboutUsage } from './warnings';
