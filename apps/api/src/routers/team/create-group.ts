import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { createGroup } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { ZText } from '../../lib/text';
import { agentProcedure } from '../../trpc';

export const ZCreateGroupInput = z.object({ title: ZText(80), memberIds: z.array(ZId).max(100) });
export const ZCreateGroupOutput = typeOnly<ResultOf<typeof createGroup>>();

export const createGroupProcedure = agentProcedure
  .input(ZCreateGroupInput)
  .output(ZCreateGroupOutput)
  .mutation(({ ctx, input }) => createGroup(ctx.deps, ctx.actor, input));
