import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { openDirect } from '../../domain/team-chat';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZOpenDirectInput = z.object({ userId: ZId });
export const ZOpenDirectOutput = typeOnly<ResultOf<typeof openDirect>>();

/** The direct chat with a teammate, created on first use. */
export const openDirectProcedure = agentProcedure
  .input(ZOpenDirectInput)
  .output(ZOpenDirectOutput)
  .mutation(({ ctx, input }) => openDirect(ctx.deps, ctx.actor, input.userId));
