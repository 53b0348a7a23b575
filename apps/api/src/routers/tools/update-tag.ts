import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { updateTag } from '../../domain/chat-tools/tags';
import { ZId } from '../../lib/schemas';
import { ZLine } from '../../lib/text';
import { adminProcedure } from '../../trpc';
import { ZColor } from '../shared/schemas';

export const ZUpdateTagInput = z.object({ id: ZId, name: ZLine(40).optional(), color: ZColor.nullish() });
export const ZUpdateTagOutput = ZOk;

export const updateTagProcedure = adminProcedure
  .input(ZUpdateTagInput)
  .output(ZUpdateTagOutput)
  .mutation(async ({ ctx, input }) => {
    await updateTag(ctx.deps.db, ctx.actor.accountId, input);
    return { ok: true };
  });
