import type { Context } from '../../context';
import {
  createAccount,
  deleteAccount,
  listAccounts,
  type OperatorDeps,
  suspendAccount,
  unsuspendAccount,
} from '../../domain/operator/accounts';
import {
  archivePlan,
  createPlan,
  listPlans,
  type OperatorPlanDeps,
  setAccountPlan,
  setDefaultPlan,
  updatePlan,
} from '../../domain/plans/operator';
import { publicUrlOf } from '../../lib/handler-deps';
import { operatorProcedure, router } from '../../trpc';
import {
  ZAccountSummary,
  ZArchivePlanInput,
  ZCreateAccountInput,
  ZCreateAccountOutput,
  ZCreatePlanInput,
  ZDeleteAccountInput,
  ZDeleteAccountOutput,
  ZListAccountsInput,
  ZListAccountsOutput,
  ZListPlansOutput,
  ZPlanOutput,
  ZSetAccountPlanInput,
  ZSetAccountPlanOutput,
  ZSetDefaultPlanInput,
  ZSuspendAccountInput,
  ZUnsuspendAccountInput,
  ZUpdatePlanInput,
} from './schemas';

const planDeps = ({ deps }: Pick<Context, 'deps'>): OperatorPlanDeps => ({
  systemDb: deps.systemDb,
  bus: deps.bus,
});

/** The raw client, deliberately: operator procedures work across accounts (see operatorProcedure). */
const operatorDeps = ({ deps }: Pick<Context, 'deps'>): OperatorDeps => ({
  systemDb: deps.systemDb,
  bus: deps.bus,
  files: deps.files,
  mailer: deps.mailer,
  logger: deps.logger,
  publicUrl: publicUrlOf(deps.config),
});

/** Many accounts on one server: the Operator page. Only instance operators get past the guard. */
export const operatorRouter = router({
  accounts: operatorProcedure
    .input(ZListAccountsInput)
    .output(ZListAccountsOutput)
    .query(({ ctx, input }) => listAccounts(ctx.deps.systemDb, input ?? {})),
  createAccount: operatorProcedure
    .input(ZCreateAccountInput)
    .output(ZCreateAccountOutput)
    .mutation(async ({ ctx, input }) => {
      const me = await ctx.deps.db.user.findFirst({
        where: { id: ctx.actor.userId },
        select: { locale: true },
      });
      const locale = input.locale ?? (me?.locale === 'tr' ? 'tr' : 'en');
      return createAccount(operatorDeps(ctx), ctx.actor, { ...input, locale });
    }),
  suspendAccount: operatorProcedure
    .input(ZSuspendAccountInput)
    .output(ZAccountSummary)
    .mutation(({ ctx, input }) => suspendAccount(operatorDeps(ctx), ctx.actor, input)),
  unsuspendAccount: operatorProcedure
    .input(ZUnsuspendAccountInput)
    .output(ZAccountSummary)
    .mutation(({ ctx, input }) => unsuspendAccount(operatorDeps(ctx), ctx.actor, input)),
  deleteAccount: operatorProcedure
    .input(ZDeleteAccountInput)
    .output(ZDeleteAccountOutput)
    .mutation(({ ctx, input }) => deleteAccount(operatorDeps(ctx), ctx.actor, input)),
  // J6: plans (server-wide) and an account's plan set by hand.
  plans: operatorProcedure.output(ZListPlansOutput).query(({ ctx }) => listPlans(planDeps(ctx))),
  createPlan: operatorProcedure
    .input(ZCreatePlanInput)
    .output(ZPlanOutput)
    .mutation(({ ctx, input }) => createPlan(planDeps(ctx), input)),
  updatePlan: operatorProcedure
    .input(ZUpdatePlanInput)
    .output(ZPlanOutput)
    .mutation(({ ctx, input }) => updatePlan(planDeps(ctx), input)),
  archivePlan: operatorProcedure
    .input(ZArchivePlanInput)
    .output(ZPlanOutput)
    .mutation(({ ctx, input }) => archivePlan(planDeps(ctx), input)),
  setDefaultPlan: operatorProcedure
    .input(ZSetDefaultPlanInput)
    .output(ZPlanOutput)
    .mutation(({ ctx, input }) => setDefaultPlan(planDeps(ctx), input)),
  setAccountPlan: operatorProcedure
    .input(ZSetAccountPlanInput)
    .output(ZSetAccountPlanOutput)
    .mutation(({ ctx, input }) => setAccountPlan(planDeps(ctx), ctx.actor, input)),
});
