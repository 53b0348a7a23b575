import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { addGroupMembers } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZAddMembersInput = z.object({ conversationId: ZId, userIds: z.array(ZId).min(1).max(100) });
export const ZAddMembersOutput = ZOk;

export const addMembersProcedure = agentProcedure
  .input(ZAddMembersInput)
  .output(ZAddMembersOutput)
  .mutation(async ({ ctx, input }) => {
    await addGroupMembers(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
