import { z } from 'zod';
import { disableTotp } from '../../domain/sign-in/two-factor';
import { agentProcedure } from '../../trpc';

/** The password, or a current TOTP or recovery code, confirms it is the user. */
export const ZIdentityProof = z
  .object({
    password: z.string().min(1).max(1024).optional(),
    code: z.string().trim().min(6).max(20).optional(),
  })
  .refine((p) => p.password || p.code, { message: 'validation.required', path: ['password'] });
export const ZDisableTotpInput = ZIdentityProof;
export const ZDisableTotpOutput = z.object({ ok: z.literal(true) });

export const disableTotpProcedure = agentProcedure
  .input(ZDisableTotpInput)
  .output(ZDisableTotpOutput)
  .mutation(({ ctx, input }) => disableTotp(ctx.deps, ctx.actor, input));
