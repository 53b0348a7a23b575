import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { listLedger } from '../../domain/calls/balance';
import { ZId } from '../../lib/schemas';
import { ownerProcedure } from '../../trpc';

export const ZListLedgerInput = z.object({
  cursor: ZId.optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export const ZListLedgerOutput = typeOnly<ResultOf<typeof listLedger>>();

/** The credit ledger, newest first, a page at a time (owner). */
export const listLedgerProcedure = ownerProcedure
  .input(ZListLedgerInput)
  .output(ZListLedgerOutput)
  .query(({ ctx, input }) => listLedger(ctx.deps.db, ctx.actor.accountId, input));
