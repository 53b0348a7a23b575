import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { createTag } from '../../domain/chat-tools/tags';
import { ZLine } from '../../lib/text';
import { adminProcedure } from '../../trpc';
import { ZColor } from '../shared/schemas';

export const ZCreateTagInput = z.object({ name: ZLine(40), color: ZColor.nullish() });
export const ZCreateTagOutput = typeOnly<ResultOf<typeof createTag>>();

/** C5: a tag made ahead of use (admins, like editing and deleting tags; the REST API's POST /tags). */
export const createTagProcedure = adminProcedure
  .input(ZCreateTagInput)
  .output(ZCreateTagOutput)
  .mutation(({ ctx, input }) => createTag(ctx.deps.db, ctx.actor.accountId, input));
