import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { renameGroup } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZRenameGroupInput = z.object({ conversationId: ZId, title: ZText(80) });
export const ZRenameGroupOutput = ZOk;

export const renameGroupProcedure = agentProcedure
  .input(ZRenameGroupInput)
  .output(ZRenameGroupOutput)
  .mutation(async ({ ctx, input }) => {
    await renameGroup(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
