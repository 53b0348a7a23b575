import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { deleteCanned } from '../../domain/chat-tools/canned';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZDeleteCannedInput = z.object({ id: ZId });
export const ZDeleteCannedOutput = ZOk;

export const deleteCannedProcedure = agentProcedure
  .input(ZDeleteCannedInput)
  .output(ZDeleteCannedOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteCanned(ctx.deps.db, ctx.actor, input.id);
    return { ok: true };
  });
