import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { unban } from '../../domain/chat-tools/bans';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZUnbanInput = z.object({ banId: ZId });
export const ZUnbanOutput = ZOk;

export const unbanProcedure = agentProcedure
  .input(ZUnbanInput)
  .output(ZUnbanOutput)
  .mutation(async ({ ctx, input }) => {
    await unban(ctx.deps, ctx.actor, input.banId);
    return { ok: true };
  });
