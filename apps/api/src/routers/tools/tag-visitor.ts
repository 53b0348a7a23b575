import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { tagVisitor } from '../../domain/chat-tools/tags';
import { ZId } from '../../lib/schemas';
import { ZLine } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZTagVisitorInput = z.object({ visitorId: ZId, name: ZLine(40), remove: z.boolean().optional() });
export const ZTagVisitorOutput = typeOnly<ResultOf<typeof tagVisitor>>();

export const tagVisitorProcedure = agentProcedure
  .input(ZTagVisitorInput)
  .output(ZTagVisitorOutput)
  .mutation(({ ctx, input }) => tagVisitor(ctx.deps.db, ctx.actor.accountId, input));
