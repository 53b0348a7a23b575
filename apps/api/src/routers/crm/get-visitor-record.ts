import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { getVisitorRecord } from '../../domain/crm/visitors';
import { ZId } from '../../lib/schemas';
import { agentProcedure } from '../../trpc';

export const ZGetVisitorRecordInput = z.object({ visitorId: ZId });
export const ZGetVisitorRecordOutput = typeOnly<ResultOf<typeof getVisitorRecord>>();

export const getVisitorRecordProcedure = agentProcedure
  .input(ZGetVisitorRecordInput)
  .output(ZGetVisitorRecordOutput)
  .query(({ ctx, input }) =>
    getVisitorRecord(ctx.deps.db, ctx.actor.accountId, input.visitorId, ctx.actor.userId),
  );
