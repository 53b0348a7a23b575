import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { removeGroupMember } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZRemoveMemberInput = z.object({ conversationId: ZId, userId: ZId });
export const ZRemoveMemberOutput = ZOk;

export const removeMemberProcedure = agentProcedure
  .input(ZRemoveMemberInput)
  .output(ZRemoveMemberOutput)
  .mutation(async ({ ctx, input }) => {
    await removeGroupMember(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
