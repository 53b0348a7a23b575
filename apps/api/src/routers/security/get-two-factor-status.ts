import { type ResultOf, typeOnly } from '../../contract/output';
import { getTwoFactorStatus } from '../../domain/sign-in/two-factor';
import { agentProcedure } from '../../trpc';

export const ZGetTwoFactorStatusOutput = typeOnly<ResultOf<typeof getTwoFactorStatus>>();

export const getTwoFactorStatusProcedure = agentProcedure
  .output(ZGetTwoFactorStatusOutput)
  .query(({ ctx }) => getTwoFactorStatus(ctx.deps.db, ctx.actor));
