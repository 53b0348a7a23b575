import { z } from 'zod';
import { deletePasskey } from '../../domain/sign-in/passkeys';
import { agentProcedure } from '../../trpc';

export const ZDeletePasskeyInput = z.object({ id: z.string().min(1).max(1500) });
export const ZDeletePasskeyOutput = z.object({ ok: z.literal(true) });

export const deletePasskeyProcedure = agentProcedure
  .input(ZDeletePasskeyInput)
  .output(ZDeletePasskeyOutput)
  .mutation(({ ctx, input }) => deletePasskey(ctx.deps.db, ctx.actor, input.id));
