import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { deleteTag } from '../../domain/chat-tools/tags';
import { ZId } from '../../lib/schemas';
import { adminProcedure } from '../../trpc';

export const ZDeleteTagInput = z.object({ id: ZId });
export const ZDeleteTagOutput = ZOk;

export const deleteTagProcedure = adminProcedure
  .input(ZDeleteTagInput)
  .output(ZDeleteTagOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteTag(ctx.deps.db, ctx.actor.accountId, input.id);
    return { ok: true };
  });
