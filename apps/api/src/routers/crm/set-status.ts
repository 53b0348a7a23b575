import { z } from 'zod';
import { ZOk } from '../../contract/output';
import { setVisitorStatus } from '../../domain/crm/processes';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZSetStatusInput = z.object({ visitorId: ZId, statusId: ZId.nullable() });
export const ZSetStatusOutput = ZOk;

/** Puts a visitor in a customer process status (or none). */
export const setStatusProcedure = agentProcedure
  .input(ZSetStatusInput)
  .output(ZSetStatusOutput)
  .mutation(async ({ ctx, input }) => {
    await setVisitorStatus(ctx.deps, ctx.actor, input);
    return { ok: true };
  });
