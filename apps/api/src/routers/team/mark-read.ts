import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { teamRead } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZMarkReadInput = z.object({ conversationId: ZId });
export const ZMarkReadOutput = ZOk;

export const markReadProcedure = agentProcedure
  .input(ZMarkReadInput)
  .output(ZMarkReadOutput)
  .mutation(async ({ ctx, input }) => {
    await teamRead(ctx.deps, ctx.actor, input.conversationId);
    return { ok: true };
  });
