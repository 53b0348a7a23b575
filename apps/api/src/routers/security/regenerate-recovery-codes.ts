import { type ResultOf, typeOnly } from '../../contract/output';
import { regenerateRecoveryCodes } from '../../domain/sign-in/two-factor';
import { agentProcedure } from '../../trpc';
import { ZIdentityProof } from './disable-totp';

export const ZRegenerateRecoveryCodesInput = ZIdentityProof;
export const ZRegenerateRecoveryCodesOutput = typeOnly<ResultOf<typeof regenerateRecoveryCodes>>();

/** Ten new recovery codes, shown once; the old ones stop working. */
export const regenerateRecoveryCodesProcedure = agentProcedure
  .input(ZRegenerateRecoveryCodesInput)
  .output(ZRegenerateRecoveryCodesOutput)
  .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx.deps.db, ctx.actor, input));
