import { z } from 'zod';
import { type ResultOf, typeOnly } from '../../contract/output';
import { getBalance } from '../../domain/calls/balance';
import { ownerProcedure } from '../../trpc';

export const ZGetBalanceInput = z.object({}).optional();
export const ZGetBalanceOutput = typeOnly<ResultOf<typeof getBalance>>();

/** The account's call balance, what calls in progress hold, and the low-balance warning (owner). */
export const getBalanceProcedure = ownerProcedure
  .input(ZGetBalanceInput)
  .output(ZGetBalanceOutput)
  .query(({ ctx }) => getBalance(ctx.deps.db, ctx.actor.accountId));
